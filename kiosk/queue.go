package kiosk

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// queueScreen is the counter's working screen: the ticket at this counter with the
// actions that fit it, and the line of tickets waiting for this counter's services in the
// order they will be called, each with its estimated wait. It reads the desk again every
// few seconds (Counter.refresh) and after every action.
type queueScreen struct {
	c      *Counter
	who    *widget.Label // "Skranke 3 · Medarbejder 1042"
	logout *widget.Button
	sync   *widget.Label // the sync status, when the counter has a source of it

	atCounter *widget.Label // "At the counter"
	number    *canvas.Text  // the ticket at this counter, or a dash
	detail    *widget.Label // its service and kind
	state     *widget.Label // called at, called again at, or being served
	citizen   *widget.Label // the booked citizen's name and birth date, to hold the ID against
	message   *widget.Label // what the last action did, or why it could not

	callNext, recall, start, noShow, transfer, finish *widget.Button
	identify                                          *widget.Button // hidden without a reader

	waiting *widget.Label // "Waiting: 4"
	list    *widget.List
	box     fyne.CanvasObject

	places     []booking.Place // the line on screen
	current    booking.Ticket  // the ticket at this counter, if hasCurrent
	hasCurrent bool
	booked     booking.Citizen // who booked current, if hasBooked
	hasBooked  bool
	// offline: the desk did not answer the last read. The actions are disabled until a
	// read succeeds again, since none of them could reach it.
	offline bool
}

func newQueueScreen(c *Counter) *queueScreen {
	q := &queueScreen{c: c, who: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		sync: &widget.Label{}, atCounter: heading(), detail: text(), state: text(), citizen: text(), message: text(), waiting: heading(),
		number: &canvas.Text{Color: navy, TextSize: 96, Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}},
	}
	q.atCounter.Alignment, q.waiting.Alignment = fyne.TextAlignLeading, fyne.TextAlignLeading
	q.detail.Alignment, q.state.Alignment, q.citizen.Alignment = fyne.TextAlignLeading, fyne.TextAlignLeading, fyne.TextAlignLeading
	q.citizen.TextStyle.Bold = true
	q.logout = c.button(widget.MediumImportance, c.logout)
	q.callNext = c.button(widget.HighImportance, q.onCallNext)
	q.recall = c.button(widget.MediumImportance, func() { q.act("recall", c.opt.Desk.Recall) })
	q.start = c.button(widget.MediumImportance, func() { q.act("start", c.opt.Desk.Start) })
	q.noShow = c.button(widget.WarningImportance, func() { q.act("no-show", c.opt.Desk.NoShow) })
	q.finish = c.button(widget.SuccessImportance, func() { q.act("finish", c.opt.Desk.Finish) })
	q.transfer = c.button(widget.MediumImportance, q.onTransfer)
	q.identify = c.button(widget.HighImportance, q.onIdentify)
	if !c.canIdentify() {
		q.identify.Hide()
	}
	q.list = &widget.List{
		Length:     func() int { return len(q.places) },
		CreateItem: func() fyne.CanvasObject { return newLineRow() },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { o.(*lineRow).set(q.c, q.places[i]) },
	}

	// The rows of buttons take the sum of their texts' widths, not the widest text times the
	// number of buttons as a grid would: Danish labels are long, and a counter screen may be
	// 1366 pixels wide (TestCounterScreensFit).
	actions := container.NewVBox(
		sized(q.callNext, fyne.NewSize(0, 72)),
		container.New(shareRow{}, q.recall, q.start, q.noShow),
		container.New(shareRow{}, q.identify, q.transfer, q.finish),
	)
	// The number beside what it is, so the ticket takes the height of one, not four lines.
	ticket := container.NewBorder(nil, nil, q.number, nil, container.NewVBox(q.detail, q.state, q.citizen))
	left := container.NewBorder(
		container.NewVBox(q.atCounter, ticket), container.NewVBox(actions, q.message),
		nil, nil, layout.NewSpacer())
	right := container.NewBorder(q.waiting, nil, nil, nil, q.list)
	top := container.NewBorder(nil, widget.NewSeparator(), nil,
		container.NewHBox(q.sync, container.NewPadded(q.logout)), container.NewPadded(q.who))
	q.box = container.NewBorder(top, nil, nil, nil,
		container.New(shareRow{weights: []float32{3, 2}}, container.NewPadded(left), container.NewPadded(right)))
	q.clear()
	return q
}

// begin starts a session: who is at the counter, nothing done yet.
func (q *queueScreen) begin() {
	q.who.SetText(lang.L("Counter {{.Name}}", map[string]any{"Name": q.c.opt.CounterName}) + " · " +
		lang.L("Staff {{.ID}}", map[string]any{"ID": q.c.staffID}))
	q.message.SetText("")
}

