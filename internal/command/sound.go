package command

import (
	"log/slog"

	"github.com/citizenkiosk/citizenkiosk/announce"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
)

// boardSound makes the board's Announcer for the [display] sound setting, playing on the
// sound device, and the func that stops it. "off" gives a silent board (nil), and so do
// clips that will not load, after a log line: a board without sound still shows the calls.
// A missing sound device is the player's to report (once).
func boardSound(setting string) (kiosk.Announcer, func()) {
	mode := announce.ModeChime
	switch setting {
	case config.SoundOff:
		return nil, func() {}
	case config.SoundSpeech:
		mode = announce.ModeSpeech
	}
	p, err := announce.NewPlayer(mode, announce.OpenDevice)
	if err != nil {
		slog.Error("board: no sound", "err", err)
		return nil, func() {}
	}
	return p, p.Close
}
