package site

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Server-sent events, as the HTML Living Standard (§9.2 "Server-sent events") defines
// them, reduced to what the desk sends: "id", "event" and "data" fields, comments as
// keep-alives, a blank line ending each event.

// maxSSELine bounds one line of the stream; the desk's changes are well under 2 KB, so
// a longer line means the other end is not a desk.
const maxSSELine = 64 << 10

// sseEvent is one dispatched event.
type sseEvent struct {
	ID    string // "" when the event set none
	Event string // "message" when the event set none
	Data  string
}

// sseReader parses a stream of events.
type sseReader struct {
	lines *bufio.Scanner
}

func newSSEReader(r io.Reader) *sseReader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 4096), maxSSELine)
	return &sseReader{lines: s}
}

// Next returns the next event with data. It returns io.EOF when the stream ends between
// events, and io.ErrUnexpectedEOF when it ends inside one (a cut connection: the event
// was not complete and must not be dispatched).
func (r *sseReader) Next() (sseEvent, error) {
	var ev sseEvent
	var data []string
	started := false
	for r.lines.Scan() {
		line := r.lines.Text()
		if line == "" {
			if len(data) == 0 { // the standard dispatches nothing for an event without data
				ev, started = sseEvent{}, false
				continue
			}
			if ev.Event == "" {
				ev.Event = "message"
			}
			ev.Data = strings.Join(data, "\n")
			return ev, nil
		}
		started = true
		if line[0] == ':' {
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "id":
			if !strings.ContainsRune(value, 0) {
				ev.ID = value
			}
		case "event":
			ev.Event = value
		case "data":
			data = append(data, value)
		}
	}
	if err := r.lines.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return sseEvent{}, fmt.Errorf("%w: stream line longer than %d bytes", ErrProtocol, maxSSELine)
		}
		return sseEvent{}, err
	}
	if started {
		return sseEvent{}, io.ErrUnexpectedEOF
	}
	return sseEvent{}, io.EOF
}

// writeSSE writes one event. id and event never hold a newline (numbers and fixed names);
// data is JSON, which has none either, but it is split on newlines all the same so the
// stream can never be broken by what it carries.
func writeSSE(w io.Writer, id, event, data string) error {
	var b strings.Builder
	if id != "" {
		fmt.Fprintf(&b, "id: %s\n", id)
	}
	if event != "" {
		fmt.Fprintf(&b, "event: %s\n", event)
	}
	for _, line := range strings.Split(data, "\n") {
		fmt.Fprintf(&b, "data: %s\n", line)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
