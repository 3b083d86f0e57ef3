// Package pcscdtest gives a test a running pcscd with the vsmartcard vpcd driver, so
// that a virtual chip can be inserted into a real PC/SC stack.
//
// Only one test package (reader/e2e) may use it: go test runs packages in parallel, and
// two packages starting and stopping pcscd would pull the reader from under each other.
package pcscdtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ebfe/scard"
)

// VPCDAddr is where the vpcd driver waits for the virtual card of its first slot
// (Debian's /etc/reader.conf.d/vpcd: CHANNELID 0x8C7B = 35963).
const VPCDAddr = "127.0.0.1:35963"

// ReaderName is the PC/SC name of the vpcd driver's first slot.
const ReaderName = "Virtual PCD 00 00"

// RequireEnv names the environment variable that turns a missing pcscd from a skip
// into a failure; make test and CI set it to 1.
const RequireEnv = "CITIZENKIOSK_REQUIRE_PCSCD"

const startTimeout = 15 * time.Second

// shared is the pcscd this package started, kept until Stop. Stopping pcscd after each
// test and starting it again for the next does not work: a pcscd that is still shutting
// down keeps its socket file, and the next one refuses to start ("Another pcscd seems to
// be running") — which is what benchmarks, whose functions run several times, ran into.
var (
	mu     sync.Mutex
	shared *daemon
)

// Start makes sure a pcscd serving the vpcd reader runs, and returns the address a
// virtual card connects to and the reader's PC/SC name. A pcscd that already accepts
// on the vpcd port is reused; otherwise Start runs `pcscd -f`, which keeps running for
// later tests until Stop (call it from TestMain). Without pcscd installed the test is
// skipped, or fails when CITIZENKIOSK_REQUIRE_PCSCD=1.
func Start(t testing.TB) (vpcdAddr string, reader string) {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	// Our own pcscd is reused without probing its port: vpcd does not accept a second
	// connection while a virtual card is inserted, so the probe would say "not running".
	if shared != nil && !shared.exited() {
		return VPCDAddr, readerName(t)
	}
	if accepting(VPCDAddr) {
		return VPCDAddr, readerName(t)
	}
	bin := findPCSCD()
	if bin == "" {
		fail, msg := missing(os.Getenv(RequireEnv))
		if fail {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if _, err := os.Stat("/etc/reader.conf.d/vpcd"); err != nil {
		t.Fatalf("the vpcd driver is not configured (%v); run scripts/deps.sh (vsmartcard-vpcd)", err)
	}
	// pcscd puts its socket and PID file there and does not create the directory.
	if err := os.MkdirAll("/run/pcscd", 0o755); err != nil {
		t.Fatalf("create /run/pcscd for pcscd: %v", err)
	}
	d := &daemon{cmd: exec.Command(bin, "-f"), done: make(chan struct{})}
	d.cmd.Stdout, d.cmd.Stderr = &d.log, &d.log
	if err := d.cmd.Start(); err != nil {
		t.Fatalf("start %s -f: %v", bin, err)
	}
	go d.wait()
	shared = d

	deadline := time.Now().Add(startTimeout)
	for !accepting(VPCDAddr) {
		if time.Now().After(deadline) {
			t.Fatalf("pcscd did not open the vpcd port %s within %s; its log:\n%s", VPCDAddr, startTimeout, d.output())
		}
		select {
		case <-d.done:
			// Lost a race with another pcscd (it refuses to start twice): use that one.
			if waitAccepting(VPCDAddr, time.Until(deadline)) {
				return VPCDAddr, readerName(t)
			}
			t.Fatalf("pcscd exited before opening %s (%v); its log:\n%s", VPCDAddr, d.err, d.output())
		case <-time.After(50 * time.Millisecond):
		}
	}
	return VPCDAddr, readerName(t)
}

// daemon is a pcscd this package started.
type daemon struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
	log  lockedBuffer
}

func (d *daemon) wait() {
	d.err = d.cmd.Wait()
	close(d.done)
}

func (d *daemon) output() string { return d.log.String() }

func (d *daemon) exited() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// Stop ends the pcscd that Start started, if any; a test package's TestMain calls it
// after m.Run.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if shared != nil {
		shared.stop()
		shared = nil
	}
}

// stop ends the pcscd by its PID: SIGTERM, then SIGKILL if it lingers.
func (d *daemon) stop() {
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		fmt.Fprintf(os.Stderr, "stop pcscd (pid %d): %v\n", d.cmd.Process.Pid, err)
	}
	select {
	case <-d.done:
	case <-time.After(5 * time.Second):
		_ = d.cmd.Process.Kill()
		<-d.done
	}
}

// lockedBuffer collects pcscd's output, written by exec's copying goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// missing says what to do without pcscd: skip, or fail when the environment requires
// the real PC/SC stack (make test and CI set CITIZENKIOSK_REQUIRE_PCSCD=1).
func missing(requireEnv string) (fail bool, msg string) {
	msg = "pcscd is not installed; run scripts/deps.sh (Debian packages pcscd and vsmartcard-vpcd)"
	return requireEnv == "1", msg
}

func findPCSCD() string {
	if p, err := exec.LookPath("pcscd"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/pcscd", "/usr/local/sbin/pcscd"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// accepting reports whether something listens on addr. vpcd takes the probe for a card
// that is inserted and at once removed, which is harmless.
func accepting(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func waitAccepting(addr string, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if accepting(addr) {
			return true
		}
	}
	return false
}

// readerName asks pcscd for the vpcd reader of the first slot. pcscd opens the vpcd
// port before its own socket, so it keeps asking for a few seconds; it falls back to
// the name the driver normally gives.
func readerName(t testing.TB) string {
	var last error
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		name, err := listVPCD()
		if err == nil {
			return name
		}
		last = err
	}
	t.Logf("find the vpcd reader: %v; assuming %q", last, ReaderName)
	return ReaderName
}

// listVPCD returns the first slot of the vpcd driver among pcscd's readers.
func listVPCD() (string, error) {
	ctx, err := scard.EstablishContext()
	if err != nil {
		return "", fmt.Errorf("PC/SC context: %w", err)
	}
	defer ctx.Release()
	readers, err := ctx.ListReaders()
	if err != nil {
		return "", fmt.Errorf("list PC/SC readers: %w", err)
	}
	for _, r := range readers {
		if strings.HasPrefix(r, "Virtual PCD") && strings.HasSuffix(r, " 00") {
			return r, nil
		}
	}
	return "", fmt.Errorf("no vpcd reader among %d readers", len(readers))
}
