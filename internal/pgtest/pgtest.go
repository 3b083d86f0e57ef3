// Package pgtest gives tests a real PostgreSQL server: Debian's postgresql package, run
// from a temporary directory with its socket there and no TCP port, one server per test
// binary, and a new empty database per test.
//
// initdb and postgres refuse to run as root, and CI runs as root: then both run as the
// postgres user the Debian package creates (runuser). Without PostgreSQL installed a test
// is skipped, or fails when CITIZENKIOSK_REQUIRE_POSTGRES=1 (make test sets it).
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequireEnv names the environment variable that turns a missing PostgreSQL from a skip
// into a failure.
const RequireEnv = "CITIZENKIOSK_REQUIRE_POSTGRES"

const startTimeout = 60 * time.Second

var (
	mu     sync.Mutex
	shared *Cluster
	dbs    int
)

// Cluster is a PostgreSQL server this package started.
type Cluster struct {
	bin    string // directory of initdb and postgres
	dir    string // data directory and socket, removed by Stop
	runAs  []string
	cmd    *exec.Cmd
	log    *bytes.Buffer
	exited chan struct{}
}

// URL returns the URL of a new, empty database on the test binary's server, starting the
// server on first use. The database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	c := Shared(t)
	mu.Lock()
	dbs++
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbs)
	mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// A test that stopped the server leaves nothing to drop.
		_ = c.exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return c.URL(name)
}

// Shared returns the test binary's server, starting it on first use.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if shared != nil {
		return shared
	}
	bin := findBin()
	if bin == "" {
		msg := "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin); run scripts/deps.sh"
		if os.Getenv(RequireEnv) == "1" {
			t.Fatal(msg + " (" + RequireEnv + "=1)")
		}
		t.Skip(msg)
	}
	c, err := start(bin)
	if err != nil {
		t.Fatal(err)
	}
	shared = c
	return c
}

// Stop stops the test binary's server and removes its directory; call it from TestMain.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if shared != nil {
		_ = shared.StopServer()
		_ = os.RemoveAll(shared.dir)
		shared = nil
	}
}

// URL returns the URL of database name on c, over the Unix socket.
func (c *Cluster) URL(name string) string {
	q := url.Values{"host": {c.dir}, "user": {"postgres"}, "sslmode": {"disable"}}
	return "postgres:///" + name + "?" + q.Encode()
}

func findBin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	// The newest version first: 15 sorts after 9 by number, not by text.
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// start runs initdb in a new directory and starts postgres on it.
func start(bin string) (*Cluster, error) {
	dir, err := os.MkdirTemp("", "ckpg-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	c := &Cluster{bin: bin, dir: dir}
	if os.Getuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("pgtest: running as root needs the postgres user of Debian's package: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
		c.runAs = []string{"runuser", "-u", "postgres", "--"}
	}
	out, err := c.command(filepath.Join(bin, "initdb"), "-D", c.data(), "--username=postgres",
		"--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync").CombinedOutput()
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	if err := c.StartServer(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	all := append(append(append([]string{}, c.runAs...), name), args...)
	return exec.Command(all[0], all[1:]...)
}

// StartServer starts postgres on the cluster's directory and waits until it accepts
// connections. Tests that restart PostgreSQL under load call it after StopServer.
func (c *Cluster) StartServer() error {
	c.log = &bytes.Buffer{}
	c.cmd = c.command(filepath.Join(c.bin, "postgres"), "-D", c.data(), "-k", c.dir,
		"-c", "listen_addresses=", "-c", "max_connections=200")
	c.cmd.Stdout, c.cmd.Stderr = c.log, c.log
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: start postgres: %w", err)
	}
	c.exited = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(c.cmd, c.exited)
	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := c.exec(ctx, "SELECT 1")
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("pgtest: postgres exited: %s", c.log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pgtest: postgres not ready within %s: %w\n%s", startTimeout, err, c.log)
		}
	}
}

// StopServer stops postgres with a fast shutdown (SIGINT: sessions are ended, nothing
// committed is lost) and waits for it to exit.
func (c *Cluster) StopServer() error {
	if c.cmd == nil {
		return nil
	}
	// Signal the postmaster itself: with runuser in between, the child we started is
	// runuser, and postmaster.pid names the server.
	pid, err := c.postmasterPID()
	if err != nil {
		return err
	}
	if err := syscall.Kill(pid, syscall.SIGINT); err != nil {
		return fmt.Errorf("pgtest: stop postgres: %w", err)
	}
	select {
	case <-c.exited:
	case <-time.After(startTimeout):
		return errors.New("pgtest: postgres did not stop")
	}
	c.cmd = nil
	return nil
}

func (c *Cluster) postmasterPID() (int, error) {
	b, err := os.ReadFile(filepath.Join(c.data(), "postmaster.pid"))
	if err != nil {
		return 0, fmt.Errorf("pgtest: %w", err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	return strconv.Atoi(strings.TrimSpace(first))
}

// exec runs one statement in the maintenance database.
func (c *Cluster) exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}
