package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
	"github.com/citizenkiosk/citizenkiosk/internal/pgtest"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
	buildOut  []byte
)

// build compiles centrald once per test run into a temp dir.
func build(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "centrald-test")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "centrald")
		buildOut, buildErr = exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, buildOut)
	}
	return binary
}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if binary != "" {
		os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

// process is a running centrald and the lines it has logged.
type process struct {
	cmd   *exec.Cmd
	url   string
	mu    sync.Mutex
	lines []string
	done  chan struct{} // closed when stderr ends
}

var listening = regexp.MustCompile(`msg=listening url=(\S+)`)

// start runs centrald with args and waits until it listens.
func start(t *testing.T, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(build(t), args...), done: make(chan struct{})}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	urls := make(chan string, 1)
	go func() {
		defer close(p.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			p.mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case p.url = <-urls:
	case <-time.After(10 * time.Second):
		t.Fatalf("centrald did not start listening:\n%s", p.log())
	}
	return p
}

func (p *process) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// stop sends SIGTERM and returns the exit status, failing if it takes more than 5 s.
func (p *process) stop(t *testing.T) int {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { <-p.done; exited <- p.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Fatalf("no exit 5 s after SIGTERM:\n%s", p.log())
	}
	return p.cmd.ProcessState.ExitCode()
}

func TestSIGTERMStopsCleanly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "central.db")
	p := start(t, "--listen", "127.0.0.1:0", "--db", db, "--insecure-loopback", "--demo-seed", "--site", "odense")
	resp, err := http.Get(p.url + api.ServicesPath("odense"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("services: %s", resp.Status)
	}
	if code := p.stop(t); code != 0 {
		t.Fatalf("exit %d after SIGTERM:\n%s", code, p.log())
	}
	log := p.log()
	if !strings.Contains(log, "msg=stopped") || !strings.Contains(log, "path=/v1/sites/odense/services status=200") {
		t.Errorf("log lacks the request or the stop:\n%s", log)
	}
	// The demo's citizens were served but never logged.
	_, appts, _ := demo.Seed(time.Now())
	for _, a := range appts {
		if strings.Contains(log, a.Citizen.Surname) || strings.Contains(log, a.Code) {
			t.Fatalf("personal data in the log:\n%s", log)
		}
	}
	// The database was closed properly: another server opens it at once.
	srv, err := server.New(db, server.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	srv.Close()
}

// TestMutualTLSProcess: certificates from "centrald pki" get in only with a certificate,
// and each kiosk reads only its own site's data.
func TestMutualTLSProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	if out, err := exec.Command(build(t), "pki", "--site", "odense", "--kiosk", "odense-1",
		"--site", "aarhus", "--kiosk", "aarhus-1", dir).CombinedOutput(); err != nil {
		t.Fatalf("pki: %v\n%s", err, out)
	}
	p := start(t, "--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "c.db"), "--demo-seed", "--site", "odense",
		"--tls-cert", filepath.Join(dir, "server.pem"), "--tls-key", filepath.Join(dir, "server-key.pem"),
		"--client-ca", filepath.Join(dir, "ca.pem"))
	if !strings.HasPrefix(p.url, "https://") {
		t.Fatalf("url %s", p.url)
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM)
	load := func(name string) []tls.Certificate {
		cert, err := tls.LoadX509KeyPair(filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem"))
		if err != nil {
			t.Fatal(err)
		}
		return []tls.Certificate{cert}
	}
	for _, tt := range []struct {
		name  string
		certs []tls.Certificate
		want  int // 0: the handshake fails
	}{
		{"no client certificate", nil, 0},
		{"odense's kiosk", load("client"), http.StatusOK},
		{"aarhus's kiosk", load("client-2"), http.StatusForbidden},
	} {
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: tt.certs, MinVersion: tls.VersionTLS12}}
		resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Get(p.url + api.ServicesPath("odense"))
		got := 0
		if err == nil {
			got = resp.StatusCode
			resp.Body.Close()
		}
		tr.CloseIdleConnections()
		if got != tt.want {
			t.Errorf("%s: %d (%v), want %d", tt.name, got, err, tt.want)
		}
	}
	if code := p.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, p.log())
	}
}
