package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// TestCentreOfProcesses runs a desk, a door kiosk, eight counters and a board as separate
// processes on loopback with mutual TLS. The counters call through a few thousand tickets
// at once: none may be called twice or lost, and the board, kept from the stream alone,
// must end showing what the desk holds.
func TestCentreOfProcesses(t *testing.T) {
	tickets := 2000
	if testing.Short() {
		tickets = 200
	}
	dir := t.TempDir()
	machines := []Machine{{Name: "door", Roles: []Role{RoleSelfService}}, {Name: "board", Roles: []Role{RoleDisplay}}}
	for i := 1; i <= 8; i++ {
		machines = append(machines, Machine{Name: fmt.Sprintf("counter-%d", i), Roles: []Role{RoleCounter}})
	}
	pki, err := WritePKI(filepath.Join(dir, "pki"), []string{"127.0.0.1"}, machines)
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	startDeskPart(t, "SITE_DB="+filepath.Join(dbDir(t), "desk.db"), "SITE_ADDR="+addr, "SITE_PKI="+pki.Dir)
	env := func(name string, more ...string) []string {
		return append([]string{"SITE_URL=https://" + addr, "SITE_PKI=" + pki.Dir, "SITE_NAME=" + name}, more...)
	}
	board := startPart(t, "board", env("board")...)
	done := filepath.Join(dir, "door-done")
	door := startPart(t, "door", env("door", fmt.Sprintf("SITE_TICKETS=%d", tickets))...)
	var counters []*part
	for i := 1; i <= 8; i++ {
		counters = append(counters, startPart(t, "counter", env(fmt.Sprintf("counter-%d", i), "SITE_DONE="+done)...))
	}
	issued, err := door.wait()
	if err != nil || len(issued) != tickets {
		t.Fatalf("door issued %d of %d tickets: %v", len(issued), tickets, err)
	}
	if err := os.WriteFile(done, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	calledBy := map[string]int{}
	for i, c := range counters {
		called, err := c.wait()
		if err != nil {
			t.Fatalf("counter-%d: %v", i+1, err)
		}
		for _, n := range called {
			if prev, twice := calledBy[n]; twice {
				t.Errorf("ticket %s called by counter-%d and counter-%d", n, prev, i+1)
			}
			calledBy[n] = i + 1
		}
	}
	for _, n := range issued {
		if _, ok := calledBy[n]; !ok {
			t.Errorf("ticket %s was issued and never called", n)
		}
	}
	if len(calledBy) != len(issued) {
		t.Errorf("%d tickets called, %d issued", len(calledBy), len(issued))
	}

	// The board has followed the stream; ask it until it shows what the desk holds. A
	// loaded machine may take a while; what the test asserts is that it gets there.
	s := &testSite{pki: pki, url: "https://" + addr}
	want, err := s.client(t, "board").Board(booking.DayOf(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		fmt.Fprintln(board.stdin)
		got = <-board.lines
		if got == mustJSONString(numbers(want)) {
			return
		}
	}
	t.Fatalf("board shows %s, desk has %v", got, numbers(want))
}

func mustJSONString(v any) string { return strings.TrimSpace(string(mustJSON(v))) }
