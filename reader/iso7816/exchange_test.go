package iso7816

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// scriptedCard answers each command with the next scripted response (hex) and
// records what it was sent.
type scriptedCard struct {
	answers []string
	sent    []string
	err     error
}

func (c *scriptedCard) Transmit(_ context.Context, cmd []byte) ([]byte, error) {
	c.sent = append(c.sent, fmt.Sprintf("%X", cmd))
	if c.err != nil {
		return nil, c.err
	}
	if len(c.answers) == 0 {
		return nil, errors.New("card: no more scripted answers")
	}
	a, err := hexBytes(c.answers[0])
	c.answers = c.answers[1:]
	return a, err
}

func hexBytes(s string) ([]byte, error) {
	var b []byte
	_, err := fmt.Sscanf(s, "%X", &b)
	return b, err
}

func TestExchange(t *testing.T) {
	readBinary := Command{Ins: 0xB0, Ne: 256}
	tests := []struct {
		name    string
		cmd     Command
		answers []string
		sent    []string
		data    string
		sw      uint16
		wantErr error
	}{
		{"plain success", readBinary, []string{"01029000"}, []string{"00B0000000"}, "0102", SWOK, nil},
		{"61xx followed and concatenated", Command{Cla: 0x01, Ins: 0xA4, P1: 4, Data: []byte{0xA0}},
			[]string{"6105", "01020304056102", "06079000"},
			[]string{"01A4040001A0", "01C0000005", "01C0000002"}, "01020304050607", SWOK, nil},
		{"6100 asks for 256", Command{Ins: 0x84, Ne: 8}, []string{"6100", "AA9000"},
			[]string{"0084000008", "00C0000000"}, "AA", SWOK, nil},
		{"6Cxx resent with Le", readBinary, []string{"6C04", "0A0B0C0D9000"},
			[]string{"00B0000000", "00B0000004"}, "0A0B0C0D", SWOK, nil},
		{"6Cxx during GET RESPONSE", readBinary, []string{"6110", "6C02", "EEFF9000"},
			[]string{"00B0000000", "00C0000010", "00C0000002"}, "EEFF", SWOK, nil},
		{"secure messaging bits dropped for GET RESPONSE", Command{Cla: 0x0C, Ins: 0xB0, Ne: 256},
			[]string{"6101", "019000"}, []string{"0CB0000000", "00C0000001"}, "01", SWOK, nil},
		{"error status returns data and StatusError", readBinary, []string{"01026282"},
			[]string{"00B0000000"}, "0102", SWEndOfFile, &StatusError{}},
		{"file not found", Command{Ins: 0xA4, P1: 2, P2: 0x0C, Data: []byte{0x01, 0x1E}}, []string{"6A82"},
			[]string{"00A4020C02011E"}, "", SWFileNotFound, &StatusError{}},
		{"6Cxx twice", readBinary, []string{"6C04", "6C03"}, []string{"00B0000000", "00B0000004"}, "", 0, ErrResponseChain},
		{"response without status word", readBinary, []string{"90"}, []string{"00B0000000"}, "", 0, ErrMalformed},
		{"command that cannot be encoded", Command{Ne: -1}, nil, nil, "", 0, ErrInvalidCommand},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := &scriptedCard{answers: tt.answers}
			resp, err := Exchange(context.Background(), card, tt.cmd)
			if strings.Join(card.sent, " ") != strings.Join(tt.sent, " ") {
				t.Errorf("sent %v, want %v", card.sent, tt.sent)
			}
			var se *StatusError
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("Exchange: %v", err)
			case tt.wantErr != nil && errors.As(tt.wantErr, &se):
				if !IsStatus(err, tt.sw) {
					t.Fatalf("Exchange error = %v, want StatusError %04X", err, tt.sw)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Exchange error = %v, want %v", err, tt.wantErr)
				}
				return
			}
			want, _ := hexBytes(tt.data)
			if !bytes.Equal(resp.Data, want) || resp.SW != tt.sw {
				t.Errorf("Exchange = %X %04X, want %s %04X", resp.Data, resp.SW, tt.data, tt.sw)
			}
		})
	}
}

func TestExchangeEndlessChain(t *testing.T) {
	answers := make([]string, maxGetResponseRounds+2)
	for i := range answers {
		answers[i] = "AA6101"
	}
	card := &scriptedCard{answers: answers}
	if _, err := Exchange(context.Background(), card, Command{Ins: 0xB0, Ne: 1}); !errors.Is(err, ErrResponseChain) {
		t.Errorf("Exchange error = %v, want ErrResponseChain", err)
	}
	if len(card.sent) != maxGetResponseRounds+1 {
		t.Errorf("sent %d commands, want %d", len(card.sent), maxGetResponseRounds+1)
	}
}

func TestExchangeTransportAndContext(t *testing.T) {
	boom := errors.New("reader unplugged")
	if _, err := Exchange(context.Background(), &scriptedCard{err: boom}, Command{Ins: 0x84, Ne: 8}); !errors.Is(err, boom) ||
		!strings.Contains(err.Error(), "GET CHALLENGE") {
		t.Errorf("Exchange error = %v, want the transport error with the command's name", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	card := &scriptedCard{answers: []string{"9000"}}
	if _, err := Exchange(ctx, card, Command{Ins: 0x84, Ne: 8}); !errors.Is(err, context.Canceled) || len(card.sent) != 0 {
		t.Errorf("Exchange on a cancelled context = %v after %d commands", err, len(card.sent))
	}
}

func TestGetResponseClass(t *testing.T) {
	for _, tt := range []struct{ cla, want byte }{
		{0x00, 0x00}, {0x0C, 0x00}, {0x03, 0x03}, {0x1F, 0x03}, {0x40, 0x40}, {0x6F, 0x4F}, {0x80, 0x80}, {0xFF, 0xFF},
	} {
		if got := getResponseClass(tt.cla); got != tt.want {
			t.Errorf("getResponseClass(%02X) = %02X, want %02X", tt.cla, got, tt.want)
		}
	}
}

func TestStatusError(t *testing.T) {
	tests := []struct {
		sw   uint16
		want string
	}{
		{0x6A82, "iso7816: SELECT: 6A82 file or application not found"},
		{0x6982, "iso7816: SELECT: 6982 security status not satisfied"},
		{0x6110, "iso7816: SELECT: 6110 16 more response bytes available"},
		{0x6C00, "iso7816: SELECT: 6C00 wrong Le: 256 bytes available"},
		{0x63C2, "iso7816: SELECT: 63C2 verification failed, 2 tries left"},
		{0x6299, "iso7816: SELECT: 6299 warning"},
		{0x6612, "iso7816: SELECT: 6612 execution error"},
		{0x6999, "iso7816: SELECT: 6999 checking error"},
		{0x9101, "iso7816: SELECT: 9101 application-specific status"},
		{0x1234, "iso7816: SELECT: 1234 unknown status"},
	}
	for _, tt := range tests {
		err := fmt.Errorf("read EF.COM: %w", &StatusError{SW: tt.sw, Command: InsName(0xA4)})
		if !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("Error() = %q, want suffix %q", err, tt.want)
		}
		if !IsStatus(err, tt.sw) || IsStatus(err, tt.sw+1) {
			t.Errorf("IsStatus wrong for %04X", tt.sw)
		}
	}
	if IsStatus(errors.New("x"), 0x9000) {
		t.Error("IsStatus true for a plain error")
	}
	if InsName(0xB0) != "READ BINARY" || InsName(0x12) != "INS 12" {
		t.Errorf("InsName = %q, %q", InsName(0xB0), InsName(0x12))
	}
}
