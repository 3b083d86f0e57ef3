package vchip

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// Config describes the document on the chip and how the chip behaves. The zero value
// of every optional field gives a cooperative modern chip: BAC and PACE, AES,
// extended length, no limit on Le.
type Config struct {
	// Document data, as printed in the MRZ: dates are YYMMDD.
	DocumentNumber, BirthDate, ExpiryDate string
	Surname, GivenNames                   string // MRZ letters; "" gives a placeholder name
	Sex                                   string // "M", "F" or "" (unspecified)
	Nationality                           string // ICAO 9303-3 code; "" gives "DNK"

	// Protocol is the access control the chip offers: "bac", "pace" or "both" ("" = "both").
	// EF.CardAccess exists only when PACE is offered.
	Protocol string
	// NoExtended makes the chip refuse extended-length APDUs with 6700 (protected under
	// secure messaging, so the channel survives the refusal, unless PlainErrors) and
	// announce short APDUs only in EF.ATR/INFO.
	NoExtended bool
	// ATRCapabilities puts the card capabilities in the ATR's historical bytes, which
	// then say whether the chip takes extended length (NoExtended).
	ATRCapabilities bool
	// NoATRInfo leaves out EF.ATR/INFO, so that a reader learns of extended length
	// only by trying, as with many passports.
	NoATRInfo bool
	// MaxLe is the largest number of bytes one READ BINARY returns (under secure
	// messaging: plaintext bytes); a larger Le is refused, 6Cxx for a short Le and 6700
	// for an extended one. 0 means no limit.
	MaxLe int
	// Photo is the JPEG portrait stored in DG2; nil gives the built-in synthetic one.
	Photo []byte
	// CAN is the card access number for PACE with the CAN as password; "" = none.
	CAN string
	// PACEParameterID is the standardized domain parameter id (ICAO 9303-11 §9.5.1);
	// 0 means 13, brainpoolP256r1.
	PACEParameterID int
	// Cipher of PACE secure messaging: "aes128" ("" = "aes128") or "3des". BAC is always 3DES.
	Cipher string
	// Unprotected makes every file readable without access control: the transport floor
	// of the benchmarks, the same bytes moved with plain READ BINARY.
	Unprotected bool

	// DropAfterBytes removes the card from the field (ErrCardRemoved, and ServeVPCD closes
	// its connection) when a READ BINARY would take the file bytes served since the card
	// was inserted (New, or the start of a ServeVPCD connection) beyond this number. The
	// removal lasts until the next ServeVPCD connection. 0 means never.
	DropAfterBytes int
	// PlainErrors answers every error under secure messaging as a bare status word
	// and ends the session, as some passports do (gmrtd issue #457): the reader must
	// run PACE or BAC again to go on.
	PlainErrors bool
	// NoSFI refuses READ BINARY by short file identifier with 6A86, as chips that
	// predate SFIs do: the reader must SELECT every file.
	NoSFI bool
	// AlterCardAccess makes EF.CardAccess, and the PACE the chip runs, differ from the
	// PACEInfo DG14 signs: the other cipher (AES-128 signed, 3DES offered, or the
	// reverse), as a forger who pushed the reader to weaker keys would. The read
	// works; the verdict must say not genuine.
	AlterCardAccess bool
	// CorruptMAC flips a bit in the MAC (DO'8E') of every secure-messaging response.
	CorruptMAC bool
	// Rand is the source of challenges and ephemeral keys; nil means crypto/rand.
	Rand io.Reader

	// PKI signs EF.SOD; nil generates a fresh test PKI (Chip.PKI returns it).
	PKI *authtest.PKI
	// ActiveAuth is the active authentication key in DG15: "ecdsa" ("" = "ecdsa",
	// P-256), "rsa" (RSA-1024, ISO/IEC 9796-2) or "none" (no DG15).
	ActiveAuth string
	// ChipAuth is chip authentication with the key in DG14: "ecdh" ("" = "ecdh",
	// P-256 with AES-128) or "none" (no DG14).
	ChipAuth string
	// Tamper forges the document (authtest.Tampers): "dg1" (DG1 changed after
	// signing), "ds-key" (EF.SOD signed by a key the DS certificate does not hold),
	// "expired-ds" (signed by an expired DS), "clone" (the chip's active and chip
	// authentication keys are not those of DG15 and DG14). "" is a genuine chip.
	Tamper string
}

// aid is the eMRTD LDS1 application identifier (ICAO 9303-10 §3.6.1).
var aid = []byte{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01}

// Chip is a virtual eMRTD chip. Its methods are safe for concurrent use; commands are
// answered one at a time, as a contactless chip does.
type Chip struct {
	cfg     Config
	files   map[lds.File]*file
	atr     []byte
	bacSeed []byte     // ICAO 9303-11 §9.7.2 Kseed from the MRZ
	pace    *paceSetup // nil when PACE is not offered
	gen     *genuineness

	mu      sync.Mutex
	session session // cleared by Reset (power cycle)
	served  int     // file bytes served since insertion, for DropAfterBytes
	removed bool    // DropAfterBytes was reached
}

