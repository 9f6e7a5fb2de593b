package kit

import (
	"loket/server/bookings"
	"loket/server/refusal"
)

// BookingFailure is how a booking refusal is answered: the HTTP status of
// its kind and the request field it is about, if any.
type BookingFailure struct {
	Status int
	Field  string
}

// bookingFields names the request field each booking refusal is about.
var bookingFields = map[*refusal.Error]string{
	bookings.ErrUnknownOffice:       "office",
	bookings.ErrUnknownService:      "service",
	bookings.ErrNotOnGrid:           "start",
	bookings.ErrClosed:              "start",
	bookings.ErrInPast:              "start",
	bookings.ErrTooSoon:             "start",
	bookings.ErrTooFar:              "start",
	bookings.ErrSlotFull:            "start",
	bookings.ErrDossierRequired:     "dossier",
	bookings.ErrDossierMismatch:     "dossier",
	bookings.ErrProcedureNotAllowed: "dossier",
	bookings.ErrAlreadyBooked:       "dossier",
	bookings.ErrBadContact:          "phone",
	bookings.ErrWrongPIN:            "pin",
	bookings.ErrIdempotencyConflict: "idempotency_key",
	bookings.ErrChallengeInvalid:    "pow_solution",
	bookings.ErrChallengeExpired:    "pow_token",
	bookings.ErrChallengeReplayed:   "pow_token",
}

// BookingRefusal finds the domain refusal in err; ok is false for failures
// (a broken disk), which become a 500.
func BookingRefusal(err error) (*refusal.Error, BookingFailure, bool) {
	r, ok := refusal.As(err)
	if !ok {
		return nil, BookingFailure{}, false
	}
	return r, BookingFailure{Status: RefusalStatus(r), Field: bookingFields[r]}, true
}

type OfficeBrief struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address"`
	MapURL  string `json:"map_url"`
}
