package storage

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

const crashChildEnv = "CITIZENKIOSK_CRASH_CHILD_DB"

// TestCrashWriterChild runs only as TestCrash's subprocess. It issues tickets until it is
// killed and prints each one after IssueTicket (and so its commit) has returned, so every
// printed line is a promise the parent can hold the database to.
func TestCrashWriterChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("runs as a subprocess of TestCrash")
	}
	db, err := Open(path, Options{KioskID: "crash"})
	if err != nil {
		fmt.Printf("open failed: %v\n", err)
		os.Exit(2)
	}
	round := os.Getenv("CITIZENKIOSK_CRASH_ROUND")
	for i := 0; ; i++ {
		tk := walkIn(testDay, "pas")
		if i%3 == 2 {
			tk.Kind, tk.AppointmentID = booking.KindAppointment, fmt.Sprintf("r%s-%d", round, i)
		}
		issued, _, err := db.IssueTicket(tk, string(rune('A'+i%3)), booking.EventTicketIssued)
		if err != nil {
			fmt.Printf("issue failed: %v\n", err)
			os.Exit(2)
		}
		fmt.Printf("issued %s\n", issued.Number)
		if i%4 == 3 {
			issued.Status, issued.Counter = booking.StatusCalled, "1"
			if err := db.UpdateTicket(issued, booking.EventCalled); err != nil {
				fmt.Printf("update failed: %v\n", err)
				os.Exit(2)
			}
			fmt.Printf("called %s\n", issued.Number)
		}
	}
}

// TestCrash SIGKILLs a writer at random moments and checks after each kill that every
// acknowledged ticket and call survived, with its outbox event, and that numbering has
// neither duplicates nor gaps.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses")
	}
	rounds := 30
	if os.Getenv("CITIZENKIOSK_SOAK") == "1" {
		rounds = 300
	}
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := mustOpenAt(t, path) // makes the key file before any child runs
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	issued, called := map[string]bool{}, map[string]bool{}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for round := range rounds {
		// Some kills land during start-up (Open), most in the middle of the writes.
		var delay time.Duration
		waitFirst := round%5 != 0
		if waitFirst {
			delay = time.Duration(r.IntN(40)) * time.Millisecond
		} else {
			delay = time.Duration(r.IntN(80)) * time.Millisecond
		}
		lines := runAndKill(t, path, round, waitFirst, delay)
		for _, l := range lines {
			switch verb, number, _ := strings.Cut(l, " "); verb {
			case "issued":
				issued[number] = true
			case "called":
				called[number] = true
			default:
				t.Fatalf("round %d: writer said %q", round, l)
			}
		}
		pending := checkCrashState(t, path, round, issued, called)
		checkRenameRefused(t, path, round, pending)
	}
	t.Logf("%d rounds, %d acknowledged tickets, %d acknowledged calls", rounds, len(issued), len(called))
}

// runAndKill starts a writer, kills it after delay (counted from its first line if
// waitFirst) and returns the complete lines it wrote.
func runAndKill(t *testing.T, path string, round int, waitFirst bool, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriterChild$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path, "CITIZENKIOSK_CRASH_ROUND="+strconv.Itoa(round))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	linesc := make(chan string, 1024)
	done := make(chan []string)
	go func() {
		var out []string
		br := bufio.NewReader(stdout)
		for {
			l, err := br.ReadString('\n')
			if err != nil { // a line cut by the kill was never acknowledged
				if err != io.EOF {
					t.Errorf("read writer: %v", err)
				}
				done <- out
				return
			}
			l = strings.TrimSuffix(l, "\n")
			out = append(out, l)
			select {
			case linesc <- l:
			default:
			}
		}
	}()
	if waitFirst {
		select {
		case <-linesc:
		case <-time.After(20 * time.Second):
			t.Fatalf("round %d: writer printed nothing", round)
		}
	}
	time.Sleep(delay)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	lines := <-done
	_ = cmd.Wait()
	return lines
}

func checkCrashState(t *testing.T, path string, round int, issued, called map[string]bool) (pending int) {
	t.Helper()
	db, err := Open(path, Options{KioskID: "crash"})
	if err != nil {
		t.Fatalf("round %d: reopen after kill: %v", round, err)
	}
	defer db.Close()
	tickets, err := db.Tickets(testDay)
	if err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	events, err := db.PendingEvents(0)
	if err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	eventsOf := map[string]map[booking.EventKind]int{}
	for _, e := range events {
		n := e.Event.Ticket.Number
		if eventsOf[n] == nil {
			eventsOf[n] = map[booking.EventKind]int{}
		}
		eventsOf[n][e.Event.Kind]++
	}
	stored := map[string]booking.Ticket{}
	lastSeq := map[string]int{}
	for _, tk := range tickets {
		if _, dup := stored[tk.Number]; dup {
			t.Fatalf("round %d: ticket %s stored twice", round, tk.Number)
		}
		stored[tk.Number] = tk
		prefix := tk.Number[:1]
		if tk.Seq != lastSeq[prefix]+1 {
			t.Fatalf("round %d: %s follows %s%03d: numbering has a gap or goes back", round, tk.Number, prefix, lastSeq[prefix])
		}
		lastSeq[prefix] = tk.Seq
		if eventsOf[tk.Number][booking.EventTicketIssued] != 1 {
			t.Fatalf("round %d: ticket %s has %d issue events, want 1", round, tk.Number, eventsOf[tk.Number][booking.EventTicketIssued])
		}
		if called := eventsOf[tk.Number][booking.EventCalled]; called > 1 || (called == 1) != (tk.Status == booking.StatusCalled) {
			t.Fatalf("round %d: ticket %s is %s with %d call events", round, tk.Number, tk.Status, called)
		}
	}
	for n := range issued {
		if _, ok := stored[n]; !ok {
			t.Fatalf("round %d: acknowledged ticket %s lost", round, n)
		}
	}
	for n := range called {
		if stored[n].Status != booking.StatusCalled {
			t.Fatalf("round %d: acknowledged call of %s lost", round, n)
		}
	}
	return len(events)
}

// checkRenameRefused opens the killed writer's database under another kiosk id, as a
// re-imaged or renamed machine would: with events waiting it must be refused, counting
// them all, and left as it was.
func checkRenameRefused(t *testing.T, path string, round, pending int) {
	t.Helper()
	before := fileDigest(t, path)
	db, err := Open(path, Options{KioskID: "renamed", Logger: quiet})
	var re *RenameError
	switch {
	case pending == 0 && err != nil:
		t.Fatalf("round %d: open as renamed with an empty outbox: %v", round, err)
	case pending == 0:
		_ = db.Close()
	case !errors.As(err, &re) || re.Oldest != "crash" || re.Waiting["crash"] != pending:
		t.Fatalf("round %d: open as renamed with %d events waiting = %v", round, pending, err)
	case fileDigest(t, path) != before:
		t.Fatalf("round %d: the refused open changed the file", round)
	}
}
