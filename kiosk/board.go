package kiosk

import (
	"image/color"
	"log/slog"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// BoardDesk is what the waiting-room board needs. *booking.Desk satisfies it.
type BoardDesk interface {
	Board(day string) ([]booking.Ticket, error)
}

// Announcer makes a call heard in the waiting room: a chime, and perhaps the number and
// counter spoken. The board calls it off the UI goroutine, once per new call, oldest first;
// it must not block for long (a player queues the sound and returns).
type Announcer interface {
	Announce(ticket, counter string)
}

// BoardOptions configure the display mode. Only Desk is required.
type BoardOptions struct {
	Desk      BoardDesk
	Announcer Announcer     // nil: a silent board
	Clock     booking.Clock // nil: the wall clock
	Refresh   time.Duration // how often the board is read again; 1 s if zero
	KioskMode bool          // full screen, and the window cannot be closed
	Status    SyncSource    // if set, the sync status shown small under the clock
	Release   string        // shown small in the bottom corner, so IT can read it off the wall
}

// flashFor is how long a new call's band blinks: long enough for a citizen who looks up at
// the chime to see which number it was.
const flashFor = 8 * time.Second

// staleCall is how old a call may be when the board first sees it and still be announced.
// A board that could not read the desk for a while shows the calls made meanwhile when it
// can again, but a burst of chimes for citizens already at the counter would only confuse.
const staleCall = time.Minute

// amber marks the newest call; ink on it is 11:1.
var amber = color.NRGBA{R: 0xff, G: 0xc2, B: 0x0e, A: 0xff}

// Board is the waiting-room display: "Now serving", the tickets called and not yet done
// with, newest on top and highlighted, in Danish and English at once since it is for
// everyone. A new call (a recall too) blinks its band and is announced; Fyne plays no
// sound, so the Announcer does.
type Board struct {
	opt  BoardOptions
	view *boardView

	// mu guards what the refresh goroutine keeps between reads; tests read from their own.
	mu      sync.Mutex
	failing bool        // the last read failed; logged once per run of failures
	calls   callTracker // which calls have been announced
	flash   time.Time   // the newest call's band blinks until then

	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

// NewBoard builds the board for w and starts reading the desk every Refresh.
func NewBoard(a fyne.App, w fyne.Window, opt BoardOptions) *Board {
	if opt.Clock == nil {
		opt.Clock = booking.SystemClock{}
	}
	opt.Refresh = or(opt.Refresh, time.Second)
	if a != nil {
		a.Settings().SetTheme(Theme{})
	}
	b := &Board{opt: opt, view: newBoardView(), stop: make(chan struct{}), done: make(chan struct{})}
	b.view.release.Text = opt.Release
	b.view.translate()
	b.view.set(b.poll())
	if w != nil {
		w.SetPadded(false) // the navy reaches the screen's edges
		if opt.KioskMode {
			w.SetFullScreen(true)
			w.SetCloseIntercept(func() { slog.Info("board: request to close the window ignored") })
		}
	}
	go b.run()
	return b
}

// Content is the board's whole user interface.
func (b *Board) Content() fyne.CanvasObject { return b.view }

// Stop ends the refresh and waits for it. The window stays as it is.
func (b *Board) Stop() {
	b.stopOnce.Do(func() { close(b.stop) })
	<-b.done
}

// run reads the board every Refresh, and at once when the desk's feed tells of a change
// or of the desk going away, until Stop.
func (b *Board) run() {
	defer close(b.done)
	t := time.NewTicker(b.opt.Refresh)
	defer t.Stop()
	news, cancel := follow(b.opt.Desk)
	defer cancel()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
		case _, ok := <-news:
			if !ok || !drain(news) {
				news = nil
			}
		}
		shot := b.poll()
		onUI(func() { b.view.set(shot) })
	}
}

// boardShot is what the board shows at one moment.
type boardShot struct {
	now     time.Time
	tickets []booking.Ticket
	ok      bool   // false: the read failed and the tickets on screen stay
	flash   bool   // the newest call is new: its band blinks
	status  string // the sync status, if the board has a source of it
}

