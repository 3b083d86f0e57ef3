package vchip

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// TestSignedContent checks what the chip's data say about themselves: DG14 and DG15
// as configured, EF.COM listing them, and an EF.SOD over every data group signed by
// the chip's PKI, or deliberately not.
func TestSignedContent(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*Config)
		wantDGs  []int
		want     auth.PassiveStatus
		wantErr  error
		dg15Kind string
	}{
		{"default", nil, []int{1, 2, 11, 14, 15}, auth.PassiveValid, nil, "ECDSA P-256"},
		{"RSA, no chip authentication", func(c *Config) { c.ActiveAuth, c.ChipAuth = "rsa", "none" }, []int{1, 2, 11, 14, 15}, auth.PassiveValid, nil, "RSA-1024"},
		{"ECDSA, no chip authentication: DG14 names the hash", func(c *Config) { c.ChipAuth = "none" }, []int{1, 2, 11, 14, 15}, auth.PassiveValid, nil, "ECDSA P-256"},
		{"neither", func(c *Config) { c.ActiveAuth, c.ChipAuth = "none", "none" }, []int{1, 2, 11, 14}, auth.PassiveValid, nil, ""},
		{"tamper dg1", func(c *Config) { c.Tamper = "dg1" }, []int{1, 2, 11, 14, 15}, auth.PassiveInvalid, auth.ErrHashMismatch, "ECDSA P-256"},
		{"tamper ds-key", func(c *Config) { c.Tamper = "ds-key" }, []int{1, 2, 11, 14, 15}, auth.PassiveInvalid, auth.ErrSignature, "ECDSA P-256"},
		{"tamper expired-ds", func(c *Config) { c.Tamper = "expired-ds" }, []int{1, 2, 11, 14, 15}, auth.PassiveInvalid, auth.ErrExpired, "ECDSA P-256"},
		{"tamper clone: the data are genuine", func(c *Config) { c.Tamper = "clone" }, []int{1, 2, 11, 14, 15}, auth.PassiveValid, nil, "ECDSA P-256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChip(t, tt.edit)
			com, err := lds.ParseCOM(fileData(t, c, uint16(lds.COM)))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(com.DataGroups(), tt.wantDGs) {
				t.Errorf("EF.COM lists %v, want %v", com.DataGroups(), tt.wantDGs)
			}
			dgs := map[int][]byte{}
			for _, n := range tt.wantDGs {
				f, _ := lds.DataGroupFile(n)
				dgs[n] = fileData(t, c, uint16(f))
			}
			trust := &auth.TrustStore{}
			if err := trust.AddBytes(c.PKI().CSCAPEM()); err != nil {
				t.Fatal(err)
			}
			r := auth.VerifyPassive(fileData(t, c, uint16(lds.SOD)), dgs, trust, time.Now())
			if r.Status != tt.want || tt.wantErr != nil && !errors.Is(r.Err, tt.wantErr) {
				t.Errorf("passive %s %v, want %s %v", r.Status, r.Err, tt.want, tt.wantErr)
			}
			if dg14, ok := dgs[14]; ok {
				opts, err := auth.ParseDG14(dg14)
				if err != nil {
					t.Fatal(err)
				}
				wantCA := c.cfg.ChipAuth != "none"
				if (len(opts.ChipAuth) == 1) != wantCA || (opts.ActiveAuthHash != 0) != (c.cfg.ActiveAuth == "ecdsa") {
					t.Errorf("DG14 %+v", opts)
				}
			}
			if tt.dg15Kind != "" {
				k, err := auth.ParseDG15(dgs[15])
				if err != nil || k.String() != tt.dg15Kind {
					t.Errorf("DG15 %v %v, want %s", k, err, tt.dg15Kind)
				}
			}
		})
	}
}

func TestAuthenticityConfig(t *testing.T) {
	for _, edit := range []func(*Config){
		func(c *Config) { c.Tamper = "photo" },
		func(c *Config) { c.ActiveAuth = "dsa" },
		func(c *Config) { c.ChipAuth = "dh" },
	} {
		cfg := specimen()
		edit(&cfg)
		if _, err := New(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: error %v, want ErrConfig", cfg, err)
		}
	}
}

// TestAuthenticationNeedsAccessControl checks that INTERNAL AUTHENTICATE and chip
// authentication are refused before BAC or PACE.
func TestAuthenticationNeedsAccessControl(t *testing.T) {
	c := newChip(t, nil)
	send(t, c, cmd(t, iso7816.Command{Ins: 0xA4, P1: 0x04, P2: 0x0C, Data: aid}))
	if r := send(t, c, cmd(t, iso7816.Command{Ins: insInternalAuth, Data: make([]byte, 8), Ne: 256})); r.SW != iso7816.SWConditionsNotSatisfied {
		t.Errorf("INTERNAL AUTHENTICATE before access control: %04X", r.SW)
	}
}
