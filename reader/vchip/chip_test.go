package vchip

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

func TestATR(t *testing.T) {
	for _, edit := range []func(*Config){nil, func(c *Config) { c.ATRCapabilities = true }} {
		checkATR(t, newChip(t, edit).ATR())
	}
	// With ATRCapabilities the historical bytes carry the card capabilities, whose third
	// byte says whether the chip takes extended length.
	for _, noExt := range []bool{false, true} {
		atr := newChip(t, func(c *Config) { c.ATRCapabilities, c.NoExtended = true, noExt }).ATR()
		if hist := atr[4 : len(atr)-1]; len(hist) != 5 || hist[0] != 0x80 || hist[1] != 0x73 || (hist[4]&0x40 == 0) != noExt {
			t.Errorf("NoExtended %v: historical bytes % X", noExt, hist)
		}
	}
}

func checkATR(t *testing.T, atr []byte) {
	t.Helper()
	if len(atr) < 5 || atr[0] != 0x3B || atr[2] != 0x80 || atr[3] != 0x01 {
		t.Fatalf("ATR % X is not a PC/SC contactless ATR", atr)
	}
	if n := int(atr[1] & 0x0F); len(atr) != 4+n+1 {
		t.Fatalf("ATR % X: T0 announces %d historical bytes, have %d", atr, n, len(atr)-5)
	}
	var x byte
	for _, b := range atr[1:] {
		x ^= b
	}
	if x != 0 {
		t.Errorf("ATR % X: TCK does not make the XOR of T0..TCK zero", atr)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for name, edit := range map[string]func(*Config){
		"no document number": func(c *Config) { c.DocumentNumber = "" },
		"short birth date":   func(c *Config) { c.BirthDate = "6908" },
		"unknown protocol":   func(c *Config) { c.Protocol = "eac" },
		"unknown cipher":     func(c *Config) { c.Cipher = "aes512" },
		"photo not JPEG":     func(c *Config) { c.Photo = []byte("GIF89a") },
		"negative MaxLe":     func(c *Config) { c.MaxLe = -1 },
		"bad sex":            func(c *Config) { c.Sex = "Q" },
		"photo over 32 KB":   func(c *Config) { c.Photo = bigJPEG(t) },
	} {
		cfg := specimen()
		edit(&cfg)
		if _, err := New(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: New error %v, want ErrConfig", name, err)
		}
	}
}

func TestFilesContent(t *testing.T) {
	c := newChip(t, nil)
	mrzText, err := lds.ParseDG1(fileData(t, c, uint16(lds.DG1)))
	if err != nil {
		t.Fatalf("DG1: %v", err)
	}
	if want := "P<UTOERIKSSON<<ANNA<MARIA"; !strings.HasPrefix(mrzText, want) {
		t.Errorf("DG1 MRZ starts %.25q, want %q", mrzText, want)
	}
	if !strings.Contains(mrzText, "\nL898902C<3UTO6908061F9406236") {
		t.Errorf("DG1 MRZ second line lacks the specimen's number, dates and check digits")
	}
	face, err := lds.ParseDG2(fileData(t, c, uint16(lds.DG2)))
	if err != nil {
		t.Fatalf("DG2: %v", err)
	}
	builtin, _ := builtinFace()
	if !bytes.Equal(face.Data, builtin) || face.Width != faceWidth || face.Height != faceHeight {
		t.Errorf("DG2 holds %d bytes %dx%d, want the built-in %d-byte portrait", len(face.Data), face.Width, face.Height, len(builtin))
	}
	if n := len(fileData(t, c, uint16(lds.DG2))); n < 15000 || n > 26000 {
		t.Errorf("DG2 is %d bytes, want about 20 KB like a real document", n)
	}
	com, err := lds.ParseCOM(fileData(t, c, uint16(lds.COM)))
	if err != nil || !com.Has(1) || !com.Has(2) || !com.Has(11) {
		t.Errorf("EF.COM = %+v, %v; want DG1, DG2, DG11 listed", com, err)
	}
	if _, err := lds.ParseSOD(fileData(t, c, uint16(lds.SOD))); err != nil {
		t.Errorf("EF.SOD: %v", err)
	}
}

func TestBuiltinFaceDeterministic(t *testing.T) {
	a, err := builtinFace()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := encodeFaceTo(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, buf.Bytes()) {
		t.Error("two encodings of the built-in portrait differ")
	}
}

func TestCardAccessWithoutAuthentication(t *testing.T) {
	c := newChip(t, nil)
	got := readFile(t, c, uint16(lds.CardAccess), 256)
	if !bytes.Equal(got, fileData(t, c, uint16(lds.CardAccess))) {
		t.Errorf("EF.CardAccess read % X, want the file", got)
	}
	// By short file identifier 1C from the master file, offset 0.
	if r := send(t, c, []byte{0x00, 0xB0, 0x9C, 0x00, 0x00}); !r.OK() || !bytes.Equal(r.Data, got) {
		t.Errorf("read by SFI 1C: %04X % X", r.SW, r.Data)
	}
	bacOnly := newChip(t, func(c *Config) { c.Protocol = "bac" })
	if r := send(t, bacOnly, selectEF(uint16(lds.CardAccess))); r.SW != iso7816.SWFileNotFound {
		t.Errorf("BAC-only chip: select EF.CardAccess %04X, want 6A82", r.SW)
	}
}

func TestAccessControlBeforeAuthentication(t *testing.T) {
	c := newChip(t, nil)
	if r := send(t, c, selectEF(uint16(lds.DG1))); r.SW != iso7816.SWFileNotFound {
		t.Errorf("select DG1 in the master file: %04X, want 6A82", r.SW)
	}
	if r := send(t, c, selectApp); !r.OK() {
		t.Fatalf("select eMRTD: %04X", r.SW)
	}
	for _, fid := range []lds.File{lds.COM, lds.DG1, lds.DG2, lds.DG11, lds.SOD} {
		if r := send(t, c, selectEF(uint16(fid))); !r.OK() {
			t.Errorf("select %v: %04X", fid, r.SW)
		}
		if r := send(t, c, readBinary(0, 4)); r.SW != iso7816.SWSecurityNotSatisfied {
			t.Errorf("read %v before access control: %04X, want 6982", fid, r.SW)
		}
		if r := send(t, c, []byte{0x00, 0xB0, 0x80 | fid.SFI(), 0x00, 0x04}); r.SW != iso7816.SWSecurityNotSatisfied {
			t.Errorf("read %v by SFI before access control: %04X, want 6982", fid, r.SW)
		}
	}
}

func TestReadBinaryAnswers(t *testing.T) {
	n := len(fileData(t, newChip(t, nil), uint16(lds.DG2)))
	tests := []struct {
		name string
		edit func(*Config)
		apdu []byte
		sw   uint16
		len  int // response data length
	}{
		{"short read", nil, readBinary(0, 16), iso7816.SWOK, 16},
		{"Le 00 reads 256", nil, readBinary(0, 256), iso7816.SWOK, 256},
		{"extended read", nil, readBinary(0, 1000), iso7816.SWOK, 1000},
		{"extended read of the whole file", nil, readBinary(0, 65536), iso7816.SWOK, n},
		{"last bytes", nil, readBinary(n-3, 16), iso7816.SWOK, 3},
		{"offset at end", nil, readBinary(n, 16), iso7816.SWWrongP1P2, 0},
		{"offset beyond end", nil, readBinary(0x7000, 16), iso7816.SWWrongP1P2, 0},
		{"no Le", nil, []byte{0x00, 0xB0, 0x00, 0x00}, iso7816.SWWrongLength, 0},
		{"malformed", nil, []byte{0x00, 0xB0, 0x00, 0x00, 0x05, 0x01}, iso7816.SWWrongLength, 0},
		{"SFI with bad P1 bits", nil, []byte{0x00, 0xB0, 0xE1, 0x00, 0x10}, 0x6A86, 0},
		{"no extended: extended Le", func(c *Config) { c.NoExtended = true }, readBinary(0, 1000), iso7816.SWWrongLength, 0},
		{"no extended: short Le", func(c *Config) { c.NoExtended = true }, readBinary(0, 16), iso7816.SWOK, 16},
		{"max Le 128: Le DF", func(c *Config) { c.MaxLe = 128 }, readBinary(0, 0xDF), 0x6C80, 0},
		{"max Le 128: Le 80", func(c *Config) { c.MaxLe = 128 }, readBinary(0, 0x80), iso7816.SWOK, 0x80},
		{"max Le 1000: extended Le 2000", func(c *Config) { c.MaxLe = 1000 }, readBinary(0, 2000), iso7816.SWWrongLength, 0},
		{"unknown INS", nil, []byte{0x00, 0x0E, 0x00, 0x00}, iso7816.SWInsNotSupported, 0},
		{"SM class before SM", nil, []byte{0x0C, 0xB0, 0x00, 0x00, 0x10}, iso7816.SWSMObjectsIncorrect, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChip(t, func(cfg *Config) {
				cfg.Unprotected = true
				if tt.edit != nil {
					tt.edit(cfg)
				}
			})
			send(t, c, selectApp)
			send(t, c, selectEF(uint16(lds.DG2)))
			r := send(t, c, tt.apdu)
			if r.SW != tt.sw || len(r.Data) != tt.len {
				t.Errorf("% X: %04X with %d bytes, want %04X with %d", tt.apdu, r.SW, len(r.Data), tt.sw, tt.len)
			}
		})
	}
}

