package icao

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// h decodes hex written with spaces or line breaks, as the standard prints it.
func h(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatalf("bad hex in test: %v", err)
	}
	return b
}

// exchange is one command the script expects and the answer it gives.
type exchange struct{ command, answer string }

// scriptedCard plays back the answers of a worked example and checks that the
// terminal sends exactly the example's commands.
type scriptedCard struct {
	t     testing.TB
	steps []exchange
	n     int
}

func (s *scriptedCard) Transmit(_ context.Context, command []byte) ([]byte, error) {
	s.t.Helper()
	if s.n >= len(s.steps) {
		return nil, fmt.Errorf("script ended, got %X", command)
	}
	step := s.steps[s.n]
	s.n++
	if want := h(s.t, step.command); !bytes.Equal(command, want) {
		s.t.Errorf("command %d:\n got %X\nwant %X", s.n, command, want)
	}
	return h(s.t, step.answer), nil
}

// fixedRand returns the concatenated byte strings and then fails.
func fixedRand(t testing.TB, parts ...string) *bytes.Reader {
	return bytes.NewReader(h(t, strings.Join(parts, "")))
}

// chipFunc adapts a chip-side handler to iso7816.Transmitter, so that the terminal
// side runs against the chip side in memory.
type chipFunc func(raw []byte) ([]byte, error)

func (f chipFunc) Transmit(_ context.Context, command []byte) ([]byte, error) { return f(command) }

// memoryChip answers BAC or PACE with the chip side, then serves protected
// commands with an echo application: the answer data are the command data, or Ne
// bytes of 0xA5 when there are none.
type memoryChip struct {
	bac  *BACCard
	pace *PACECard
	sm   *SecureMessaging
	err  error // the last error of the chip side
}

func (m *memoryChip) Transmit(_ context.Context, raw []byte) ([]byte, error) {
	if m.sm != nil {
		cmd, err := m.sm.UnwrapCommand(raw)
		if err != nil {
			m.err = err
			return []byte{0x69, 0x88}, nil
		}
		data := cmd.Data
		if len(data) == 0 {
			data = bytes.Repeat([]byte{0xA5}, cmd.Ne)
		}
		return m.sm.WrapResponse(iso7816.Response{Data: data, SW: iso7816.SWOK})
	}
	cmd, err := iso7816.ParseCommand(raw)
	if err != nil {
		return nil, err
	}
	var resp iso7816.Response
	var sm *SecureMessaging
	if m.pace != nil {
		resp, sm, err = m.pace.Handle(cmd)
	} else {
		resp, sm, err = m.bac.Handle(cmd)
	}
	m.err = err
	m.sm = sm
	return resp.Bytes(), nil
}

func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want one matching %v", err, target)
	}
}

func bytesToHex(b []byte) string { return hex.EncodeToString(b) }

func asStatus(err error, target **StatusError) bool { return errors.As(err, target) }
