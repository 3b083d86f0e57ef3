//go:build !linux || android

package announce

// quietSoundLibrary has nothing to quiet where oto does not use ALSA.
func quietSoundLibrary() {}
