package announce

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"
)

// clipFiles are the word clips scripts/clips.sh made: clips/LANGUAGE/WORD.wav.
//
//go:embed clips
var clipFiles embed.FS

// Pauses between the parts of an announcement. Words a little apart are easier to follow
// over a waiting room's noise than espeak-ng's run-on speech.
const (
	afterChime    = 300 * time.Millisecond
	betweenWords  = 60 * time.Millisecond
	beforeCounter = 250 * time.Millisecond
	betweenLangs  = 600 * time.Millisecond
)

// Library holds the clips of announcements, all at one sample rate, and mixes them.
type Library struct {
	rate  int
	clips map[string][]int16
}

// LoadClips decodes the clips built into the program and synthesises the chime.
func LoadClips() (*Library, error) { return loadClips(clipFiles, "clips") }

func loadClips(fsys fs.FS, dir string) (*Library, error) {
	l := &Library{clips: map[string][]int16{}}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".wav" {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read clip %s: %w", p, err)
		}
		c, err := ReadWAV(b)
		if err != nil {
			return fmt.Errorf("clip %s: %w", p, err)
		}
		if l.rate == 0 {
			l.rate = c.Rate
		}
		if c.Rate != l.rate {
			return fmt.Errorf("clip %s: %d samples per second, the others %d: %w", p, c.Rate, l.rate, ErrBadWAV)
		}
		// "clips/da/number.wav" → "da/number"
		l.clips[strings.TrimSuffix(strings.TrimPrefix(p, dir+"/"), ".wav")] = c.Samples
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load announcement clips: %w", err)
	}
	if l.rate == 0 {
		return nil, fmt.Errorf("load announcement clips: none in %s: %w", dir, ErrNoClip)
	}
	l.clips[ClipChime] = chime(l.rate)
	return l, nil
}

// Rate is the sample rate of every clip and of what Mix returns.
func (l *Library) Rate() int { return l.rate }

// Mix puts the clips of script one after another into one stream, with pauses: after the
// chime, between words, before "counter", and between languages.
func (l *Library) Mix(script []string) ([]int16, error) {
	var out []int16
	silence := func(d time.Duration) {
		out = append(out, make([]int16, int(d.Seconds()*float64(l.rate)))...)
	}
	lang := ""
	for i, name := range script {
		c, ok := l.clips[name]
		if !ok {
			return nil, fmt.Errorf("mix %q: %w", name, ErrNoClip)
		}
		if i > 0 {
			nextLang, word, _ := strings.Cut(name, "/")
			switch {
			case script[i-1] == ClipChime:
				silence(afterChime)
			case nextLang != lang:
				silence(betweenLangs)
			case word == "counter":
				silence(beforeCounter)
			default:
				silence(betweenWords)
			}
			lang = nextLang
		}
		out = append(out, c...)
	}
	return out, nil
}