// poll reads the board and announces the calls that are new since the last read, off the
// UI goroutine. The first read announces nothing: a board that starts (or restarts) in the
// middle of the day must not call out numbers called long ago.
func (b *Board) poll() boardShot {
	s := b.read()
	if !s.ok {
		return s
	}
	b.mu.Lock()
	fresh := slices.DeleteFunc(b.calls.update(s.tickets), func(t booking.Ticket) bool {
		return s.now.Sub(t.Announced()) > staleCall
	})
	if len(fresh) > 0 {
		b.flash = s.now.Add(flashFor)
	}
	s.flash = s.now.Before(b.flash)
	b.mu.Unlock()
	if b.opt.Announcer != nil {
		for _, t := range fresh {
			b.opt.Announcer.Announce(t.Number, t.Counter)
		}
	}
	return s
}

// read asks the desk for today's board, off the UI goroutine.
func (b *Board) read() boardShot {
	now := b.opt.Clock.Now()
	ts, err := b.opt.Desk.Board(booking.DayOf(now))
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		if !b.failing {
			slog.Error("board: read the calls", "err", err)
		}
		b.failing = true
		return boardShot{now: now}
	}
	if b.failing {
		slog.Info("board: reading the calls again")
	}
	b.failing = false
	s := boardShot{now: now, tickets: ts, ok: true}
	if b.opt.Status != nil {
		s.status = SyncStatusText(b.opt.Status.SyncState())
	}
	return s
}

// boardView draws the board. It lays itself out by hand so that every text scales with
// the screen: the numbers are as large as the rows allow.
type boardView struct {
	widget.BaseWidget
	background *canvas.Rectangle
	titleDA    *canvas.Text // "Nu betjenes"
	titleEN    *canvas.Text // "Now serving"
	clock      *canvas.Text
	numberHead *canvas.Text // "Nummer · Number"
	deskHead   *canvas.Text // "Skranke · Counter"
	emptyDA    *canvas.Text // shown when no one has been called today
	emptyEN    *canvas.Text
	offline    *canvas.Text // the sync status, or "offline" while the desk cannot be read; the last calls stay
	release    *canvas.Text // the program's release, bottom right
	rows       [booking.BoardSize]boardRow
	shown      []booking.Ticket
	flash      bool // the newest call is new, and its band blinks
}

// boardRow is one call: the ticket number and the counter, on a band.
type boardRow struct {
	band    *canvas.Rectangle
	number  *canvas.Text
	counter *canvas.Text
}

func newBoardView() *boardView {
	txt := func(c color.Color, bold bool) *canvas.Text {
		return &canvas.Text{Color: c, TextStyle: fyne.TextStyle{Bold: bold}}
	}
	light := color.NRGBA{R: 0xc8, G: 0xd3, B: 0xe0, A: 0xff}
	v := &boardView{background: canvas.NewRectangle(navy),
		titleDA: txt(white, true), titleEN: txt(light, false), clock: txt(white, true),
		numberHead: txt(light, false), deskHead: txt(light, false),
		emptyDA: txt(white, true), emptyEN: txt(light, false), offline: txt(light, false),
		release: txt(light, false)}
	v.offline.Alignment = fyne.TextAlignTrailing
	v.release.Alignment = fyne.TextAlignTrailing
	v.deskHead.Alignment = fyne.TextAlignTrailing
	v.clock.Alignment = fyne.TextAlignTrailing
	v.emptyDA.Alignment, v.emptyEN.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter
	for i := range v.rows {
		v.rows[i] = boardRow{band: canvas.NewRectangle(color.Transparent), number: txt(white, true), counter: txt(white, true)}
		v.rows[i].counter.Alignment = fyne.TextAlignTrailing
	}
	v.ExtendBaseWidget(v)
	return v
}

// translate sets the fixed texts, each in both languages.
func (v *boardView) translate() {
	both := func(key string) string { return inLanguage("da", key) + " · " + inLanguage("en", key) }
	v.titleDA.Text = inLanguage("da", "Now serving")
	v.titleEN.Text = inLanguage("en", "Now serving")
	v.numberHead.Text = both("Number")
	v.deskHead.Text = both("Counter")
	v.emptyDA.Text = inLanguage("da", "Please wait until your number is called.")
	v.emptyEN.Text = inLanguage("en", "Please wait until your number is called.")
}

