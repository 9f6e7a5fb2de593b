package queue

import (
	"slices"
	"time"
)

// Status is where a ticket is in the queue.
type Status string

// Ticket states. A ticket waits, is called to a desk (and maybe recalled),
// then ends served or as a no-show. A transfer puts it back to waiting
// for another service, keeping its place in time.
const (
	StatusWaiting Status = "waiting"
	StatusCalled  Status = "called"
	StatusServed  Status = "served"
	StatusNoShow  Status = "no_show"
)

// Kind says how a visitor joined the queue.
type Kind string

// Walk-ins take a ticket at the kiosk; appointments check in.
const (
	KindWalkIn      Kind = "walk_in"
	KindAppointment Kind = "appointment"
)

// Ticket is one visitor's place in one office's queue on one day. It
// holds no personal data: a number, a service and times.
type Ticket struct {
	// ID is random and names the ticket inside Loket (kiosk pages, desks).
	ID string `json:"id"`
	// TokenHash is the SHA-256 of the phone page's token; the token itself
	// is only printed (in the QR code) and never stored.
	TokenHash []byte `json:"token_hash"`
	OfficeID  string `json:"office"`
	ServiceID string `json:"service"`
	// Day is the office's calendar day, "2006-01-02": numbers restart daily.
	Day    string `json:"day"`
	Number string `json:"number"` // "A001"
	Seq    int    `json:"seq"`
	Kind   Kind   `json:"kind"`
	// BookingRef and Appointment are set for a check-in; ArrivalKey is
	// the key its arrival is recorded under.
	BookingRef  string    `json:"booking_ref,omitempty"`
	Appointment time.Time `json:"appointment,omitzero"`
	ArrivalKey  string    `json:"arrival,omitempty"`
	// Priority is set by staff for vulnerable visitors: called first.
	Priority bool   `json:"priority,omitempty"`
	Status   Status `json:"status"`
	Desk     string `json:"desk,omitempty"`
	Recalls  int    `json:"recalls,omitempty"`
	// Issued is when the visitor joined; transfers keep it.
	Issued   time.Time `json:"issued"`
	CalledAt time.Time `json:"called_at,omitzero"`
	// LastCall is the latest call or recall, for the display's order.
	LastCall time.Time `json:"last_call,omitzero"`
	DoneAt   time.Time `json:"done_at,omitzero"`
	// KioskID is the kiosk that printed the ticket; "" for staff.
	KioskID string `json:"kiosk,omitempty"`
	// ReceiptID is the printed receipt, once issued.
	ReceiptID string `json:"receipt,omitempty"`
	// CalledBy is the staff account that made the latest call or recall.
	CalledBy string `json:"called_by,omitempty"`
	// History is what desks did with the ticket, oldest first: staff pages
	// show it, never the public display or the visitor's page.
	History []Step `json:"history,omitempty"`
}

// Actions in a ticket's history.
const (
	StepCalled      = "called"
	StepRecalled    = "recalled"
	StepServed      = "served"
	StepNoShow      = "no_show"
	StepUndoServed  = "undo_served"
	StepTransferred = "transferred"
	StepPriority    = "priority"
)

// Step is one thing a desk did with a ticket: when, what, at which desk,
// by which staff account; Service is the service a transfer sent it to.
type Step struct {
	At      time.Time `json:"at"`
	Action  string    `json:"action"`
	Desk    string    `json:"desk,omitempty"`
	By      string    `json:"by,omitempty"`
	Service string    `json:"service,omitempty"`
}

// record adds a step by desk d at now.
func (t *Ticket) record(now time.Time, action string, d Desk) {
	t.History = append(t.History, Step{At: now, Action: action, Desk: d.Name, By: d.Staff})
}

// rank orders the classes of waiting visitors: priority first, then
// appointments whose time has come, then walk-ins, then appointments that
// checked in early (they are called before their time only when nobody
// else waits).
func (t Ticket) rank(now time.Time) int {
	switch {
	case t.Priority:
		return 0
	case t.Kind == KindAppointment && !t.Appointment.After(now):
		return 1
	case t.Kind == KindWalkIn:
		return 2
	default:
		return 3
	}
}

// before reports whether a is called before b at now.
func before(a, b Ticket, now time.Time) bool {
	ra, rb := a.rank(now), b.rank(now)
	if ra != rb {
		return ra < rb
	}
	if (ra == 1 || ra == 3) && !a.Appointment.Equal(b.Appointment) {
		return a.Appointment.Before(b.Appointment)
	}
	if !a.Issued.Equal(b.Issued) {
		return a.Issued.Before(b.Issued)
	}
	if a.Seq != b.Seq {
		return a.Seq < b.Seq
	}
	return a.ID < b.ID
}

// sortQueue sorts waiting tickets into calling order at now.
func sortQueue(ts []Ticket, now time.Time) {
	slices.SortFunc(ts, func(a, b Ticket) int {
		switch {
		case before(a, b, now):
			return -1
		case before(b, a, now):
			return 1
		}
		return 0
	})
}

// choose is the index of the ticket a desk serving services calls next, or
// -1 when none of them waits.
func choose(waiting []Ticket, services []string, now time.Time) int {
	best := -1
	for i, t := range waiting {
		if t.Status != StatusWaiting || !slices.Contains(services, t.ServiceID) {
			continue
		}
		if best < 0 || before(t, waiting[best], now) {
			best = i
		}
	}
	return best
}
