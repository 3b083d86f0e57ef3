package api

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestEvidenceVerdicts(t *testing.T) {
	ev := func(verdict, reason string) Evidence {
		return Evidence{DocumentType: "P", IssuingState: "DNK", Protocol: ProtocolPACE, Authenticity: verdict, Reason: reason}
	}
	tests := []struct {
		name  string
		ev    Evidence
		field string // "" when valid
	}{
		{"genuine", ev(AuthenticityGenuine, ""), ""},
		{"unverified with reason", ev(AuthenticityUnverified, "Ingen CSCA for udstederen; kontrolleret af Ærø-skranke"), ""},
		{"visual-only", ev(AuthenticityVisualOnly, ""), ""},
		{"visual-only with reason", ev(AuthenticityVisualOnly, "chip unreadable (cracked)"), ""},
		{"not-genuine is a verdict", ev(AuthenticityNotGenuine, ""), ""},
		{"free text verdict", ev("passive-ok", ""), "authenticity"},
		{"empty verdict", ev("", ""), "authenticity"},
		{"verdict in capitals", ev("GENUINE", ""), "authenticity"},
		{"unverified without reason", ev(AuthenticityUnverified, ""), "reason"},
		{"reason of spaces", ev(AuthenticityUnverified, " "), "reason"},
		{"reason of punctuation", ev(AuthenticityUnverified, "..."), "reason"},
		{"reason with a CPR number", ev(AuthenticityUnverified, "citizen 010203-1234"), "reason"},
		{"reason with a date", ev(AuthenticityVisualOnly, "born 14.03.1987"), "reason"},
		{"reason with a newline", ev(AuthenticityUnverified, "no\nchip"), "reason"},
		{"reason with markup", ev(AuthenticityUnverified, "<script>"), "reason"},
		{"reason too long", ev(AuthenticityUnverified, strings.Repeat("å", MaxReasonLen+1)), "reason"},
		{"reason at the bound", ev(AuthenticityUnverified, strings.Repeat("å", MaxReasonLen)), ""},
		{"reason with genuine", ev(AuthenticityGenuine, "because"), "reason"},
		{"reason with not-genuine", ev(AuthenticityNotGenuine, "forged"), "reason"},
		{"reason not UTF-8", ev(AuthenticityUnverified, "\xff"), "reason"},
	}
	for _, tt := range tests {
		err := tt.ev.Validate()
		var fe *FieldError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field):
			t.Errorf("%s: %v, want an error in %s", tt.name, err, tt.field)
		}
	}
	for verdict, want := range map[string]bool{AuthenticityGenuine: true, AuthenticityUnverified: true,
		AuthenticityVisualOnly: true, AuthenticityNotGenuine: false, "passive-ok": false, "": false} {
		if MayReceiveCode(verdict) != want {
			t.Errorf("MayReceiveCode(%q) = %v", verdict, !want)
		}
	}
}

// FuzzCheckReason: whatever a kiosk sends, an accepted reason is short and holds letters,
// single spaces and the listed punctuation only; no digit gets through.
func FuzzCheckReason(f *testing.F) {
	for _, s := range []string{"no chip", "Ærø", "010203-1234", "a  b", " x", "(x)/y'z", "\u00a0x", "x\u200by"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckReason("reason", s) != nil {
			return
		}
		if len([]rune(s)) > MaxReasonLen || strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
			t.Fatalf("accepted %q", s)
		}
		for _, r := range s {
			if unicode.IsDigit(r) || unicode.IsControl(r) || !(unicode.IsLetter(r) || r == ' ' || strings.ContainsRune(reasonPunct, r)) {
				t.Fatalf("accepted %q with %q", s, r)
			}
		}
	})
}
