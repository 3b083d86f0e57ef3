package api

import (
	"strings"
	"testing"
	"time"
)

// probe has a text, a number-shaped mistake and a time, the kinds of field that fail.
type probe struct {
	KioskID string    `json:"kioskId"`
	At      time.Time `json:"at"`
}

// TestDecodeJSONErrors: each way a body can be wrong gets its own message, and none
// of them repeats what the body held.
func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"syntax", `{"kioskId":}`, "malformed JSON at byte 12"},
		{"field type", `{"kioskId":7}`, "malformed JSON: kioskId is not a string"},
		{"body type", `["Anna"]`, "malformed JSON: the body is not a api.probe"},
		{"ends early", `{"kioskId":"k1"`, "malformed JSON: the body ends early"},
		{"empty", ``, "malformed JSON: the body ends early"},
		{"two values", `{} {}`, "malformed JSON: more than one value"},
		{"garbage after", `{} Anna`, "malformed JSON at byte 3"},
		{"time", `{"at":"Anna Jensen"}`, "malformed JSON: a value has the wrong form"},
	}
	decoders := map[string]func(string, any) error{
		"DecodeJSON":      func(b string, v any) error { return DecodeJSON(strings.NewReader(b), v) },
		"DecodeJSONBytes": func(b string, v any) error { return DecodeJSONBytes([]byte(b), v) },
	}
	for name, decode := range decoders {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				var h probe
				err := decode(tt.body, &h)
				if err == nil || err.Error() != tt.want {
					t.Fatalf("error %v, want %q", err, tt.want)
				}
				if strings.Contains(err.Error(), "Anna") {
					t.Errorf("error %q repeats the body", err)
				}
			})
		}
		var h probe
		if err := decode(` {"kioskId":"k1"} `, &h); err != nil || h.KioskID != "k1" {
			t.Errorf("%s, one value: %v, %+v", name, err, h)
		}
	}
}
