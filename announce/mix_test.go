package announce

import (
	"errors"
	"slices"
	"testing"
	"testing/fstest"
)

// TestClipsComplete: the built-in clips decode, share one rate, and have every word a
// script can name, so any ticket A000–Z999 at any counter of digits and letters mixes.
func TestClipsComplete(t *testing.T) {
	l, err := LoadClips()
	if err != nil {
		t.Fatal(err)
	}
	if l.Rate() != 11025 {
		t.Errorf("rate %d", l.Rate())
	}
	for _, lang := range Languages {
		words := []string{"number", "counter"}
		for r := 'a'; r <= 'z'; r++ {
			words = append(words, string(r))
		}
		for r := '0'; r <= '9'; r++ {
			words = append(words, string(r))
		}
		for _, w := range words {
			c := l.clips[lang+"/"+w]
			// A word lasts between a tenth of a second and two seconds, and is not silence.
			if len(c) < l.rate/10 || len(c) > 2*l.rate || peak(c) < 8000 {
				t.Errorf("clip %s/%s: %d samples, peak %d", lang, w, len(c), peak(c))
			}
		}
	}
}

func peak(s []int16) int {
	p := 0
	for _, v := range s {
		p = max(p, int(v), -int(v))
	}
	return p
}

// TestMix: the mixed stream is the chime and the clips in the script's order, with the
// pauses between them, at the library's rate.
func TestMix(t *testing.T) {
	l, err := LoadClips()
	if err != nil {
		t.Fatal(err)
	}
	script := Script(ModeSpeech, "A042", "3")
	pcm, err := l.Mix(script)
	if err != nil {
		t.Fatal(err)
	}
	gap := func(d float64) int { return int(d * float64(l.rate)) }
	want := 0
	for _, name := range script {
		want += len(l.clips[name])
	}
	// After the chime; within each language 4 word gaps and one before "counter"; one
	// between the languages.
	want += gap(afterChime.Seconds()) + 2*(4*gap(betweenWords.Seconds())+gap(beforeCounter.Seconds())) + gap(betweenLangs.Seconds())
	if len(pcm) != want {
		t.Errorf("%d samples, want %d", len(pcm), want)
	}
	if secs := float64(len(pcm)) / float64(l.rate); secs < 3 || secs > 9 {
		t.Errorf("a call takes %.1f s to announce", secs)
	}
	// The stream starts with the chime and ends with the English "3".
	ch, three := l.clips[ClipChime], l.clips["en/3"]
	if !slices.Equal(pcm[:len(ch)], ch) || !slices.Equal(pcm[len(pcm)-len(three):], three) {
		t.Error("the stream does not start with the chime and end with en/3")
	}
	if _, err := l.Mix([]string{ClipChime, "da/æ"}); !errors.Is(err, ErrNoClip) {
		t.Errorf("unknown clip: %v", err)
	}
}

// TestChime: the chime rings about one and a half seconds, loud but not clipped, and
// ends in silence so it does not click.
func TestChime(t *testing.T) {
	c := chime(11025)
	if secs := float64(len(c)) / 11025; secs < 1 || secs > 2 {
		t.Errorf("chime lasts %.2f s", secs)
	}
	if p := peak(c); p < 8000 || p > 30000 {
		t.Errorf("chime peaks at %d", p)
	}
	if c[0] != 0 || c[len(c)-1] != 0 {
		t.Errorf("chime starts at %d and ends at %d, want 0 (no click)", c[0], c[len(c)-1])
	}
}

func TestLoadClipsRefuses(t *testing.T) {
	good := wav(fmtChunk(1, 1, 8000, 16), [2]string{"data", "\x00\x00"})
	other := wav(fmtChunk(1, 1, 11025, 16), [2]string{"data", "\x00\x00"})
	tests := map[string]fstest.MapFS{
		"mixed rates": {"c/da/a.wav": {Data: good}, "c/da/b.wav": {Data: other}},
		"broken clip": {"c/da/a.wav": {Data: []byte("RIFF")}},
		"no clips":    {"c/README": {Data: []byte("x")}},
	}
	for name, fsys := range tests {
		if _, err := loadClips(fsys, "c"); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}
