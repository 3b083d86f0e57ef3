package booking

// EventKind names what happened at the kiosk, for the central system.
type EventKind string

const (
	EventCheckIn      EventKind = "check-in"      // a booked citizen checked in; the ticket was issued
	EventTicketIssued EventKind = "ticket-issued" // a walk-in ticket was issued
	EventCalled       EventKind = "called"
	EventServed       EventKind = "served"
	EventNoShow       EventKind = "no-show"
	EventCancelled    EventKind = "cancelled"
	// The counter's own actions. The site desk sends them; Desk's counter actions in
	// one process still send EventCalled and EventTicketIssued for them (counter.go).
	EventRecalled    EventKind = "recalled"
	EventServing     EventKind = "serving"
	EventTransferred EventKind = "transferred"
)

// Event is one thing the kiosk tells the central system. Storage writes it to the outbox in
// the same transaction as the change it describes, and gives it a sequence number that,
// with the kiosk's id, makes the idempotency key "KIOSK-ID/SEQUENCE".
type Event struct {
	Kind   EventKind
	Ticket Ticket // the ticket as it stands after the change
}

// Store is what booking needs from persistence. storage.DB satisfies it.
// Methods return an error wrapping ErrNotFound when a thing does not exist.
type Store interface {
	// Services lists the services offered today, in display order.
	Services() ([]Service, error)
	// AppointmentByCode finds an appointment by its normalised booking code.
	AppointmentByCode(code string) (Appointment, error)
	// AppointmentByID finds an appointment by its id (Ticket.AppointmentID).
	AppointmentByID(id string) (Appointment, error)
	// AppointmentsByBirthDate lists the appointments on day ("2006-01-02") of citizens born on birth.
	AppointmentsByBirthDate(day string, birth Date) ([]Appointment, error)
	// IssueTicket stores a new ticket and its event in one transaction. The store assigns
	// t.Seq as the next number of the day for prefix (starting at 1 each day) and sets
	// t.Number with FormatNumber. If t.AppointmentID is not empty and a ticket already
	// exists for that appointment, it returns that ticket and existed == true and writes nothing.
	IssueTicket(t Ticket, prefix string, kind EventKind) (issued Ticket, existed bool, err error)
	// UpdateTicket stores a changed ticket and its event in one transaction.
	UpdateTicket(t Ticket, kind EventKind) error
	// Tickets lists the tickets of day in issue order.
	Tickets(day string) ([]Ticket, error)
}
