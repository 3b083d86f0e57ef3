package command

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// chipReader reads a virtual chip in-process instead of through pcscd: pcscd belongs
// to reader/e2e's tests, which must not share it.
func chipReader(t *testing.T, cfg vchip.Config) readFunc {
	t.Helper()
	chip, err := vchip.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return func(ctx context.Context, _ string, key reader.AccessKey, opts reader.Options) (*reader.Document, error) {
		chip.Reset()
		return reader.Read(ctx, chip, key, opts)
	}
}

func TestReadIDUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--doc", "L898902C"},
		{"--doc", "L898902C", "--birth", "690806", "--expiry", "940623", "--can", "123456"},
		{"--can", "12345"},
		{"--can", "123456", "extra"},
		{"--can", "123456", "--max-read", "-1"},
		{"--mrz-file", filepath.Join(t.TempDir(), "missing")},
		{"--bogus"},
	} {
		var out, errs bytes.Buffer
		if code := readID(args, &out, &errs, nil); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, errs.String())
		}
	}
}

func TestReadIDJSON(t *testing.T) {
	read := chipReader(t, vchip.Config{DocumentNumber: "L898902C", BirthDate: "690806", ExpiryDate: "940623", CAN: "123456"})
	photo := filepath.Join(t.TempDir(), "face.png")
	mrzFile := filepath.Join(t.TempDir(), "mrz.txt")
	mrzText := "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C<3UTO6908061F9406236ZE184226B<<<<<14\n"
	if err := os.WriteFile(mrzFile, []byte(mrzText), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, key := range [][]string{
		{"--doc", "L898902C", "--birth", "690806", "--expiry", "940623"},
		{"--can", "123456"},
		{"--mrz-file", mrzFile},
	} {
		var out, errs bytes.Buffer
		args := append([]string{"--json", "--photo", photo}, key...)
		if code := readID(args, &out, &errs, read); code != 0 {
			t.Fatalf("%q: exit %d: %s", key, code, errs.String())
		}
		var got struct {
			Protocol   string                          `json:"protocol"`
			MRZ        struct{ DocumentNumber string } `json:"mrz"`
			DataGroups []int                           `json:"dataGroups"`
			Photo      struct {
				Format        string
				Width, Height int
			} `json:"photo"`
			APDUs     int `json:"apdus"`
			BytesRead int `json:"bytesRead"`
		}
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%v: %s", err, out.String())
		}
		if got.Protocol != "PACE" || got.MRZ.DocumentNumber != "L898902C" || len(got.DataGroups) == 0 ||
			got.Photo.Format != "jpeg" || got.Photo.Width == 0 || got.APDUs == 0 || got.BytesRead == 0 {
			t.Errorf("%q: %s", key, out.String())
		}
		f, err := os.Open(photo)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() != got.Photo.Width {
			t.Errorf("photo: %v", err)
		}
	}
}

func TestReadIDText(t *testing.T) {
	read := chipReader(t, vchip.Config{DocumentNumber: "L898902C", BirthDate: "690806", ExpiryDate: "940623", Protocol: "bac"})
	var out, errs bytes.Buffer
	if code := readID([]string{"--doc", "L898902C", "--birth", "690806", "--expiry", "940623"}, &out, &errs, read); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	for _, want := range []string{"protocol         BAC", "document number  L898902C"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errs.String(), "DG2…") {
		t.Errorf("no progress on stderr: %s", errs.String())
	}
	// A wrong key fails the read: exit 1, and the step is named.
	out.Reset()
	errs.Reset()
	if code := readID([]string{"--doc", "L898902C", "--birth", "690807", "--expiry", "940623"}, &out, &errs, read); code != 1 {
		t.Fatalf("wrong key: exit %d", code)
	}
	if !strings.Contains(errs.String(), "bac") || !strings.Contains(errs.String(), "access denied") {
		t.Errorf("stderr: %s", errs.String())
	}
}

// TestReadIDExpired: `read-id --json` flags an expired document at the top and in the
// verdict, and leaves a valid one unflagged.
func TestReadIDExpired(t *testing.T) {
	for _, tt := range []struct {
		expiry string
		want   bool
	}{{"940623", true}, {"350101", false}} {
		read := chipReader(t, vchip.Config{DocumentNumber: "L898902C", BirthDate: "690806", ExpiryDate: tt.expiry})
		var out, errs bytes.Buffer
		if code := readID([]string{"--json", "--doc", "L898902C", "--birth", "690806", "--expiry", tt.expiry}, &out, &errs, read); code != 0 {
			t.Fatalf("expiry %s: exit %d: %s", tt.expiry, code, errs.String())
		}
		var got struct {
			Expired      *bool `json:"expired"`
			Authenticity struct {
				Expired *bool `json:"expired"`
			} `json:"authenticity"`
		}
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%v: %s", err, out.String())
		}
		if got.Expired == nil || *got.Expired != tt.want || got.Authenticity.Expired == nil || *got.Authenticity.Expired != tt.want {
			t.Errorf("expiry %s: want expired %v at the top and in the verdict: %s", tt.expiry, tt.want, out.String())
		}
	}
}