// file is one elementary file of the chip.
type file struct {
	data      []byte
	protected bool // readable only after BAC or PACE (ICAO 9303-11 §4.2)
	inMF      bool // in the master file rather than in the eMRTD application
}

// session is what a power cycle forgets: selections and the secure channel.
type session struct {
	appSelected bool
	current     *file
	auth        authState
}

// New builds a chip holding the document described by cfg.
func New(cfg Config) (*Chip, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	var pace *paceSetup
	if cfg.offersPACE() {
		var err error
		if pace, err = newPACESetup(&cfg); err != nil {
			return nil, err
		}
	}
	var signedPACE []icao.PACEInfo
	if pace != nil {
		signedPACE = []icao.PACEInfo{pace.signed}
	}
	gen, dg14, dg15, err := newGenuineness(&cfg, signedPACE)
	if err != nil {
		return nil, err
	}
	files, err := buildFiles(&cfg, pace, gen, dg14, dg15)
	if err != nil {
		return nil, err
	}
	seed, err := icao.BACKeySeed(cfg.DocumentNumber, cfg.BirthDate, cfg.ExpiryDate)
	if err != nil {
		return nil, fmt.Errorf("%w: BAC key: %w", ErrConfig, err)
	}
	return &Chip{cfg: cfg, files: files, atr: atrFor(&cfg), bacSeed: seed, pace: pace, gen: gen}, nil
}

func (cfg *Config) normalize() error {
	if cfg.DocumentNumber == "" || len(cfg.BirthDate) != 6 || len(cfg.ExpiryDate) != 6 {
		return fmt.Errorf("%w: document number, birth date and expiry date (YYMMDD) are required", ErrConfig)
	}
	for _, o := range []struct {
		v       *string
		what    string
		def     string
		allowed []string
	}{
		{&cfg.Protocol, "protocol", "both", []string{"bac", "pace", "both"}},
		{&cfg.Cipher, "cipher", "aes128", []string{"aes128", "3des"}},
		{&cfg.ActiveAuth, "active authentication", "ecdsa", []string{"ecdsa", "rsa", "none"}},
		{&cfg.ChipAuth, "chip authentication", "ecdh", []string{"ecdh", "none"}},
	} {
		if *o.v == "" {
			*o.v = o.def
		} else if !slices.Contains(o.allowed, *o.v) {
			return fmt.Errorf("%w: %s %q (want one of %v)", ErrConfig, o.what, *o.v, o.allowed)
		}
	}
	if cfg.Tamper != "" && !slices.Contains(authtest.Tampers, cfg.Tamper) {
		return fmt.Errorf("%w: tamper %q (want one of %v)", ErrConfig, cfg.Tamper, authtest.Tampers)
	}
	if cfg.PACEParameterID == 0 {
		cfg.PACEParameterID = 13
	}
	if cfg.MaxLe < 0 || cfg.DropAfterBytes < 0 {
		return fmt.Errorf("%w: MaxLe and DropAfterBytes must not be negative", ErrConfig)
	}
	if cfg.Nationality == "" {
		cfg.Nationality = "DNK"
	}
	if cfg.Surname == "" && cfg.GivenNames == "" {
		cfg.Surname, cfg.GivenNames = "SPECIMEN", "VIRTUAL CHIP"
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	return nil
}

func (cfg *Config) offersBAC() bool  { return cfg.Protocol != "pace" }
func (cfg *Config) offersPACE() bool { return cfg.Protocol != "bac" }

// ATR returns the answer to reset the chip gives (a copy).
func (c *Chip) ATR() []byte { return bytes.Clone(c.atr) }

// Reset power-cycles the chip: the secure channel, the selected application and the
// selected file are forgotten, as on a real chip that leaves and re-enters the field.
func (c *Chip) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session = session{}
}

// insert puts the card (back) into the field: a fresh session and byte count.
func (c *Chip) insert() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session = session{}
	c.served, c.removed = 0, false
}

// Transmit answers one command APDU and returns the response APDU (data, SW1, SW2).
// Errors in the command are answered with a status word, as a chip does; the only
// error returned is ErrCardRemoved (and ctx's error when ctx has ended).
func (c *Chip) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("vchip: transmit: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.removed {
		return nil, ErrCardRemoved
	}
	resp, err := c.transmit(apdu)
	if err != nil {
		c.session = session{}
		return nil, err
	}
	return resp, nil
}

// sw is a response carrying only a status word.
func sw(code uint16) []byte { return iso7816.Response{SW: code}.Bytes() }
