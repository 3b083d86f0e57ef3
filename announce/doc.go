// Package announce makes the waiting-room board heard: a chime when a number is called and,
// where the centre turns it on, the number and counter spoken in Danish and then English
// ("Nummer A 4 2, skranke 3 · Number A 4 2, counter 3").
//
// Speech is put together from word clips (announce/clips, made by scripts/clips.sh with
// espeak-ng and sox): "nummer", the ticket's letter and digits one by one, "skranke", the
// counter's name. The chime is synthesised here. A Player mixes an announcement into one
// stream of 16-bit mono samples and plays it through an Output; the real one is a sound
// device through github.com/ebitengine/oto/v3. A board without a sound device logs that
// once and goes on silently.
package announce
