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
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h probe
			err := DecodeJSON(strings.NewReader(tt.body), &h)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "Anna") {
				t.Errorf("error %q repeats the body", err)
			}
		})
	}
	var h probe
	if err := DecodeJSON(strings.NewReader(` {"kioskId":"k1"} `), &h); err != nil || h.KioskID != "k1" {
		t.Errorf("one value: %v, %+v", err, h)
	}
}
