package announce

import "math"

// chime synthesises the two-note "ding-dong" that goes before every call (E5, then C5, a
// major third down, as on station platforms), at rate samples per second. Each note is a
// sine with a soft second harmonic, struck and fading out, so it sounds like a bell and not
// a test tone; it peaks well under full scale to leave room for the words after it.
func chime(rate int) []int16 {
	const (
		first, second = 659.25, 523.25 // Hz
		gap           = 0.42           // seconds between the two strikes
		ring          = 1.1            // seconds the second note rings
		level         = 0.42           // of full scale
	)
	n := int(float64(rate) * (gap + ring))
	out := make([]int16, n)
	strike := func(freq, start float64) {
		for i := int(start * float64(rate)); i < n; i++ {
			t := float64(i)/float64(rate) - start
			attack := math.Min(1, t/0.005) // 5 ms, so the strike does not click
			env := attack * math.Exp(-3.2*t)
			v := math.Sin(2*math.Pi*freq*t) + 0.3*math.Sin(4*math.Pi*freq*t)
			s := float64(out[i]) + level*32767*env*v/1.3
			out[i] = int16(math.Max(-32768, math.Min(32767, s)))
		}
	}
	strike(first, 0)
	strike(second, gap)
	// Fade the tail to zero over the last 50 ms: a cut-off note clicks.
	fade := min(n, rate/20)
	for i := range fade {
		out[n-1-i] = int16(float64(out[n-1-i]) * float64(i) / float64(fade))
	}
	return out
}
