// Command screenshots renders every self-service screen of the kiosk, in Danish and in
// English, to PNG files, with Fyne's software renderer: no display, no OpenGL. It also
// renders the counter's screens in both languages and the waiting-room board (which shows
// both at once), also after a recall, on a landscape screen: the same size turned.
//
//	go run -tags ci ./cmd/screenshots -out docs/screenshots
//
// It runs the real screens over a real database holding the demo day (internal/demo) in a
// temporary directory, at a fixed time, and reaches each screen by tapping its buttons as
// a citizen would; the counter's and the board's databases also hold a morning's queue.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

func main() {
	out := flag.String("out", "docs/screenshots", "directory for the PNG files")
	width := flag.Int("width", 1080, "screen width in pixels")
	height := flag.Int("height", 1920, "screen height in pixels")
	flag.Parse()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err := run(*out, fyne.NewSize(float32(*width), float32(*height))); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

// now is the demo's fixed time, so that the screenshots do not change from run to run.
var now = time.Date(2026, time.March, 10, 10, 0, 0, 0, time.UTC)

func run(out string, size fyne.Size) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "screenshots")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	clock := booking.ClockFunc(func() time.Time { return now })
	_, appts, hints := demo.Seed(now)
	cancelled := appts[5].Code
	a := test.NewApp()
	ddmmyy := fmt.Sprintf("%02d%02d%02d", hints.Twins.Day, int(hints.Twins.Month), hints.Twins.Year%100)

	shots := []struct {
		name  string
		fails bool // the printer fails
		steps func(s *session) error
	}{
		{"welcome", false, func(s *session) error { return nil }},
		{"appointment", false, func(s *session) error {
			return s.do(s.tap("I have an appointment"), s.keys(hints.DueNow[:5]))
		}},
		{"birthdate", false, func(s *session) error {
			return s.do(s.tap("I have an appointment"), s.tap("I don't have my code"), s.keys(ddmmyy[:4]))
		}},
		{"firstname", false, func(s *session) error {
			return s.do(s.tap("I have an appointment"), s.tap("I don't have my code"), s.keys(ddmmyy),
				s.tap("OK"), s.keys("SØR"))
		}},
		{"walkin", false, func(s *session) error { return s.do(s.tap("I have no appointment")) }},
		// The appointment due now is for MitID: the ticket says to bring photo ID with a chip.
		{"ticket", false, func(s *session) error {
			return s.do(s.tap("I have an appointment"), s.keys(hints.DueNow), s.tap("OK"))
		}},
		{"printer-failed", true, func(s *session) error { return s.do(s.scan(hints.DueNow)) }},
		{"too-early", false, func(s *session) error { return s.do(s.scan(hints.TooEarly)) }},
		{"too-late", false, func(s *session) error { return s.do(s.scan(hints.TooLate)) }},
		{"invalid-code", false, func(s *session) error { return s.do(s.scan("12345678")) }},
		{"unknown-code", false, func(s *session) error { return s.do(s.scan(booking.MakeBookingCode(9999999))) }},
		{"cancelled", false, func(s *session) error { return s.do(s.scan(cancelled)) }},
		{"bad-scan", false, func(s *session) error { return s.do(s.scan("WIFI:S:guest;;")) }},
		{"no-match", false, func(s *session) error {
			return s.do(s.tap("I have an appointment"), s.tap("I don't have my code"), s.keys("010203"), s.tap("OK"))
		}},
	}
	for _, language := range kiosk.Languages {
		for _, shot := range shots {
			prn := &fakePrinter{}
			if shot.fails {
				prn.err = errors.New("printer offline")
			}
			// Each shot starts from the demo day as seeded: no ticket issued yet.
			desk, closeDB, err := openDesk(filepath.Join(dir, shot.name+"-"+language+".db"), clock)
			if err != nil {
				return err
			}
			w := test.NewWindow(nil)
			ui := kiosk.New(a, w, kiosk.Options{Desk: desk, Printer: prn, Clock: clock, Language: language,
				Demo: true, Status: online{}, IdleTimeout: time.Hour, TicketTimeout: time.Hour})
			ui.Show()
			w.Resize(size)
			s := &session{w: w, ui: ui}
			err = shot.steps(s)
			if err == nil {
				name := filepath.Join(out, shot.name+"-"+language+".png")
				err = save(name, w.Canvas().Capture())
			}
			ui.Stop()
			ui.Wait()
			w.Close()
			if cerr := closeDB(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("%s in %s: %w", shot.name, language, err)
			}
		}
	}
	landscape := fyne.NewSize(size.Height, size.Width)
	if err := counterShots(a, out, dir, landscape); err != nil {
		return err
	}
	return boardRecallShot(a, out, dir, landscape)
}

// openDesk opens a new database at path holding the demo day, with one appointment
// (the sixth) cancelled, and a desk over it.
func openDesk(path string, clock booking.Clock) (*booking.Desk, func() error, error) {
	// Each database in a folder of its own: the sealing key beside a database belongs to
	// that one, and storage refuses a folder whose key has lost its database.
	folder := strings.TrimSuffix(path, filepath.Ext(path))
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return nil, nil, err
	}
	db, err := storage.Open(filepath.Join(folder, "kiosk.db"), storage.Options{KioskID: "screenshots"})
	if err != nil {
		return nil, nil, err
	}
	services, appts, _ := demo.Seed(clock.Now())
	appts[5].Cancelled = true
	if err := db.ReplaceDay(booking.DayOf(clock.Now()), services, appts); err != nil {
		db.Close()
		return nil, nil, err
	}
	return booking.NewDesk(db, clock, booking.DefaultRules()), db.Close, nil
}

// fakePrinter prints nowhere, or fails.
type fakePrinter struct{ err error }

func (p *fakePrinter) Print(context.Context, printer.Slip) error { return p.err }

func save(name string, img image.Image) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := printer.EncodePNG(f, img); err != nil {
		f.Close()
		return err
	}
	fmt.Println(name)
	return f.Close()
}

// online is the sync status the screenshots show: the central system answers, nothing waits.
type online struct{}

func (online) SyncState() kiosk.SyncState { return kiosk.SyncState{Online: true} }
