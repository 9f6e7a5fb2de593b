package bookings

// Error is a refusal the user may see. Its Key is a translation key, so the
// HTTP layer shows the message in the visitor's language and never the
// English text of Error().
type Error struct {
	key string
	msg string
}

func (e *Error) Error() string { return "bookings: " + e.msg }

// Key is the translation key of the message shown to the user.
func (e *Error) Key() string { return e.key }

func newError(key, msg string) *Error { return &Error{key: key, msg: msg} }

// Sentinel errors. Compare with errors.Is; find the translation key with
// errors.As(err, &e) and e.Key().
var (
	ErrUnknownOffice       = newError("booking.error.unknown_office", "unknown office")
	ErrUnknownService      = newError("booking.error.unknown_service", "unknown service")
	ErrNotOnGrid           = newError("booking.error.not_on_grid", "time is not one of the service's slots")
	ErrClosed              = newError("booking.error.closed", "office is closed on that day")
	ErrInPast              = newError("booking.error.in_past", "time is in the past")
	ErrTooSoon             = newError("booking.error.too_soon", "time is before the minimum lead time")
	ErrTooFar              = newError("booking.error.too_far", "time is beyond the booking horizon")
	ErrSlotFull            = newError("booking.error.slot_full", "slot is full")
	ErrDossierRequired     = newError("booking.error.dossier_required", "dossier number and birth date are required")
	ErrDossierMismatch     = newError("booking.error.dossier_mismatch", "dossier number and birth date do not match")
	ErrProcedureNotAllowed = newError("booking.error.procedure_not_allowed", "service is not open to this procedure")
	ErrAlreadyBooked       = newError("booking.error.already_booked", "dossier already has an active booking for this service")
	ErrBadContact          = newError("booking.error.bad_contact", "phone number or e-mail address is not valid")
	ErrBadReference        = newError("booking.error.bad_reference", "booking reference is not valid")
	ErrNotFound            = newError("booking.error.not_found", "booking not found")
	ErrWrongPIN            = newError("booking.error.wrong_pin", "wrong PIN")
	ErrLocked              = newError("booking.error.locked", "too many wrong PINs: reference locked for a while")
	ErrCancelled           = newError("booking.error.cancelled", "booking is cancelled")
	ErrStarted             = newError("booking.error.started", "appointment has already started")
	ErrIdempotencyConflict = newError("booking.error.idempotency_conflict", "form was already used for another booking")
	ErrChallengeInvalid    = newError("booking.error.challenge_invalid", "anti-abuse check failed")
	ErrChallengeExpired    = newError("booking.error.challenge_expired", "anti-abuse check expired")
	ErrChallengeReplayed   = newError("booking.error.challenge_replayed", "anti-abuse check was already used")
	ErrBusy                = newError("booking.error.busy", "too many bookings at once, try again in a minute")
	// ErrRefTaken is internal: the store found the new reference in use and
	// Book draws another. Users never see it.
	ErrRefTaken = newError("booking.error.busy", "reference already in use")
	// ErrInvalidConfig is for administrators editing the offices file.
	ErrInvalidConfig = newError("booking.error.invalid_config", "invalid offices configuration")
)
