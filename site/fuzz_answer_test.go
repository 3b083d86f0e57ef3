package site

import (
	"errors"
	"testing"
)

// FuzzAnswers feeds the client's decoders what a desk (or anything else at its address)
// might send: an error body, a stream event. They return an error or a value, never panic,
// and an error body always becomes an error.
func FuzzAnswers(f *testing.F) {
	f.Add(409, `{"type":"https://citizenkiosk.dk/problems/ticket-state","status":409,"number":"A1","ticketStatus":"done","action":"finish"}`)
	f.Add(409, `{"type":"https://citizenkiosk.dk/problems/too-late","status":409,"service":{"id":"pas"}}`)
	f.Add(500, `not json`)
	f.Add(200, `{"action":"call-next","ticket":{"number":"A1","kind":"walk-in","status":"called"}}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		err := answerError(status, []byte(body))
		if err == nil {
			t.Fatalf("answerError(%d, %q) = nil", status, body)
		}
		var late *lateProblem
		if errors.As(err, &late) && late.err == nil {
			t.Fatal("a too-late problem without its error")
		}
		_, _ = updateOf(sseEvent{ID: "1", Event: "change", Data: body})
	})
}
