package icao

import (
	"bytes"
	"context"
	"math/big"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

var allCiphers = []Cipher{TripleDES, AES128, AES192, AES256}

// smPair makes a terminal session and a chip session with the same keys and SSC.
func smPair(t testing.TB, c Cipher) (terminal, chip *SecureMessaging) {
	t.Helper()
	kEnc := DeriveKey([]byte("enc"), c, KEnc)
	kMac := DeriveKey([]byte("mac"), c, KMac)
	ssc := bytes.Repeat([]byte{0xFF}, c.BlockSize()) // wraps to zero on the first APDU
	var err error
	if terminal, err = NewSecureMessaging(c, kEnc, kMac, ssc); err != nil {
		t.Fatal(err)
	}
	if chip, err = NewSecureMessaging(c, kEnc, kMac, ssc); err != nil {
		t.Fatal(err)
	}
	return terminal, chip
}

// TestSecureMessagingRoundTrip wraps commands of every case and length on the
// terminal side, unwraps them on the chip side, and back, for every cipher.
func TestSecureMessagingRoundTrip(t *testing.T) {
	commands := []struct {
		name         string
		cmd          iso7816.Command
		wantExtended bool
	}{
		{"case 1", iso7816.Command{Ins: 0x44}, false},
		{"case 2 Le 4", iso7816.Command{Ins: 0xB0, Ne: 4}, false},
		{"case 2 Le 00", iso7816.Command{Ins: 0xB0, Ne: 256}, false},
		{"case 3 select", iso7816.Command{Ins: 0xA4, P1: 2, P2: 0x0C, Data: []byte{1, 0x1E}}, false},
		{"case 4 odd INS (DO'85')", iso7816.Command{Ins: 0xB1, Data: []byte{0x54, 2, 0x12, 0x34}, Ne: 256}, false},
		{"case 2 extended Le 1000", iso7816.Command{Ins: 0xB0, Ne: 1000}, true},
		{"case 2 extended Le 0000", iso7816.Command{Ins: 0xB0, Ne: 65536}, true},
		{"case 3, wrapped data over 255", iso7816.Command{Ins: 0xD6, Data: bytes.Repeat([]byte{7}, 240)}, true},
		{"case 4 extended data", iso7816.Command{Ins: 0x2A, Data: bytes.Repeat([]byte{9}, 700), Ne: 256}, true},
	}
	for _, c := range allCiphers {
		term, chip := smPair(t, c)
		for _, tt := range commands {
			t.Run(c.String()+"/"+tt.name, func(t *testing.T) {
				wrapped, err := term.WrapCommand(tt.cmd)
				if err != nil {
					t.Fatal(err)
				}
				if wrapped.Cla != 0x0C || wrapped.Extended != tt.wantExtended {
					t.Errorf("wrapped CLA %02X extended %v", wrapped.Cla, wrapped.Extended)
				}
				if want := map[bool]int{false: 256, true: 65536}[tt.wantExtended]; wrapped.Ne != want {
					t.Errorf("wrapped Ne %d, want %d", wrapped.Ne, want)
				}
				raw, err := wrapped.Bytes()
				if err != nil {
					t.Fatal(err)
				}
				got, err := chip.UnwrapCommand(raw)
				if err != nil {
					t.Fatal(err)
				}
				if got.Cla != tt.cmd.Cla || got.Ins != tt.cmd.Ins || !bytes.Equal(got.Data, tt.cmd.Data) || got.Ne != tt.cmd.Ne {
					t.Errorf("chip got %+v, want %+v", got, tt.cmd)
				}
				data := bytes.Repeat([]byte{0x42}, got.Ne)
				answer, err := chip.WrapResponse(iso7816.Response{Data: data, SW: iso7816.SWOK})
				if err != nil {
					t.Fatal(err)
				}
				resp, err := term.UnwrapResponse(answer)
				if err != nil {
					t.Fatal(err)
				}
				if resp.SW != iso7816.SWOK || !bytes.Equal(resp.Data, data) {
					t.Errorf("terminal got %d bytes SW %04X", len(resp.Data), resp.SW)
				}
			})
		}
	}
}

// TestShortResponseLimit checks the figures of the field notes: a protected
// short response (at most 256 bytes with SW) holds 223 plain bytes with AES and
// 231 with 3DES, and no more.
func TestShortResponseLimit(t *testing.T) {
	for c, limit := range map[Cipher]int{TripleDES: 231, AES128: 223, AES256: 223} {
		_, chip := smPair(t, c)
		for n, fits := range map[int]bool{limit: true, limit + 1: false} {
			raw, _ := chip.WrapResponse(iso7816.Response{Data: make([]byte, n), SW: iso7816.SWOK})
			if (len(raw) <= 258) != fits { // 256 data bytes and SW1 SW2
				t.Errorf("%v: %d plain bytes give %d response bytes", c, n, len(raw))
			}
		}
	}
}

func TestUnwrapResponseRejects(t *testing.T) {
	for _, c := range allCiphers {
		term, chip := smPair(t, c)
		good, _ := chip.WrapResponse(iso7816.Response{Data: []byte("EF.COM"), SW: iso7816.SWOK})
		noMAC := good[:len(good)-12]
		tests := []struct {
			name   string
			raw    []byte
			target error
		}{
			{"MAC flipped", flip(good, len(good)-3), ErrMAC},
			{"cryptogram flipped", flip(good, 4), ErrMAC},
			{"status in DO'99' changed", func() []byte {
				b := bytes.Clone(good)
				i := bytes.Index(b, []byte{0x99, 0x02, 0x90, 0x00})
				b[i+2] = 0x62
				return b
			}(), ErrMAC},
			{"DO'8E' missing", append(bytes.Clone(noMAC), 0x90, 0x00), ErrSMObjects},
			{"bare 9000", []byte{0x90, 0x00}, ErrSMObjects},
			{"truncated", good[:5], ErrSMObjects},
			{"one byte", []byte{0x90}, ErrSMObjects},
		}
		for _, tt := range tests {
			t.Run(c.String()+"/"+tt.name, func(t *testing.T) {
				sm := *term // each case from the same SSC
				sm.ssc = bytes.Clone(term.ssc)
				_, err := sm.UnwrapResponse(tt.raw)
				wantErr(t, err, tt.target)
			})
		}
	}
	// A response without DO'99' (optional in §9.8.4) takes the status in clear.
	term, chip := smPair(t, AES128)
	chip.increment() // the command
	chip.increment() // the response
	dos := chip.dataObject(0, []byte{1, 2, 3})
	cc, _ := chip.checksum(dos)
	noStatus := append(appendTLV(dos, 0x8E, cc), 0x62, 0x82)
	term.increment()
	if resp, err := term.UnwrapResponse(noStatus); err != nil || resp.SW != 0x6282 || !bytes.Equal(resp.Data, []byte{1, 2, 3}) {
		t.Errorf("answer without DO'99': %+v, %v", resp, err)
	}
	// A bare error status is passed on (chips answer SM errors unprotected).
	term, _ = smPair(t, AES128)
	resp, err := term.UnwrapResponse([]byte{0x69, 0x88})
	if err != nil || resp.SW != iso7816.SWSMObjectsIncorrect {
		t.Errorf("bare 6988: %+v, %v", resp, err)
	}
}

func TestUnwrapCommandRejects(t *testing.T) {
	term, chip := smPair(t, TripleDES)
	wrapped, _ := term.WrapCommand(iso7816.Command{Ins: 0xB0, Ne: 4})
	raw, _ := wrapped.Bytes()
	for name, in := range map[string][]byte{
		"MAC flipped":   flip(raw, len(raw)-3),
		"not protected": {0x00, 0xB0, 0x00, 0x00, 0x04},
		"no DO'8E'":     {0x0C, 0xB0, 0x00, 0x00, 0x03, 0x97, 0x01, 0x04, 0x00},
		"header only":   {0x0C, 0xB0},
	} {
		c := *chip
		c.ssc = bytes.Clone(chip.ssc)
		if _, err := c.UnwrapCommand(in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestChannelCorruptedMAC: a channel whose chip's answers are corrupted in
// transit reports ErrMAC.
func TestChannelCorruptedMAC(t *testing.T) {
	term, chip := smPair(t, AES128)
	inner := chipFunc(func(raw []byte) ([]byte, error) {
		if _, err := chip.UnwrapCommand(raw); err != nil {
			return nil, err
		}
		out, err := chip.WrapResponse(iso7816.Response{Data: []byte{1, 2, 3}, SW: iso7816.SWOK})
		out[len(out)-4] ^= 0x80 // inside DO'8E'
		return out, err
	})
	_, err := NewChannel(inner, term).Transmit(context.Background(), []byte{0x00, 0xB0, 0x00, 0x00, 0x03})
	wantErr(t, err, ErrMAC)
}

func TestSSCIncrement(t *testing.T) {
	sm, _ := NewSecureMessaging(TripleDES, make([]byte, 16), make([]byte, 16), h(t, "887022120C06C2FF"))
	sm.increment()
	if !bytes.Equal(sm.SSC(), h(t, "887022120C06C300")) {
		t.Errorf("SSC %X", sm.SSC())
	}
	if _, err := NewSecureMessaging(AES128, make([]byte, 16), make([]byte, 16), make([]byte, 8)); err == nil {
		t.Error("AES session with an 8-byte SSC")
	}
	if _, err := NewSecureMessaging(AES256, make([]byte, 16), make([]byte, 16), make([]byte, 16)); err == nil {
		t.Error("AES-256 session with 16-byte keys")
	}
}

func flip(b []byte, i int) []byte {
	out := bytes.Clone(b)
	out[i] ^= 0x01
	return out
}

// FuzzUnwrapResponse feeds arbitrary answers to the terminal side: it must never
// panic, and whatever it accepts must have been made with the session keys.
func FuzzUnwrapResponse(f *testing.F) {
	for _, c := range allCiphers {
		_, chip := smPair(f, c)
		good, _ := chip.WrapResponse(iso7816.Response{Data: []byte("data"), SW: iso7816.SWOK})
		f.Add(byte(c), good)
	}
	f.Add(byte(TripleDES), []byte{0x99, 0x02, 0x90, 0x00, 0x8E, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x90, 0x00})
	f.Add(byte(AES128), []byte{0x87, 0x83, 0xFF, 0xFF, 0xFF, 0x90, 0x00})
	f.Fuzz(func(t *testing.T, c byte, raw []byte) {
		cipher := allCiphers[int(c)%len(allCiphers)]
		term, chip := smPair(t, cipher)
		resp, err := term.UnwrapResponse(raw)
		if err == nil && len(raw) > 2 {
			// Accepted protected answers must be what the chip would have sent,
			// except for the status word in clear, which DO'99' supersedes.
			want, _ := chip.WrapResponse(resp)
			if !bytes.Equal(want[:len(want)-2], raw[:len(raw)-2]) {
				t.Fatalf("accepted a forged answer %X", raw)
			}
		}
	})
}

// FuzzUnwrapCommand feeds arbitrary commands to the chip side.
func FuzzUnwrapCommand(f *testing.F) {
	term, _ := smPair(f, AES128)
	w, _ := term.WrapCommand(iso7816.Command{Ins: 0xB0, Ne: 223})
	raw, _ := w.Bytes()
	f.Add(raw)
	f.Add([]byte{0x0C, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x03, 0x97, 0x01, 0x04})
	f.Fuzz(func(t *testing.T, raw []byte) {
		_, chip := smPair(t, AES128)
		_, _ = chip.UnwrapCommand(raw)
	})
}

// TestChannelConcurrent: APDUs from several goroutines share one SSC; the
// channel serialises them so that every one verifies.
func TestChannelConcurrent(t *testing.T) {
	seed, _ := BACKeySeed("L898902C", "690806", "940623")
	card, _ := NewBACCard(seed, &streamRand{seed: 1})
	chip := &memoryChip{bac: card}
	sm, err := BAC(context.Background(), chip, seed, &streamRand{seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	start := new(big.Int).SetBytes(sm.SSC())
	ch := NewChannel(chip, sm)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var err error
			for range 25 {
				if _, err = ch.Transmit(context.Background(), []byte{0x00, 0xB0, 0x00, 0x00, 0x10}); err != nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	// 100 commands and 100 responses, each counted once.
	if got := new(big.Int).SetBytes(sm.SSC()); new(big.Int).Sub(got, start).Int64() != 200 {
		t.Errorf("SSC moved from %X to %X", start, got)
	}
}

// TestChannelPlainErrorEndsSession: a chip that answers an error in plain has ended
// secure messaging (ICAO 9303-11 §9.8.5; gmrtd issue #457). The status reaches the
// caller, and the next command is refused without reaching the chip instead of
// going out under a counter the chip no longer shares.
func TestChannelPlainErrorEndsSession(t *testing.T) {
	term, chip := smPair(t, AES128)
	sent := 0
	inner := chipFunc(func(raw []byte) ([]byte, error) {
		sent++
		if _, err := chip.UnwrapCommand(raw); err != nil {
			return nil, err
		}
		return []byte{0x6A, 0x82}, nil // file not found, in plain
	})
	ch := NewChannel(inner, term)
	got, err := ch.Transmit(context.Background(), []byte{0x00, 0xB0, 0x81, 0x00, 0x08})
	if err != nil || !bytes.Equal(got, []byte{0x6A, 0x82}) {
		t.Fatalf("plain 6A82 came back as %X, %v", got, err)
	}
	if !ch.Ended() {
		t.Error("the channel did not notice that the session ended")
	}
	_, err = ch.Transmit(context.Background(), []byte{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1E})
	wantErr(t, err, ErrSessionEnded)
	if sent != 1 {
		t.Errorf("%d commands reached the chip, want 1", sent)
	}
}
