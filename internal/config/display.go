package config

import "fmt"

// What the waiting-room board plays for a call ([display] sound).
const (
	SoundOff    = "off"    // silent
	SoundChime  = "chime"  // a chime
	SoundSpeech = "speech" // a chime, then the number and counter in Danish and English
)

// Display configures mode "display", the waiting-room board.
type Display struct {
	// Sound is off, chime or speech. A board without a sound device runs silently
	// whatever this says.
	Sound string `toml:"sound"`
}

func (d Display) validate() error {
	switch d.Sound {
	case SoundOff, SoundChime, SoundSpeech:
		return nil
	}
	return &Error{Key: "display.sound", Err: fmt.Errorf("%q is not off, chime or speech", d.Sound)}
}
