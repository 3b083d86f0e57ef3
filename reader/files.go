package reader

import (
	"context"
	"errors"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// Read sizes. Under secure messaging a short response must fit 256 bytes, which
// leaves at most 223 plaintext bytes with AES and 231 with 3DES (ICAO 9303-11 §9.8;
// the encrypted DO'87', DO'99' and DO'8E' take the rest).
const (
	maxShortPlain = 256
	maxShortAES   = 223
	maxShort3DES  = 231
	maxExtended   = 65536
	headerRead    = 8       // enough for the tag and a length of up to four bytes
	maxFileSize   = 1 << 20 // no eMRTD file comes near; a larger length is a bad card
	maxStalls     = 16      // refusals in a row before the card is given up on
)

// extState is what is known of extended-length support.
type extState int

const (
	extUntried extState = iota
	extWorks
	extRefused
)

// fileReader reads elementary files with READ BINARY in the largest chunks the card
// and reader accept, and remembers what it learnt for the next file.
type fileReader struct {
	t        iso7816.Transmitter
	size     int      // the short Ne to ask for
	maxRead  int      // Options.MaxRead; 0 means no cap
	ext      extState // extended-length support
	sfi      extState // support of READ BINARY by short file identifier
	extCap   int      // the largest extended response the card gave, once it gave less than asked
	largest  int      // the largest Ne answered in full
	bytes    int      // file bytes read
	progress func(Progress)
	// sessions tells when the chip ended secure messaging and a new session will
	// begin (resumingChannel); nil for a plain transmitter.
	sessions   sessionCounter
	selectedIn int // the session in which the current EF was selected
}

// sessionCounter is a channel that opens a new session after the chip ends one:
// the new session starts with the application selected but no EF.
type sessionCounter interface {
	// nextSession numbers the session the next command will be sent in.
	nextSession() int
}

// newFileReader makes a reader whose short reads start at maxShort.
func newFileReader(t iso7816.Transmitter, maxShort int, opts Options, progress func(Progress)) *fileReader {
	r := &fileReader{t: t, size: maxShort, maxRead: opts.MaxRead, progress: progress}
	r.sessions, _ = t.(sessionCounter)
	if opts.MaxRead > 0 {
		r.size = min(r.size, opts.MaxRead)
	}
	if opts.NoExtended || opts.MaxRead > 0 && opts.MaxRead <= maxShort {
		r.ext = extRefused
	}
	return r
}

// read reads the EF whole. It first tries READ BINARY by short file identifier
// (ISO/IEC 7816-4 §11.2.3: P1 bit 8 set, SFI in bits 5-1), which selects the file
// without a SELECT and so saves an APDU per file; ICAO 9303-10 Table 38 gives every
// LDS file one. A chip that refuses that is read with SELECT by file identifier,
// then and for the files after.
func (r *fileReader) read(ctx context.Context, f lds.File) ([]byte, error) {
	if sfi := f.SFI(); sfi != 0 && r.sfi != extRefused {
		r.selectedIn = r.session()
		head, err := r.readHeader(ctx, f, 0x80|sfi)
		var se *iso7816.StatusError
		switch {
		case err == nil:
			r.sfi = extWorks
			return r.readRest(ctx, f, head)
		case r.sfi == extWorks || !errors.As(err, &se):
			return nil, err
		}
		// Untried and refused: the chip may not know SFIs, or not this file.
	}
	data, err := r.selectAndRead(ctx, f)
	if err == nil && r.sfi == extUntried && f.SFI() != 0 {
		r.sfi = extRefused // SELECT worked where the SFI did not
	}
	return data, err
}

// selectAndRead selects the EF by its file identifier and reads it whole.
func (r *fileReader) selectAndRead(ctx context.Context, f lds.File) ([]byte, error) {
	if err := r.selectFile(ctx, f); err != nil {
		return nil, err
	}
	head, err := r.readHeader(ctx, f, 0)
	if err != nil {
		return nil, err
	}
	return r.readRest(ctx, f, head)
}

// selectFile selects the EF by its file identifier (ISO/IEC 7816-4 §11.2.2, P1 02).
func (r *fileReader) selectFile(ctx context.Context, f lds.File) error {
	r.selectedIn = r.session()
	cmd := iso7816.Command{Ins: 0xA4, P1: 0x02, P2: 0x0C, Data: []byte{byte(f >> 8), byte(f)}}
	rsp, err := r.transmit(ctx, cmd)
	if err != nil {
		return err
	}
	if !rsp.OK() {
		return &iso7816.StatusError{Command: "SELECT " + f.String(), SW: rsp.SW}
	}
	return nil
}

// session numbers the secure-messaging session the next command goes in (0 without).
func (r *fileReader) session() int {
	if r.sessions == nil {
		return 0
	}
	return r.sessions.nextSession()
}

// readRest reads the rest of the current EF, whose first bytes are head: its
// contents are one BER-TLV object, whose header tells the length.
func (r *fileReader) readRest(ctx context.Context, f lds.File, head []byte) ([]byte, error) {
	total, err := lds.FileLength(head)
	if err != nil {
		return nil, fmt.Errorf("%w: %s header: %w", ErrBadCard, f, err)
	}
	if total > maxFileSize {
		return nil, fmt.Errorf("%w: %s announces %d bytes", ErrBadCard, f, total)
	}
	buf := make([]byte, 0, total)
	buf = append(buf, head[:min(len(head), total)]...)
	r.bytes += len(buf)
	r.report(f, len(buf), total)
	stalls := 0
	for len(buf) < total {
		if r.session() != r.selectedIn {
			// The chip ended the session on the last answer (a refusal in plain): the
			// new one knows no current EF, so select the file again and go on.
			if err := r.selectFile(ctx, f); err != nil {
				return nil, err
			}
		}
		remaining := total - len(buf)
		n, ext := r.nextSize(remaining)
		data, sw, err := r.readBinary(ctx, len(buf), n, ext)
		if err != nil {
			return nil, err
		}
		switch {
		case (sw == iso7816.SWOK || sw == iso7816.SWEndOfFile) && len(data) > 0:
			if len(data) > n {
				return nil, fmt.Errorf("%w: %s: asked for %d bytes, got %d", ErrBadCard, f, n, len(data))
			}
			data = data[:min(len(data), remaining)]
			buf = append(buf, data...)
			r.bytes += len(data)
			r.learn(n, ext, len(data), remaining)
			stalls = 0
			r.report(f, len(buf), total)
			if sw == iso7816.SWEndOfFile && len(buf) < total {
				return nil, fmt.Errorf("%w: %s ends at %d of %d bytes", ErrBadCard, f, len(buf), total)
			}
		case refusal(sw, ext):
			r.stepDown(n, ext, sw)
			if stalls++; stalls > maxStalls {
				return nil, fmt.Errorf("%w: %s: READ BINARY refused %d times", ErrBadCard, f, stalls)
			}
		case sw == iso7816.SWOK || sw == iso7816.SWEndOfFile:
			return nil, fmt.Errorf("%w: %s ends at %d of %d bytes", ErrBadCard, f, len(buf), total)
		default:
			return nil, &iso7816.StatusError{Command: "READ BINARY " + f.String(), SW: sw}
		}
	}
	return buf, nil
}

// readHeader reads the first bytes of the file, enough for its tag and length. A file
// shorter than that may answer 6282 or 6Cxx.
func (r *fileReader) readHeader(ctx context.Context, f lds.File, sfiP1 byte) ([]byte, error) {
	n := headerRead
	for range 2 {
		cmd := iso7816.Command{Ins: 0xB0, P1: sfiP1, Ne: n}
		rsp, err := r.transmit(ctx, cmd)
		if err != nil {
			return nil, err
		}
		switch {
		case (rsp.OK() || rsp.SW == iso7816.SWEndOfFile) && len(rsp.Data) > 0:
			return rsp.Data[:min(len(rsp.Data), n)], nil
		case rsp.SW&0xFF00 == 0x6C00 && rsp.SW&0xFF != 0:
			n = int(rsp.SW & 0xFF)
			continue
		case rsp.OK():
			return nil, fmt.Errorf("%w: %s is empty", ErrBadCard, f)
		}
		return nil, &iso7816.StatusError{Command: "READ BINARY " + f.String(), SW: rsp.SW}
	}
	return nil, fmt.Errorf("%w: %s: READ BINARY of the header refused", ErrBadCard, f)
}

// readBinary reads n bytes at offset of the current EF. Offsets beyond 32767 need
// READ BINARY with the odd instruction B1 and the offset in DO'54' (ISO/IEC 7816-4
// §11.2.3); the data then comes back inside DO'53'.
func (r *fileReader) readBinary(ctx context.Context, offset, n int, ext bool) ([]byte, uint16, error) {
	cmd := iso7816.Command{Ins: 0xB0, P1: byte(offset >> 8), P2: byte(offset), Ne: n, Extended: ext}
	odd := offset > 0x7FFF
	if odd {
		cmd.Ins, cmd.P1, cmd.P2 = 0xB1, 0, 0
		cmd.Data = []byte{0x54, 0x03, byte(offset >> 16), byte(offset >> 8), byte(offset)}
	}
	rsp, err := r.transmit(ctx, cmd)
	if err != nil || !odd || len(rsp.Data) == 0 {
		return rsp.Data, rsp.SW, err
	}
	data, err := unwrapDO53(rsp.Data)
	if err != nil {
		return nil, 0, err
	}
	return data, rsp.SW, nil
}

// unwrapDO53 returns the value of the discretionary data object 53 of an odd READ BINARY.
func unwrapDO53(b []byte) ([]byte, error) {
	if b[0] != 0x53 {
		return nil, fmt.Errorf("%w: READ BINARY B1 answer is not DO'53'", ErrBadCard)
	}
	total, err := lds.FileLength(b)
	if err != nil || total > len(b) {
		return nil, fmt.Errorf("%w: READ BINARY B1 answer has a bad DO'53'", ErrBadCard)
	}
	hdr := 2 // tag 53 and a one-byte length, or 81..84 and the length bytes
	if b[1] > 0x80 {
		hdr += int(b[1] & 0x7F)
	}
	return b[hdr:total], nil
}

// transmit sends one command and parses the answer; an answer without status word
// is ErrBadCard.
func (r *fileReader) transmit(ctx context.Context, cmd iso7816.Command) (iso7816.Response, error) {
	return transmit(ctx, r.t, cmd)
}

func transmit(ctx context.Context, t iso7816.Transmitter, cmd iso7816.Command) (iso7816.Response, error) {
	raw, err := cmd.Bytes()
	if err != nil {
		return iso7816.Response{}, err
	}
	answer, err := t.Transmit(ctx, raw)
	if err != nil {
		return iso7816.Response{}, err
	}
	rsp, err := iso7816.ParseResponse(answer)
	if err != nil {
		return iso7816.Response{}, badCard(err)
	}
	return rsp, nil
}

func (r *fileReader) report(f lds.File, done, total int) {
	if r.progress != nil {
		r.progress(Progress{Step: f.String(), Done: done, Total: total})
	}
}
