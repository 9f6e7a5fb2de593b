package queue

// Error is a refusal a visitor or a desk may see. Its Key is a translation
// key, so the HTTP layer shows the message in the reader's language and
// never the English text of Error().
type Error struct {
	key string
	msg string
}

func (e *Error) Error() string { return "queue: " + e.msg }

// Key is the translation key of the message shown to the user.
func (e *Error) Key() string { return e.key }

func newError(key, msg string) *Error { return &Error{key: key, msg: msg} }

// Sentinel errors. Compare with errors.Is; find the translation key with
// errors.As(err, &e) and e.Key().
var (
	ErrUnknownOffice  = newError("queue.error.unknown_office", "unknown office")
	ErrUnknownService = newError("queue.error.unknown_service", "unknown service")
	ErrLimitReached   = newError("queue.error.limit", "no more tickets for this service today")
	ErrClosedToday    = newError("queue.error.closed", "service is closed today")
	ErrNotFound       = newError("queue.error.not_found", "ticket not found")
	ErrOtherDay       = newError("queue.error.other_day", "ticket is from another day")
	ErrNoneWaiting    = newError("queue.error.none_waiting", "nobody is waiting")
	ErrNotCalled      = newError("queue.error.not_called", "ticket is not being called")
	ErrNotWaiting     = newError("queue.error.not_waiting", "ticket is no longer waiting")
	ErrRecallsLeft    = newError("queue.error.recalls_left", "recall before marking a no-show")
	ErrNoRecallsLeft  = newError("queue.error.no_recalls_left", "no recalls left: mark a no-show")
	ErrBadDesk        = newError("queue.error.bad_desk", "desk name is not valid")

	// Check-in refusals.
	ErrOtherOffice   = newError("queue.checkin.other_office", "appointment is at another office")
	ErrNotToday      = newError("queue.checkin.not_today", "appointment is not today")
	ErrTooEarly      = newError("queue.checkin.too_early", "too early to check in")
	ErrTooLate       = newError("queue.checkin.too_late", "too late to check in")
	ErrCancelled     = newError("queue.checkin.cancelled", "appointment was cancelled")
	ErrNoMatch       = newError("queue.checkin.no_match", "dossier number and birth date do not match")
	ErrNoAppointment = newError("queue.checkin.no_appointment", "no appointment for the dossier at this office today")

	// Kiosk refusals.
	ErrKioskUnknown = newError("queue.kiosk.unknown", "screen is not registered")
	ErrKioskRevoked = newError("queue.kiosk.revoked", "screen registration was revoked")
	ErrBadCode      = newError("queue.kiosk.bad_code", "enrolment code is wrong or expired")
	ErrTooManyCodes = newError("queue.kiosk.too_many", "too many wrong enrolment codes: wait a minute")

	// ErrInvalidConfig is for administrators.
	ErrInvalidConfig = newError("queue.error.config", "invalid queue configuration")
)
