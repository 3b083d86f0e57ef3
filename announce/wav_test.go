package announce

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"
)

// wav builds a WAV file from chunks given as id and body.
func wav(chunks ...[2]string) []byte {
	body := []byte("WAVE")
	for _, c := range chunks {
		body = append(body, c[0]...)
		body = binary.LittleEndian.AppendUint32(body, uint32(len(c[1])))
		body = append(body, c[1]...)
		if len(c[1])%2 == 1 {
			body = append(body, 0)
		}
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	return append(out, body...)
}

// fmtChunk is a "fmt " chunk: format, channels, rate, bits.
func fmtChunk(format, channels uint16, rate uint32, bits uint16) [2]string {
	b := binary.LittleEndian.AppendUint16(nil, format)
	b = binary.LittleEndian.AppendUint16(b, channels)
	b = binary.LittleEndian.AppendUint32(b, rate)
	b = binary.LittleEndian.AppendUint32(b, rate*uint32(channels)*uint32(bits/8))
	b = binary.LittleEndian.AppendUint16(b, channels*bits/8)
	b = binary.LittleEndian.AppendUint16(b, bits)
	return [2]string{"fmt ", string(b)}
}

func TestReadWAV(t *testing.T) {
	samples := string([]byte{0x01, 0x00, 0xff, 0xff, 0x00, 0x80})
	c, err := ReadWAV(wav([2]string{"LIST", "odd"}, fmtChunk(1, 1, 8000, 16), [2]string{"data", samples}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Rate != 8000 || len(c.Samples) != 3 || c.Samples[0] != 1 || c.Samples[1] != -1 || c.Samples[2] != -32768 {
		t.Errorf("clip %+v", c)
	}

	real, err := os.ReadFile("clips/da/number.wav")
	if err != nil {
		t.Fatal(err)
	}
	if c, err := ReadWAV(real); err != nil || c.Rate != 11025 || len(c.Samples) < 1000 {
		t.Errorf("the clip of \"nummer\": rate %d, %d samples, %v", c.Rate, len(c.Samples), err)
	}
}

func TestReadWAVRefuses(t *testing.T) {
	tests := map[string][]byte{
		"empty":          nil,
		"not RIFF":       []byte("RIFX\x00\x00\x00\x00WAVE"),
		"stereo":         wav(fmtChunk(1, 2, 8000, 16), [2]string{"data", "\x00\x00\x00\x00"}),
		"8 bits":         wav(fmtChunk(1, 1, 8000, 8), [2]string{"data", "\x00"}),
		"float":          wav(fmtChunk(3, 1, 8000, 16), [2]string{"data", "\x00\x00"}),
		"silly rate":     wav(fmtChunk(1, 1, 1, 16), [2]string{"data", "\x00\x00"}),
		"data first":     wav([2]string{"data", "\x00\x00"}, fmtChunk(1, 1, 8000, 16)),
		"no data":        wav(fmtChunk(1, 1, 8000, 16)),
		"half a sample":  wav(fmtChunk(1, 1, 8000, 16), [2]string{"data", "\x00"}),
		"short fmt":      wav([2]string{"fmt ", "\x01\x00"}),
		"chunk overruns": append(wav(fmtChunk(1, 1, 8000, 16)), "data\xff\xff\xff\x7f\x00\x00"...),
		"cut header":     append(wav(fmtChunk(1, 1, 8000, 16)), "dat"...),
	}
	for name, b := range tests {
		if _, err := ReadWAV(b); !errors.Is(err, ErrBadWAV) {
			t.Errorf("%s: error %v, want ErrBadWAV", name, err)
		}
	}
}

// FuzzReadWAV: whatever the bytes, ReadWAV does not panic, and a clip it accepts has a
// sensible rate and no more samples than the file had bytes for.
func FuzzReadWAV(f *testing.F) {
	f.Add(wav(fmtChunk(1, 1, 11025, 16), [2]string{"data", "\x01\x02\x03\x04"}))
	f.Add(wav([2]string{"LIST", "x"}, fmtChunk(1, 1, 8000, 16), [2]string{"data", ""}))
	f.Add([]byte("RIFF\x04\x00\x00\x00WAVEdata"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ReadWAV(b)
		if err != nil {
			return
		}
		if c.Rate < 4000 || c.Rate > 48000 || 2*len(c.Samples) > len(b) {
			t.Fatalf("accepted rate %d with %d samples from %d bytes", c.Rate, len(c.Samples), len(b))
		}
	})
}
