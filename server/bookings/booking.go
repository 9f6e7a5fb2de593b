package bookings

import "time"

// Status is the state of a booking.
type Status string

// Booking states. A cancelled booking is kept for the staff view and the
// calendar cancellation; it holds no place in its slot.
const (
	StatusBooked    Status = "booked"
	StatusCancelled Status = "cancelled"
)

// Booking is one appointment. The PIN hash is not part of its JSON form, so
// a handler that encodes a Booking cannot leak it; the store keeps it apart.
type Booking struct {
	// ID is random and fixed before the first write, so a write retried by
	// the store's group commit recognises its own booking.
	ID        string    `json:"id"`
	Ref       Reference `json:"ref"`
	OfficeID  string    `json:"office_id"`
	ServiceID string    `json:"service_id"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Status    Status    `json:"status"`
	// Sequence grows with every move or cancellation, for the calendar file.
	Sequence  int    `json:"sequence"`
	Dossier   string `json:"dossier,omitempty"`
	Procedure string `json:"procedure,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
	// Lang is the language the person booked in, for reminders.
	Lang string `json:"lang,omitempty"`
	// Client is a keyed hash of the booking client's address: staff can see
	// bursts from one source without Loket keeping anyone's IP address.
	Client         string    `json:"client,omitempty"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	CancelledBy    string    `json:"cancelled_by,omitempty"`
	// DayClosed is set when the office closed the appointment's day after
	// it was booked (a strike, an outage): the booking keeps its place and
	// details, and its holder is asked to move it to another day.
	DayClosed bool   `json:"day_closed,omitempty"`
	PINHash   []byte `json:"-"`
}

// Active reports whether b holds a place in its slot.
func (b Booking) Active() bool { return b.Status == StatusBooked }

// Request is one booking submission.
type Request struct {
	OfficeID  string
	ServiceID string
	Start     time.Time
	// Dossier and BirthDate are checked together by the DossierVerifier.
	Dossier   string
	BirthDate Date
	// Procedure is the person's procedure key when there is no dossier.
	Procedure string
	Phone     string
	Email     string
	Lang      string
	// Client is the client's address as the HTTP layer sees it; only a
	// keyed hash of it is stored.
	Client string
	// IdempotencyKey is the form's one-time token: the same submission
	// twice gives the same booking.
	IdempotencyKey string
}

// Confirmation is the answer to a booking: the booking and its PIN, which
// is shown once and never stored in the clear.
type Confirmation struct {
	Booking Booking
	PIN     string
	// Replayed is true when the request repeated an earlier submission.
	Replayed bool
}
