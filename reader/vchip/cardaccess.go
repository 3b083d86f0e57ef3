package vchip

import (
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
)

// paceSetup is what every PACE session of the chip starts from.
type paceSetup struct {
	info      icao.PACEInfo   // in EF.CardAccess, and run
	signed    icao.PACEInfo   // in DG14: info, unless Config.AlterCardAccess
	passwords []icao.Password // the MRZ, and the CAN when the chip has one
}

// newPACESetup chooses the chip's PACEInfo, ECDH generic mapping over the standardized
// domain parameters cfg.PACEParameterID (ICAO 9303-11 §9.2.1, §9.5.1), and its passwords.
func newPACESetup(cfg *Config) (*paceSetup, error) {
	c := icao.AES128
	if cfg.Cipher == "3des" {
		c = icao.TripleDES
	}
	s := &paceSetup{info: icao.PACEInfo{Protocol: icao.ECDHGenericMapping(c), Version: 2, ParameterID: cfg.PACEParameterID}}
	s.signed = s.info
	if cfg.AlterCardAccess {
		other := icao.TripleDES
		if c == icao.TripleDES {
			other = icao.AES128
		}
		s.info.Protocol = icao.ECDHGenericMapping(other)
	}
	mrzPW, err := icao.MRZPassword(cfg.DocumentNumber, cfg.BirthDate, cfg.ExpiryDate)
	if err != nil {
		return nil, fmt.Errorf("%w: PACE password: %w", ErrConfig, err)
	}
	s.passwords = append(s.passwords, mrzPW)
	if cfg.CAN != "" {
		s.passwords = append(s.passwords, icao.CANPassword(cfg.CAN))
	}
	if _, err := s.newCard(cfg); err != nil { // fails early on unsupported parameters
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return s, nil
}

// newCard starts the chip side of one PACE run.
func (s *paceSetup) newCard(cfg *Config) (*icao.PACECard, error) {
	card, err := icao.NewPACECard(s.passwords[0], s.info, cfg.Rand)
	if err != nil {
		return nil, err
	}
	for _, pw := range s.passwords[1:] {
		card.AddPassword(pw)
	}
	return card, nil
}

// cardAccess returns EF.CardAccess: the SecurityInfos holding the chip's PACEInfo
// (ICAO 9303-11 §9.2.1).
func (s *paceSetup) cardAccess() ([]byte, error) {
	der, err := icao.EncodeCardAccess([]icao.PACEInfo{s.info})
	if err != nil {
		return nil, fmt.Errorf("vchip: EF.CardAccess: %w", err)
	}
	return der, nil
}
