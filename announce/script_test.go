package announce

import (
	"strings"
	"testing"
)

func TestScript(t *testing.T) {
	tests := []struct {
		name            string
		mode            Mode
		ticket, counter string
		want            string
	}{
		{"chime only", ModeChime, "A042", "3", "chime"},
		{"speech", ModeSpeech, "A042", "3",
			"chime da/number da/a da/4 da/2 da/counter da/3 en/number en/a en/4 en/2 en/counter en/3"},
		{"zeros inside stay", ModeSpeech, "B100", "12",
			"chime da/number da/b da/1 da/0 da/0 da/counter da/1 da/2 en/number en/b en/1 en/0 en/0 en/counter en/1 en/2"},
		{"all zeros", ModeSpeech, "C000", "1", "chime da/number da/c da/0 da/counter da/1 en/number en/c en/0 en/counter en/1"},
		{"counter without clips", ModeSpeech, "D007", "Ø", "chime da/number da/d da/7 en/number en/d en/7"},
		{"counter with a letter", ModeSpeech, "A001", "Pas 2", "chime da/number da/a da/1 da/counter da/p da/a da/s da/2 " +
			"en/number en/a en/1 en/counter en/p en/a en/s en/2"},
		{"nothing to say", ModeSpeech, "", "3", "chime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(Script(tt.mode, tt.ticket, tt.counter), " "); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestSpell(t *testing.T) {
	for in, want := range map[string]string{
		"A042": "a 4 2", "a1b02": "a 1 b 2", "1æ02": "1 2", "0 0": "0 0", "": "", "Skranke 10": "s k r a n k e 1 0",
	} {
		if got := strings.Join(spell(in), " "); got != want {
			t.Errorf("spell(%q) = %q, want %q", in, got, want)
		}
	}
}