// set shows the line and the ticket at the counter as last read, with the citizen who
// booked it when there is one.
func (q *queueScreen) set(line []booking.Place, current booking.Ticket, found bool, booked booking.Citizen, hasBooked bool) {
	q.places, q.current, q.hasCurrent = line, current, found
	q.booked, q.hasBooked = booked, hasBooked && found
	if q.offline {
		q.offline = false
		q.message.Importance = widget.MediumImportance
		q.message.SetText(lang.L("The queue server answers again."))
	}
	q.waiting.SetText(lang.L("Waiting: {{.Count}}", map[string]any{"Count": len(line)}))
	q.list.Refresh()
	q.showCurrent()
}

// failed says the queue could not be read; what is on screen stays. When the desk did not
// answer at all, the actions are disabled until it does.
func (q *queueScreen) failed(err error) {
	q.message.Importance = widget.DangerImportance
	if unreachable(err) {
		q.goOffline()
		return
	}
	q.message.SetText(lang.L("The queue could not be read. It is tried again in a moment."))
}

// goOffline disables the actions and says why, and that nothing needs to be done.
func (q *queueScreen) goOffline() {
	q.offline = true
	q.message.Importance = widget.DangerImportance
	q.message.SetText(lang.L("The queue server cannot be reached. The buttons return by themselves when it answers."))
	q.showCurrent()
}

