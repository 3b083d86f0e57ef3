package announce

import (
	"encoding/binary"
	"fmt"
)

// maxClipSamples bounds a clip: a word is under two seconds, and no clip may make the
// board hold megabytes. 60 s at 48 kHz.
const maxClipSamples = 60 * 48000

// Clip is a sound as 16-bit signed mono samples at Rate samples per second.
type Clip struct {
	Rate    int
	Samples []int16
}

// ReadWAV decodes a RIFF WAVE file of 16-bit signed mono PCM, the form scripts/clips.sh
// writes. Chunks other than "fmt " and "data" (LIST, fact) are skipped.
func ReadWAV(b []byte) (Clip, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return Clip{}, fmt.Errorf("%w: no RIFF WAVE header", ErrBadWAV)
	}
	var c Clip
	haveFormat := false
	for rest := b[12:]; len(rest) > 0; {
		if len(rest) < 8 {
			return Clip{}, fmt.Errorf("%w: chunk header cut short", ErrBadWAV)
		}
		id, size := string(rest[0:4]), binary.LittleEndian.Uint32(rest[4:8])
		rest = rest[8:]
		if uint64(size) > uint64(len(rest)) {
			return Clip{}, fmt.Errorf("%w: chunk %q of %d bytes overruns the file", ErrBadWAV, id, size)
		}
		body := rest[:size]
		// RIFF pads a chunk of odd size with one byte.
		rest = rest[min(len(rest), int(size)+int(size&1)):]
		switch id {
		case "fmt ":
			rate, err := readFormat(body)
			if err != nil {
				return Clip{}, err
			}
			c.Rate, haveFormat = rate, true
		case "data":
			if !haveFormat {
				return Clip{}, fmt.Errorf("%w: data before fmt", ErrBadWAV)
			}
			if len(body)%2 != 0 || len(body)/2 > maxClipSamples {
				return Clip{}, fmt.Errorf("%w: data of %d bytes", ErrBadWAV, len(body))
			}
			c.Samples = make([]int16, len(body)/2)
			for i := range c.Samples {
				c.Samples[i] = int16(binary.LittleEndian.Uint16(body[2*i:]))
			}
			return c, nil
		}
	}
	return Clip{}, fmt.Errorf("%w: no data chunk", ErrBadWAV)
}

// readFormat checks a "fmt " chunk (WAVE_FORMAT_PCM, one channel, 16 bits) and returns
// its sample rate.
func readFormat(b []byte) (int, error) {
	if len(b) < 16 {
		return 0, fmt.Errorf("%w: fmt chunk of %d bytes", ErrBadWAV, len(b))
	}
	format := binary.LittleEndian.Uint16(b[0:2])
	channels := binary.LittleEndian.Uint16(b[2:4])
	rate := binary.LittleEndian.Uint32(b[4:8])
	bits := binary.LittleEndian.Uint16(b[14:16])
	if format != 1 || channels != 1 || bits != 16 {
		return 0, fmt.Errorf("%w: format %d, %d channels, %d bits", ErrBadWAV, format, channels, bits)
	}
	if rate < 4000 || rate > 48000 {
		return 0, fmt.Errorf("%w: %d samples per second", ErrBadWAV, rate)
	}
	return int(rate), nil
}
