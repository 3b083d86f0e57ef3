package command

import (
	"testing"

	"github.com/citizenkiosk/citizenkiosk/internal/config"
)

// TestBoardSound: "off" is a silent board; otherwise the board gets a player, which starts
// and stops whether or not this machine has a sound device.
func TestBoardSound(t *testing.T) {
	if a, stop := boardSound(config.SoundOff); a != nil {
		t.Errorf("sound off gave an announcer %T", a)
	} else {
		stop()
	}
	a, stop := boardSound(config.SoundSpeech)
	if a == nil {
		t.Fatal("speech gave a silent board")
	}
	stop()
}
