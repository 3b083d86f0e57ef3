package site

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

func testServices() []booking.Service {
	return []booking.Service{
		{ID: "pas", NameDA: "Pas", NameEN: "Passport", Prefix: "A", Duration: 10 * time.Minute},
		{ID: "mitid", NameDA: "MitID", NameEN: "MitID", Prefix: "B", Duration: 15 * time.Minute},
	}
}

// openDesk opens (or creates) the desk's database at path with today's services.
func openDesk(t testing.TB, path string) (*Desk, *storage.DB) {
	t.Helper()
	db, err := storage.Open(path, storage.Options{KioskID: "desk", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.ReplaceDay(booking.DayOf(time.Now()), testServices(), nil); err != nil {
		t.Fatal(err)
	}
	return NewDesk(db, nil, booking.DefaultRules()), db
}

// site is a desk serving mutual TLS on loopback, and its PKI.
type testSite struct {
	desk *Desk
	db   *storage.DB
	pki  PKIFiles
	url  string
}

var testMachines = []Machine{
	{Name: "door", Roles: []Role{RoleSelfService}},
	{Name: "counter-1", Roles: []Role{RoleCounter}},
	{Name: "counter-2", Roles: []Role{RoleCounter}},
	{Name: "board", Roles: []Role{RoleDisplay}},
	{Name: "nobody"},
}

func startSite(t testing.TB) *testSite { t.Helper(); return startSiteWith(t, testMachines) }

func startSiteWith(t testing.TB, machines []Machine) *testSite {
	t.Helper()
	dir := t.TempDir()
	pki, err := WritePKI(filepath.Join(dir, "pki"), []string{"127.0.0.1"}, machines)
	if err != nil {
		t.Fatal(err)
	}
	desk, db := openDesk(t, filepath.Join(dbDir(t), "desk.db"))
	cert, key := pki.Desk()
	l, err := Listen(ServeOptions{Addr: "127.0.0.1:0", CA: pki.CA(), Cert: cert, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	serve(t, l, desk)
	return &testSite{desk: desk, db: db, pki: pki, url: "https://" + l.Addr().String()}
}

func serve(t testing.TB, l net.Listener, desk *Desk) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = Serve(ctx, l, NewServer(desk, nil)) }()
	t.Cleanup(func() { cancel(); <-done })
}

// client connects to the site as machine name.
func (s *testSite) client(t testing.TB, name string) *Client {
	t.Helper()
	cert, key := s.pki.Machine(name)
	c, err := NewClient(ClientOptions{URL: s.url, CA: s.pki.CA(), Cert: cert, Key: key, Attempt: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// dbDir is a directory of the desk's own for its database: storage refuses one that other
// users can read or that holds files not its own.
func dbDir(t testing.TB) string {
	d := t.TempDir()
	if err := os.Chmod(d, 0o700); err != nil {
		t.Fatal(err)
	}
	return d
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
