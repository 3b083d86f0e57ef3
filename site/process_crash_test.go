package site

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// TestDeskSurvivesSIGKILL kills the desk process at random moments while a client takes
// tickets and calls them, retrying each command with its key until the desk, restarted,
// answers. Afterwards the database must hold every acknowledged command exactly once:
// each acknowledged walk-in one ticket, each acknowledged call one called ticket, no
// ticket called twice, and one outbox event for each. CITIZENKIOSK_SOAK=1 kills 1 000 times.
func TestDeskCrashBySIGKILL(t *testing.T) {
	kills := 50
	if os.Getenv("CITIZENKIOSK_SOAK") == "1" {
		kills = 1000
	}
	dbPath := filepath.Join(dbDir(t), "desk.db")
	addr := freeAddr(t)
	env := []string{"SITE_DB=" + dbPath, "SITE_ADDR=" + addr}
	desk := startDeskPart(t, env...)
	c, err := NewClient(ClientOptions{URL: "http://" + addr, Name: "crash", Attempt: 30 * time.Second, Attempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	var (
		mu      sync.Mutex
		walkIns = map[string]string{} // key → ticket number acknowledged
		calls   = map[string]string{} // key → ticket number called
		stop    = make(chan struct{})
		done    = make(chan error, 1)
	)
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			// Two tickets for each call, so the queue grows and calls never run dry.
			key, path, body := "w"+strconv.Itoa(i), "/v1/walk-ins", any(walkInRequest{ServiceID: "pas"})
			if i%3 == 2 {
				key, path, body = "c"+strconv.Itoa(i), "/v1/counters/1/call-next", any(callNextRequest{})
			}
			number, err := untilAnswered(c, path, key, body)
			if err != nil {
				done <- fmt.Errorf("%s: %w", key, err)
				return
			}
			mu.Lock()
			if path == "/v1/walk-ins" {
				walkIns[key] = number
			} else {
				calls[key] = number
			}
			mu.Unlock()
		}
	}()
	for range kills {
		time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
		if err := desk.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_, _ = desk.wait()
		desk = startDeskPart(t, env...)
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	_ = desk.cmd.Process.Kill()
	_, _ = desk.wait()

	db, err := storage.Open(dbPath, storage.Options{KioskID: "desk"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkCrashOutcome(t, db, walkIns, calls)
}

// untilAnswered sends a command with key until the desk answers it, and returns the
// ticket number of the answer.
func untilAnswered(c *Client, path, key string, body any) (string, error) {
	for {
		resp, err := c.rc.R().SetHeader("Idempotency-Key", key).SetHeader("Content-Type", "application/json").
			SetBody(mustJSON(body)).Post(path)
		if err != nil || resp.StatusCode() >= 500 {
			time.Sleep(10 * time.Millisecond) // the desk is restarting
			continue
		}
		if resp.StatusCode() >= 300 {
			return "", answerError(resp.StatusCode(), resp.Body())
		}
		var answer struct {
			Number string     `json:"number"` // call-next answers a ticket
			Ticket wireTicket `json:"ticket"` // walk-in a visit
		}
		if err := json.Unmarshal(resp.Body(), &answer); err != nil {
			return "", err
		}
		return answer.Number + answer.Ticket.Number, nil
	}
}

func checkCrashOutcome(t *testing.T, db *storage.DB, walkIns, calls map[string]string) {
	t.Helper()
	ts, err := db.Tickets(booking.DayOf(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	byNumber := map[string]booking.Ticket{}
	for _, tk := range ts {
		byNumber[tk.Number] = tk
	}
	if len(ts) != len(walkIns) {
		t.Errorf("%d tickets for %d acknowledged walk-ins", len(ts), len(walkIns))
	}
	seen := map[string]string{}
	for key, n := range walkIns {
		if _, ok := byNumber[n]; !ok {
			t.Errorf("walk-in %s acknowledged ticket %s, which is lost", key, n)
		}
		if other, dup := seen[n]; dup {
			t.Errorf("walk-ins %s and %s got one ticket %s", key, other, n)
		}
		seen[n] = key
	}
	called := 0
	for _, tk := range ts {
		if tk.Status == booking.StatusCalled {
			called++
		}
	}
	calledBy := map[string]string{}
	for key, n := range calls {
		if byNumber[n].Status != booking.StatusCalled {
			t.Errorf("call %s acknowledged %s, which is %v", key, n, byNumber[n].Status)
		}
		if other, dup := calledBy[n]; dup {
			t.Errorf("calls %s and %s both called %s", key, other, n)
		}
		calledBy[n] = key
	}
	if called != len(calls) {
		t.Errorf("%d tickets called for %d acknowledged calls", called, len(calls))
	}
	events, err := db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[booking.EventKind]int{}
	for _, e := range events {
		kinds[e.Event.Kind]++
	}
	if kinds[booking.EventTicketIssued] != len(walkIns) || kinds[booking.EventCalled] != len(calls) {
		t.Errorf("outbox has %v for %d walk-ins and %d calls", kinds, len(walkIns), len(calls))
	}
	if len(walkIns) == 0 || len(calls) == 0 {
		t.Errorf("only %d walk-ins and %d calls were acknowledged: the test proved little", len(walkIns), len(calls))
	}
	t.Logf("%d walk-ins and %d calls acknowledged", len(walkIns), len(calls))
}
