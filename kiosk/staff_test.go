package kiosk

import (
	"testing"

	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
)

func TestStaffList(t *testing.T) {
	h, err := staffpin.Hash("4711", staffpin.MinIterations)
	if err != nil {
		t.Fatal(err)
	}
	l, refused := newStaffList(map[string]string{"7": h, "x": h, "8": "4711"})
	if len(refused) != 2 {
		t.Fatalf("refused %v, want x and 8", refused)
	}
	for _, tt := range []struct {
		id, pin string
		want    bool
	}{
		{"7", "4711", true},
		{"7", "4712", false},
		{"7", "47110", false},
		{"8", "4711", false},
		{"9", "4711", false},
	} {
		if got := l.verify(tt.id, []byte(tt.pin)); got != tt.want {
			t.Errorf("verify(%s, %s) = %v", tt.id, tt.pin, got)
		}
	}
}
