package command

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/site"
)

// envRun makes the test binary run `citizenkiosk ARGS…` (tab-separated) instead of the
// tests: how a test starts a real subcommand as a process of its own. (site's process
// harness is internal to site's tests and plays its own parts, not this command.)
const envRun = "CITIZENKIOSK_TEST_RUN"

func TestMain(m *testing.M) {
	if args := os.Getenv(envRun); args != "" {
		os.Exit(Run(strings.Split(args, "\t"), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// startDeskProcess runs `citizenkiosk desk` as its own process and returns its address.
func startDeskProcess(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envRun+"="+strings.Join(args, "\t"))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			if a, ok := strings.CutPrefix(s.Text(), "desk listening on "); ok {
				lines <- a
			}
		}
		close(lines)
	}()
	select {
	case a, ok := <-lines:
		if !ok {
			t.Fatal("the desk process ended before it listened")
		}
		return a
	case <-time.After(time.Minute):
		t.Fatal("the desk process did not listen within a minute")
	}
	return ""
}

// TestCounterAgainstDeskProcess: a counter configured with [desk] url, its certificate
// and the site CA works through a desk that is a separate `citizenkiosk desk` process,
// which has the day from central; a board's certificate may not call.
func TestCounterAgainstDeskProcess(t *testing.T) {
	dir := t.TempDir()
	pki := filepath.Join(dir, "pki")
	if code := Run([]string{"desk", "pki", pki, "--host", "127.0.0.1", "--machine", "door=selfservice",
		"--machine", "skranke-1=counter", "--machine", "tavle=display"}, nil, os.Stdout, os.Stderr); code != 0 {
		t.Fatalf("desk pki: exit %d", code)
	}
	dc, err := startDemoCentral(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	addr := startDeskProcess(t, "--data", filepath.Join(dir, "desk"), "--central", dc.URL,
		"desk", "--listen", "127.0.0.1:0", "--pki", pki)

	files := site.PKIFiles{Dir: pki}
	machine := func(name, mode string) config.Config {
		cfg := config.Default()
		cfg.Mode, cfg.KioskID = mode, name
		cert, key := files.Machine(name)
		cfg.Desk = config.Desk{URL: "https://" + addr, CA: files.CA(), Cert: cert, Key: key}
		return cfg
	}
	counterCfg := machine("skranke-1", config.ModeCounter)
	counterCfg.Counter = demoCounter()
	counter, status, err := openDesk(counterCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer counter.close()
	if status != nil {
		t.Error("a client of a remote desk shows a sync status of its own")
	}
	a := test.NewApp()
	defer a.Quit()
	sc := screens{cfg: counterCfg, desk: counter.client, clock: booking.SystemClock{}}
	c := sc.counter(a, a.NewWindow("counter"))
	defer c.Stop()

	door, _, err := openDesk(machine("door", config.ModeSelfService), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer door.close()
	var services []booking.Service
	for deadline := time.Now().Add(30 * time.Second); len(services) == 0; time.Sleep(100 * time.Millisecond) {
		if services, err = door.client.Services(); err != nil || time.Now().After(deadline) {
			t.Fatalf("the desk process has no services from central: %v, %v", services, err)
		}
	}
	v, err := door.client.WalkIn(services[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	called, err := counter.client.CallNext(counterCfg.Counter.Name, nil)
	if err != nil || called.Number != v.Ticket.Number {
		t.Fatalf("the counter called %q (%v), want the walk-in %q", called.Number, err, v.Ticket.Number)
	}
	board, _, err := openDesk(machine("tavle", config.ModeDisplay), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer board.close()
	if _, err := board.client.CallNext("9", nil); !errors.Is(err, site.ErrForbidden) {
		t.Errorf("a board called a ticket: %v, want ErrForbidden", err)
	}
}
