package printer

import (
	"context"
	"errors"
	"testing"
)

type failingPrinter struct{}

func (failingPrinter) Print(context.Context, Slip) error { return errors.New("no printer") }

// Discard blanks the spool's copy of the slip, and Print copied the lines,
// so the caller's slip is left as it was.
func TestSpoolDiscardBlanksItsCopy(t *testing.T) {
	s := NewSpool(failingPrinter{}, nil)
	caller := Slip{Lines: []Line{{Text: "ABCD-EFGH-JKLM-NPQR"}}}
	id, _ := s.Print(context.Background(), "letter", caller)
	kept := s.jobs[id].slip.Lines
	if err := s.Discard(id); err != nil {
		t.Fatal(err)
	}
	if kept[0].Text != "" {
		t.Fatalf("discarded slip still holds %q", kept[0].Text)
	}
	if caller.Lines[0].Text != "ABCD-EFGH-JKLM-NPQR" {
		t.Fatal("Discard changed the caller's slip")
	}
}
