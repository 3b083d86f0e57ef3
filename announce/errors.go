package announce

import "errors"

var (
	// ErrBadWAV is wrapped by ReadWAV when the bytes are not a WAV file it can play, and by
	// LoadClips when the clips do not share one sample rate.
	ErrBadWAV = errors.New("announce: not a 16-bit mono PCM WAV file")
	// ErrNoClip is wrapped by Mix when a script names a clip the library does not have, and
	// by LoadClips when there are no clips at all.
	ErrNoClip = errors.New("announce: no such clip")
)