func TestSelectAndReadWithoutCurrentFile(t *testing.T) {
	c := newChip(t, func(c *Config) { c.Unprotected = true })
	if r := send(t, c, readBinary(0, 4)); r.SW != 0x6986 {
		t.Errorf("read with no current EF: %04X, want 6986", r.SW)
	}
	send(t, c, selectApp)
	send(t, c, selectEF(uint16(lds.DG1)))
	if r := send(t, c, selectMF); !r.OK() {
		t.Fatalf("select MF: %04X", r.SW)
	}
	if r := send(t, c, readBinary(0, 4)); r.SW != 0x6986 {
		t.Errorf("read after selecting the MF: %04X, want 6986", r.SW)
	}
	if r := send(t, c, []byte{0x00, 0xA4, 0x04, 0x0C, 0x03, 0xA0, 0x00, 0x00}); r.SW != iso7816.SWFileNotFound {
		t.Errorf("select unknown AID: %04X, want 6A82", r.SW)
	}
}

func TestDropAfterBytes(t *testing.T) {
	c := newChip(t, func(c *Config) { c.Unprotected, c.DropAfterBytes = true, 100 })
	send(t, c, selectApp)
	send(t, c, selectEF(uint16(lds.DG2)))
	if r := send(t, c, readBinary(0, 64)); !r.OK() {
		t.Fatalf("first read: %04X", r.SW)
	}
	if _, err := c.Transmit(context.Background(), readBinary(64, 64)); !isRemoved(err) {
		t.Fatalf("read past 100 bytes: error %v, want ErrCardRemoved", err)
	}
	if _, err := c.Transmit(context.Background(), selectApp); !isRemoved(err) {
		t.Errorf("after removal: error %v, want ErrCardRemoved", err)
	}
}