func (q *queueScreen) showCurrent() {
	t := q.current
	switch {
	case !q.hasCurrent:
		q.number.Text = "–"
		q.detail.SetText(lang.L("No one at the counter"))
		q.state.SetText("")
		q.citizen.SetText("")
	default:
		q.number.Text = t.Number
		q.detail.SetText(q.c.service(t.ServiceID).Name(q.c.opt.Language) + " · " + kindText(t, q.c.opt.Clock.Now()))
		switch {
		case t.Status == booking.StatusServing:
			q.state.SetText(lang.L("Being served"))
		case t.RecalledAt.After(t.CalledAt):
			q.state.SetText(lang.L("Called again at {{.Time}}", map[string]any{"Time": clock(t.RecalledAt)}))
		default:
			q.state.SetText(lang.L("Called at {{.Time}}", map[string]any{"Time": clock(t.Announced())}))
		}
		q.citizen.SetText(bookedText(q.booked, q.hasBooked))
	}
	q.number.Refresh()
	on := !q.offline
	called := on && q.hasCurrent && t.Status == booking.StatusCalled
	enable(q.callNext, on && !q.hasCurrent)
	enable(q.recall, called)
	enable(q.start, called)
	enable(q.noShow, called)
	enable(q.transfer, on && q.hasCurrent)
	enable(q.finish, on && q.hasCurrent)
	enable(q.identify, on && q.hasCurrent)
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// kindText is "Booked for 10:15", "Booked for 10:30 (early)" or "Walk-in since 09:40".
// An early check-in waits for its time, so it stands at the end of the line with a
// shorter wait than those before it; the note says why.
func kindText(t booking.Ticket, now time.Time) string {
	if t.Kind == booking.KindAppointment && t.Status.Waiting() && t.BookedAt.After(now) {
		return lang.L("Booked for {{.Time}} (early)", map[string]any{"Time": clock(t.BookedAt)})
	}
	if t.Kind == booking.KindAppointment {
		return lang.L("Booked for {{.Time}}", map[string]any{"Time": clock(t.BookedAt)})
	}
	return lang.L("Walk-in since {{.Time}}", map[string]any{"Time": clock(t.IssuedAt)})
}

func (q *queueScreen) onCallNext() {
	c := q.c
	c.do(func() func() {
		t, err := c.opt.Desk.CallNext(c.opt.CounterName, c.opt.Services)
		return func() { q.done("call next", t, err, "") }
	})
}

// act runs a counter action on the ticket at the counter.
func (q *queueScreen) act(name string, action func(number string) (booking.Ticket, error)) {
	if !q.hasCurrent {
		return
	}
	number := q.current.Number
	q.c.do(func() func() {
		t, err := action(number)
		return func() {
			var note string
			switch t.Status {
			case booking.StatusNoShow:
				note = lang.L("{{.Number}} did not come.", map[string]any{"Number": t.Number})
			case booking.StatusDone:
				note = lang.L("{{.Number}} is done.", map[string]any{"Number": t.Number})
			}
			q.done(name, t, err, note)
		}
	})
}

// done shows the outcome of an action and reads the queue again.
func (q *queueScreen) done(action string, t booking.Ticket, err error, note string) {
	q.message.Importance = widget.MediumImportance
	switch {
	case err == nil:
		slog.Info("counter: "+action, "counter", q.c.opt.CounterName, "ticket", t.Number)
		q.message.SetText(note)
		if t.Number != q.current.Number {
			q.hasBooked = false // another ticket: its citizen comes with the refresh below
		}
		q.current, q.hasCurrent = t, t.Status == booking.StatusCalled || t.Status == booking.StatusServing
		q.showCurrent()
	case errors.Is(err, booking.ErrQueueEmpty):
		q.message.SetText(lang.L("No one is waiting."))
	case errors.Is(err, booking.ErrTicketState), errors.Is(err, booking.ErrUnknownTicket):
		slog.Warn("counter: "+action+" refused", "counter", q.c.opt.CounterName, "err", err)
		q.message.Importance = widget.DangerImportance
		q.message.SetText(lang.L("That ticket has moved on. The screen now shows how things stand."))
	case unreachable(err):
		slog.Error("counter: "+action, "counter", q.c.opt.CounterName, "err", err)
		q.goOffline()
	default:
		slog.Error("counter: "+action, "counter", q.c.opt.CounterName, "err", err)
		q.message.Importance = widget.DangerImportance
		q.message.SetText(lang.L("Something went wrong. Please try again."))
	}
	q.message.Refresh()
	q.c.refresh()
}

func (q *queueScreen) onTransfer() {
	if q.hasCurrent {
		q.c.transfer.set(q.current, q.c.services)
		q.c.show(q.c.transfer)
	}
}

// onIdentify opens the identify screen for the ticket at the counter.
func (q *queueScreen) onIdentify() {
	if q.hasCurrent && q.c.canIdentify() && !q.c.busy {
		q.c.identify.begin(q.current.Number)
		q.c.show(q.c.identify)
	}
}

// transferred comes back from the transfer screen.
func (q *queueScreen) transferred(t booking.Ticket, err error) {
	q.c.show(q)
	note := ""
	if err == nil {
		note = lang.L("{{.Number}} now waits for {{.Service}}.",
			map[string]any{"Number": t.Number, "Service": q.c.service(t.ServiceID).Name(q.c.opt.Language)})
	}
	q.done("transfer", t, err, note)
}

func (q *queueScreen) content() fyne.CanvasObject { return q.box }

func (q *queueScreen) translate() {
	q.logout.SetText(lang.L("Log out"))
	q.atCounter.SetText(lang.L("At the counter"))
	q.callNext.SetText(lang.L("Call next"))
	q.recall.SetText(lang.L("Call again"))
	q.start.SetText(lang.L("Citizen has come"))
	q.noShow.SetText(lang.L("Did not come"))
	q.transfer.SetText(lang.L("Transfer"))
	q.finish.SetText(lang.L("Finish"))
	q.identify.SetText(lang.L("Identify"))
}

// clear forgets the session: the queue is read again at the next login.
func (q *queueScreen) clear() {
	q.offline = false
	q.who.SetText("")
	q.sync.SetText("")
	q.message.SetText("")
	q.set(nil, booking.Ticket{}, false, booking.Citizen{}, false)
}

// bookedText is "Booked by Søren Hansen, born 14.03.1988" for a ticket with a booking,
// and nothing otherwise (a walk-in, or a booking the day no longer holds).
func bookedText(c booking.Citizen, found bool) string {
	if !found {
		return ""
	}
	name := strings.TrimSpace(c.GivenNames + " " + c.Surname)
	born := fmt.Sprintf("%02d.%02d.%04d", c.BirthDate.Day, int(c.BirthDate.Month), c.BirthDate.Year)
	return lang.L("Booked by {{.Name}}, born {{.Date}}", map[string]any{"Name": name, "Date": born})
}

// lineRow is one waiting ticket in the line: number, service and kind, estimated wait.
type lineRow struct {
	widget.BaseWidget
	number, what, wait *widget.Label
	box                *fyne.Container
}

func newLineRow() *lineRow {
	r := &lineRow{number: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		what: &widget.Label{Truncation: fyne.TextTruncateEllipsis}, wait: &widget.Label{}}
	r.box = container.NewBorder(nil, nil, r.number, r.wait, r.what)
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer lays the row out on one line.
func (r *lineRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *lineRow) set(c *Counter, p booking.Place) {
	r.number.SetText(p.Ticket.Number)
	r.what.SetText(c.service(p.Ticket.ServiceID).Name(c.opt.Language) + " · " + kindText(p.Ticket, c.opt.Clock.Now()))
	r.wait.SetText(waitShort(p))
	// The texts' widths changed: lay the row out again.
	r.box.Refresh()
}

// waitShort is "Now" or "About 5 minutes".
func waitShort(p booking.Place) string {
	if p.Wait <= 0 {
		return lang.L("Now")
	}
	m := max(1, int(math.Ceil(p.Wait.Minutes())))
	return lang.N("About {{.Count}} minutes", m, map[string]any{"Count": m})
}
