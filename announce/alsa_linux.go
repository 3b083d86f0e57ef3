//go:build linux && !android

package announce

// #cgo pkg-config: alsa
// #include <alsa/asoundlib.h>
//
// // ALSA's library prints each failure of its configuration to stderr (a dozen lines on a
// // machine without a sound card) besides returning the error, which oto passes on.
// static void quiet(const char *file, int line, const char *function, int err, const char *fmt, ...) {}
// static void quietALSA(void) { snd_lib_error_set_handler(quiet); }
import "C"

// quietSoundLibrary stops ALSA printing its errors itself, so that a board without a sound
// device says so in one log line, from the player.
func quietSoundLibrary() { C.quietALSA() }