func TestPseudoAPDUGetUID(t *testing.T) {
	r := send(t, newChip(t, nil), []byte{0xFF, 0xCA, 0x00, 0x00, 0x00})
	if !r.OK() || len(r.Data) != 4 || r.Data[0] != 0x08 {
		t.Errorf("FF CA: %04X % X, want a random-type 4-byte UID", r.SW, r.Data)
	}
}

func TestTransmitHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newChip(t, nil).Transmit(ctx, selectApp); !errors.Is(err, context.Canceled) {
		t.Errorf("Transmit with a cancelled context: %v", err)
	}
}

// bigJPEG is a valid JPEG of more than 32 KB: noise compresses badly.
func bigJPEG(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 400, 400))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7919 % 251)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	if buf.Len() <= maxFileSize {
		t.Fatalf("test photo of %d bytes is not over %d", buf.Len(), maxFileSize)
	}
	return buf.Bytes()
}

func TestCustomPhoto(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 60, 80))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	c := newChip(t, func(c *Config) { c.Photo = buf.Bytes() })
	face, err := lds.ParseDG2(fileData(t, c, uint16(lds.DG2)))
	if err != nil {
		t.Fatalf("DG2: %v", err)
	}
	if !bytes.Equal(face.Data, buf.Bytes()) || face.Width != 60 || face.Height != 80 {
		t.Errorf("DG2 holds %d bytes %dx%d, want the given 60x80 photo", len(face.Data), face.Width, face.Height)
	}
}

func TestATRInfo(t *testing.T) {
	c := newChip(t, func(c *Config) { c.MaxLe = 4096 })
	// From the master file, before access control, by FID and by SFI 01.
	got := readFile(t, c, uint16(lds.ATRInfo), 256)
	want := []byte{0x7F, 0x66, 0x0A, 0x02, 0x03, 0x00, 0xFF, 0xFF, 0x02, 0x03, 0x00, 0x10, 0x00}
	if !bytes.Equal(got, want) {
		t.Errorf("EF.ATR/INFO = % X, want % X", got, want)
	}
	if r := send(t, c, []byte{0x00, 0xB0, 0x81, 0x00, 0x00}); !r.OK() || !bytes.Equal(r.Data, want) {
		t.Errorf("SFI 01 in the master file: %04X % X, want EF.ATR/INFO", r.SW, r.Data)
	}
	// In the application SFI 01 is DG1.
	ch := bacChannel(t, c)
	if r := send(t, ch, []byte{0x00, 0xB0, 0x81, 0x00, 0x00}); !r.OK() || !bytes.Equal(r.Data, fileData(t, c, uint16(lds.DG1))) {
		t.Errorf("SFI 01 in the eMRTD application: %04X, want DG1", r.SW)
	}
	if r := send(t, ch, selectEF(uint16(lds.ATRInfo))); r.SW != iso7816.SWFileNotFound {
		t.Errorf("select EF.ATR/INFO from the application: %04X, want 6A82", r.SW)
	}
	noExt := newChip(t, func(c *Config) { c.NoExtended = true })
	got = readFile(t, noExt, uint16(lds.ATRInfo), 256)
	want = []byte{0x7F, 0x66, 0x0A, 0x02, 0x03, 0x00, 0x01, 0x05, 0x02, 0x03, 0x00, 0x01, 0x00}
	if !bytes.Equal(got, want) {
		t.Errorf("chip without extended length: EF.ATR/INFO = % X, want % X", got, want)
	}
	none := newChip(t, func(c *Config) { c.NoATRInfo = true })
	if r := send(t, none, selectEF(uint16(lds.ATRInfo))); r.SW != iso7816.SWFileNotFound {
		t.Errorf("NoATRInfo: select EF.ATR/INFO %04X, want 6A82", r.SW)
	}
}
