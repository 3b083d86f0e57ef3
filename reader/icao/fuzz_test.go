package icao

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParseTLV: never panics; each object's raw encoding is a prefix of the input
// and parses back to the same object.
func FuzzParseTLV(f *testing.F) {
	for _, s := range []string{"8709019F1B1A2B3C4D5E6F", "990290008E08C8B2787EAEA07D74", "7F4903860100", "5F8101", "8784000000000001"} {
		f.Add(h(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		objs, err := parseTLVs(b)
		if err != nil {
			return
		}
		var all []byte
		for _, o := range objs {
			again, rest, err := parseTLV(o.raw)
			if err != nil || len(rest) != 0 || again.tag != o.tag || !bytes.Equal(again.value, o.value) {
				t.Fatalf("parseTLV(%X) = %+v, %X, %v; want %+v", o.raw, again, rest, err, o)
			}
			all = append(all, o.raw...)
		}
		if !bytes.Equal(all, b) {
			t.Fatalf("raw encodings %X do not add up to the input %X", all, b)
		}
	})
}

// FuzzUnwrapResponseSigned feeds the terminal side responses whose data objects the
// fuzzer chooses and whose checksum is right, so that the objects are opened (DO'99',
// the cryptogram and its padding) rather than refused at the MAC, as they are in
// FuzzUnwrapResponse.
func FuzzUnwrapResponseSigned(f *testing.F) {
	for _, c := range []Cipher{TripleDES, AES128} {
		_, chip := smPair(f, c)
		chip.increment() // as UnwrapResponse does before it opens anything
		f.Add(append(chip.dataObject(0xB0, []byte("data")), 0x99, 0x02, 0x90, 0x00), uint16(0x9000))
	}
	f.Add(h(f, "99029000"), uint16(0x9000))
	f.Add(h(f, "990190"), uint16(0x9000))
	f.Add([]byte{}, uint16(0x6982))
	f.Fuzz(func(t *testing.T, dos []byte, sw uint16) {
		for _, c := range []Cipher{TripleDES, AES128} {
			terminal, twin := smPair(t, c)
			twin.increment()
			cc, err := twin.checksum(dos)
			if err != nil {
				t.Fatal(err)
			}
			signed := appendTLV(append([]byte(nil), dos...), 0x8E, cc)
			signed = append(signed, byte(sw>>8), byte(sw))
			resp, err := terminal.UnwrapResponse(signed)
			if err != nil {
				if !errors.Is(err, ErrSMObjects) && !errors.Is(err, ErrMAC) {
					t.Fatalf("%v: UnwrapResponse(%X): %v matches neither ErrSMObjects nor ErrMAC", c, signed, err)
				}
				continue
			}
			if len(resp.Data) > len(dos) {
				t.Fatalf("%v: %d bytes of data out of %d bytes of objects", c, len(resp.Data), len(dos))
			}
		}
	})
}