// set shows a read of the board: newest call first on the amber band, blinking while new.
func (v *boardView) set(s boardShot) {
	v.clock.Text = clock(s.now)
	switch {
	case !s.ok:
		v.offline.Text = inLanguage("da", "status.offline")
		v.offline.Show()
	case s.status != "":
		v.offline.Text = s.status
		v.offline.Show()
	default:
		v.offline.Hide()
	}
	if s.ok {
		v.shown = s.tickets
	}
	for i := range v.rows {
		r := &v.rows[i]
		r.number.Text, r.counter.Text = "", ""
		r.band.FillColor = color.Transparent
		r.number.Color, r.counter.Color = white, white
		if i < len(v.shown) {
			r.number.Text, r.counter.Text = v.shown[i].Number, v.shown[i].Counter
		}
	}
	v.flash = s.flash
	if len(v.shown) > 0 {
		// A new call blinks between amber and white, one step per read (a second), so the
		// eye finds it even when the same number was on top before (a recall).
		v.rows[0].band.FillColor = amber
		if s.flash && s.now.Unix()%2 == 1 {
			v.rows[0].band.FillColor = white
		}
		v.rows[0].number.Color, v.rows[0].counter.Color = ink, ink
	}
	empty := len(v.shown) == 0
	for _, t := range []*canvas.Text{v.emptyDA, v.emptyEN} {
		if empty {
			t.Show()
		} else {
			t.Hide()
		}
	}
	v.Refresh()
}

// CreateRenderer draws the board.
func (v *boardView) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{v.background, v.titleDA, v.titleEN, v.clock, v.numberHead, v.deskHead, v.emptyDA, v.emptyEN, v.offline, v.release}
	for _, r := range v.rows {
		objs = append(objs, r.band, r.number, r.counter)
	}
	return &boardRenderer{v: v, objs: objs}
}

type boardRenderer struct {
	v    *boardView
	objs []fyne.CanvasObject
}

func (r *boardRenderer) Destroy()                     {}
func (r *boardRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *boardRenderer) MinSize() fyne.Size           { return fyne.NewSize(320, 240) }

func (r *boardRenderer) Refresh() {
	for _, o := range r.objs {
		o.Refresh()
	}
}

// Layout: a title band, column heads, then the rows; the newest row is 1.6 times as tall
// as the others. Sizes follow the height, so a 1080p screen shows numbers about 150 px high.
func (r *boardRenderer) Layout(size fyne.Size) {
	v := r.v
	v.background.Resize(size)
	h, w := size.Height, size.Width
	pad := h * 0.025
	place := func(t *canvas.Text, x, y, width, height, textSize float32) {
		t.TextSize = textSize
		t.Resize(fyne.NewSize(width, height))
		t.Move(fyne.NewPos(x, y))
	}
	inner := w - 4*pad
	place(v.titleDA, 2*pad, pad, inner, h*0.08, h*0.07)
	place(v.titleEN, 2*pad, pad+h*0.08, inner, h*0.05, h*0.04)
	place(v.clock, 2*pad, pad, inner, h*0.08, h*0.06)
	place(v.offline, 2*pad, pad+h*0.08, inner, h*0.05, h*0.03)
	headY := pad + h*0.15
	place(v.numberHead, 2*pad, headY, inner/2, h*0.05, h*0.035)
	place(v.deskHead, 2*pad+inner/2, headY, inner/2, h*0.05, h*0.035)

	top := headY + h*0.06
	unit := (h - top - pad) / (1.6 + float32(len(v.rows)-1))
	place(v.emptyDA, 2*pad, top+unit, inner, unit, unit*0.35)
	place(v.emptyEN, 2*pad, top+2*unit, inner, unit, unit*0.28)
	place(v.release, 2*pad, h-pad, inner, pad, pad*0.6) // in the bottom margin, under the rows
	y := top
	for i, row := range v.rows {
		rowH := unit
		if i == 0 {
			rowH = 1.6 * unit
		}
		row.band.Resize(fyne.NewSize(w-2*pad, rowH-pad/2))
		row.band.Move(fyne.NewPos(pad, y))
		row.band.CornerRadius = pad / 2
		place(row.number, 2*pad, y, inner/2, rowH-pad/2, rowH*0.7)
		place(row.counter, 2*pad+inner/2, y, inner/2, rowH-pad/2, rowH*0.7)
		y += rowH
	}
}
