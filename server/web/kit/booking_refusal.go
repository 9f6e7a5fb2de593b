package kit

import (
	"errors"
	"loket/server/bookings"

	"github.com/gofiber/fiber/v2"
)

// BookingFailure is how a domain refusal is answered: HTTP status and the
// request field it is about, if any.
type BookingFailure struct {
	Status int
	Field  string
}

var bookingFailures = map[*bookings.Error]BookingFailure{
	bookings.ErrUnknownOffice:       {fiber.StatusUnprocessableEntity, "office"},
	bookings.ErrUnknownService:      {fiber.StatusUnprocessableEntity, "service"},
	bookings.ErrNotOnGrid:           {fiber.StatusUnprocessableEntity, "start"},
	bookings.ErrClosed:              {fiber.StatusUnprocessableEntity, "start"},
	bookings.ErrInPast:              {fiber.StatusUnprocessableEntity, "start"},
	bookings.ErrTooSoon:             {fiber.StatusUnprocessableEntity, "start"},
	bookings.ErrTooFar:              {fiber.StatusUnprocessableEntity, "start"},
	bookings.ErrSlotFull:            {fiber.StatusConflict, "start"},
	bookings.ErrDossierRequired:     {fiber.StatusUnprocessableEntity, "dossier"},
	bookings.ErrDossierMismatch:     {fiber.StatusUnprocessableEntity, "dossier"},
	bookings.ErrProcedureNotAllowed: {fiber.StatusUnprocessableEntity, "dossier"},
	bookings.ErrAlreadyBooked:       {fiber.StatusConflict, "dossier"},
	bookings.ErrBadContact:          {fiber.StatusUnprocessableEntity, "phone"},
	bookings.ErrBadReference:        {fiber.StatusBadRequest, ""},
	bookings.ErrNotFound:            {fiber.StatusNotFound, ""},
	bookings.ErrWrongPIN:            {fiber.StatusForbidden, "pin"},
	bookings.ErrLocked:              {fiber.StatusLocked, ""},
	bookings.ErrCancelled:           {fiber.StatusGone, ""},
	bookings.ErrStarted:             {fiber.StatusConflict, ""},
	bookings.ErrIdempotencyConflict: {fiber.StatusConflict, "idempotency_key"},
	bookings.ErrChallengeInvalid:    {fiber.StatusUnprocessableEntity, "pow_solution"},
	bookings.ErrChallengeExpired:    {fiber.StatusUnprocessableEntity, "pow_token"},
	bookings.ErrChallengeReplayed:   {fiber.StatusUnprocessableEntity, "pow_token"},
	bookings.ErrBusy:                {fiber.StatusServiceUnavailable, ""},
}

// BookingRefusal finds the domain refusal in err; ok is false for failures
// (a broken disk), which become a 500.
func BookingRefusal(err error) (*bookings.Error, BookingFailure, bool) {
	var be *bookings.Error
	if !errors.As(err, &be) {
		return nil, BookingFailure{}, false
	}
	f, ok := bookingFailures[be]
	if !ok {
		f = BookingFailure{Status: fiber.StatusUnprocessableEntity}
	}
	return be, f, true
}

type OfficeBrief struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address"`
	MapURL  string `json:"map_url"`
}
