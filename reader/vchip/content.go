package vchip

import (
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// buildFiles makes the files of the chip from cfg.
func buildFiles(cfg *Config) (map[lds.File]*file, error) {
	photo := cfg.Photo
	if photo == nil {
		var err error
		if photo, err = builtinFace(); err != nil {
			return nil, err
		}
	}
	mrzText := fmt.Sprintf("P<%-3s%-39s\n%-9s0%-3s%s0%s%s0%-14s00", cfg.Nationality, cfg.Surname+"<<"+cfg.GivenNames,
		cfg.DocumentNumber, cfg.Nationality, cfg.BirthDate, cfg.Sex, cfg.ExpiryDate, "")
	files := map[lds.File]*file{
		lds.COM:  {id: lds.COM, data: lds.EncodeCOM("0108", []byte{0x61, 0x75, 0x6B}), protected: true},
		lds.DG1:  {id: lds.DG1, data: lds.EncodeDG1(mrzText), protected: true},
		lds.DG2:  {id: lds.DG2, data: append([]byte{0x75, 0x82, byte(len(photo) >> 8), byte(len(photo))}, photo...), protected: true},
		lds.DG11: {id: lds.DG11, data: []byte{0x6B, 0x00}, protected: true},
		lds.SOD:  {id: lds.SOD, data: []byte{0x77, 0x00}, protected: true},
	}
	if cfg.offersPACE() {
		files[lds.CardAccess] = &file{id: lds.CardAccess, data: []byte{0x31, 0x00}, inMF: true}
	}
	return files, nil
}
