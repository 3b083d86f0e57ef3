package site

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// The tests in this file run the desk and its clients as separate processes: the test
// binary started again with SITE_PROCESS naming the part it plays (TestMain).

const envProcess = "SITE_PROCESS"

func TestMain(m *testing.M) {
	if part := os.Getenv(envProcess); part != "" {
		os.Exit(runPart(part))
	}
	os.Exit(m.Run())
}

func runPart(part string) int {
	var err error
	switch part {
	case "desk":
		err = partDesk()
	case "door":
		err = partDoor()
	case "counter":
		err = partCounter()
	case "board":
		err = partBoard()
	default:
		err = fmt.Errorf("unknown part %q", part)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, part+":", err)
		return 1
	}
	return 0
}

// partDesk serves SITE_DB on SITE_ADDR (TLS with the PKI in SITE_PKI, if set) and prints
// "ready" once it listens.
func partDesk() error {
	db, err := storage.Open(os.Getenv("SITE_DB"), storage.Options{KioskID: "desk", Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ReplaceDay(booking.DayOf(time.Now()), testServices(), nil); err != nil {
		return err
	}
	o := ServeOptions{Addr: os.Getenv("SITE_ADDR")}
	if dir := os.Getenv("SITE_PKI"); dir != "" {
		f := PKIFiles{Dir: dir}
		o.CA = f.CA()
		o.Cert, o.Key = f.Desk()
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ro := RunOptions{Serve: o, Rules: booking.DefaultRules(),
		Ready: func(a net.Addr) { fmt.Println("ready", a) }}
	if url := os.Getenv("SITE_CENTRAL"); url != "" {
		// As cmd_desk.go wires it: sync with central, and rebuild from it at start.
		c, err := central.NewClient(central.Options{URL: url, Site: server.DefaultSite, KioskID: "desk"})
		if err != nil {
			return err
		}
		syncer := central.NewSyncer(c, db, central.SyncOptions{Interval: 50 * time.Millisecond})
		go func() { _ = syncer.Run(ctx) }()
		ro.OnChange, ro.Central = syncer.Notify, syncer
		ro.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return Run(ctx, db, ro)
}

// partClient is the client of SITE_URL as machine SITE_NAME of the PKI in SITE_PKI.
func partClient() (*Client, error) {
	f := PKIFiles{Dir: os.Getenv("SITE_PKI")}
	cert, key := f.Machine(os.Getenv("SITE_NAME"))
	return NewClient(ClientOptions{URL: os.Getenv("SITE_URL"), CA: f.CA(), Cert: cert, Key: key,
		Attempt: time.Minute, Attempts: 5})
}

// partDoor takes SITE_TICKETS walk-in tickets and prints their numbers.
func partDoor() error {
	c, err := partClient()
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(os.Getenv("SITE_TICKETS"))
	for i := range n {
		v, err := c.WalkIn(testServices()[i%2].ID)
		if err != nil {
			return err
		}
		fmt.Println(v.Ticket.Number)
	}
	return nil
}

// partCounter calls tickets and finishes each before calling the next, printing each
// number called, until the queue is empty and the file SITE_DONE exists. It leaves its
// last ticket called, so that the board has something to show at the end.
func partCounter() error {
	c, err := partClient()
	if err != nil {
		return err
	}
	name := os.Getenv("SITE_NAME")
	var current string
	for {
		t, err := c.CallNext(name, nil)
		if errors.Is(err, booking.ErrQueueEmpty) {
			if _, serr := os.Stat(os.Getenv("SITE_DONE")); serr == nil {
				return nil
			}
			time.Sleep(100 * time.Millisecond) // the door is still issuing; do not load the desk
			continue
		}
		if err != nil {
			return err
		}
		fmt.Println(t.Number)
		if current != "" {
			if _, err := c.Finish(current); err != nil {
				return err
			}
		}
		current = t.Number
	}
}

// partBoard keeps "now serving" from the stream alone, and prints it as JSON each time
// a line arrives on stdin.
func partBoard() error {
	c, err := partClient()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	updates := c.Changes(ctx)
	asked := make(chan struct{})
	go func() {
		s := bufio.NewScanner(os.Stdin)
		for s.Scan() {
			asked <- struct{}{}
		}
		cancel()
	}()
	shown := map[string]booking.Ticket{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-asked:
			if err := json.NewEncoder(os.Stdout).Encode(boardOf(shown)); err != nil {
				return err
			}
		case u, ok := <-updates:
			if !ok {
				return nil
			}
			switch {
			case u.Reset:
				ts, err := c.Board(booking.DayOf(time.Now()))
				if err != nil {
					continue // the stream says Down too; the next reset reads again
				}
				clear(shown)
				for _, t := range ts {
					shown[t.Number] = t
				}
			case u.Down == nil:
				t := u.Change.Ticket
				if t.Status == booking.StatusCalled || t.Status == booking.StatusServing {
					shown[t.Number] = t
				} else {
					delete(shown, t.Number)
				}
			}
		}
	}
}

// boardOf is the board a screen shows from the tickets it knows: the numbers of the
// newest calls first, as booking.Desk.Board orders them.
func boardOf(m map[string]booking.Ticket) []string {
	ts := make([]booking.Ticket, 0, len(m))
	for _, t := range m {
		ts = append(ts, t)
	}
	return numbers(sortBoard(ts))
}

func sortBoard(ts []booking.Ticket) []booking.Ticket {
	// The same order as booking.Desk.Board: newest announcement first.
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Announced().After(ts[j-1].Announced()); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	return ts[:min(len(ts), booking.BoardSize)]
}

func numbers(ts []booking.Ticket) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.Number)
	}
	return out
}

// part is a running process of the test binary.
type part struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	waited chan error
}

func startPart(t testing.TB, name string, env ...string) *part {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append([]string{envProcess + "=" + name}, env...)...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &part{cmd: cmd, stdin: stdin, lines: make(chan string, 1<<16), waited: make(chan error, 1)}
	go func() {
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			p.lines <- s.Text()
		}
		close(p.lines)
		p.waited <- cmd.Wait()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return p
}

// wait collects the rest of the part's output and its exit.
func (p *part) wait() ([]string, error) {
	var out []string
	for l := range p.lines {
		out = append(out, l)
	}
	return out, <-p.waited
}

// startDeskPart starts a desk process and waits until it listens.
func startDeskPart(t testing.TB, env ...string) *part {
	t.Helper()
	p := startPart(t, "desk", env...)
	select {
	case l, ok := <-p.lines:
		if !ok || !strings.HasPrefix(l, "ready ") {
			_, err := p.wait()
			t.Fatalf("desk did not start: %q, %v", l, err)
		}
	case <-time.After(time.Minute):
		t.Fatal("desk did not start within a minute")
	}
	return p
}

// freeAddr returns a loopback address nobody listens on, for a desk that restarts on it.
func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
