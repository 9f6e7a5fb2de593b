package queue

import "loket/server/refusal"

// Sentinel refusals a visitor or a desk may see. Compare with errors.Is;
// refusal.As finds the kind and the translation key, so the HTTP layer
// shows the message in the reader's language and never the English text
// of Error().
var (
	ErrUnknownOffice  = refusal.New(refusal.NotFound, "queue: unknown office", "queue.error.unknown_office")
	ErrUnknownService = refusal.New(refusal.NotFound, "queue: unknown service", "queue.error.unknown_service")
	ErrLimitReached   = refusal.New(refusal.Busy, "queue: no more tickets for this service today", "queue.error.limit")
	ErrClosedToday    = refusal.New(refusal.Unavailable, "queue: service is closed today", "queue.error.closed")
	ErrNotFound       = refusal.New(refusal.NotFound, "queue: ticket not found", "queue.error.not_found")
	ErrOtherDay       = refusal.New(refusal.Gone, "queue: ticket is from another day", "queue.error.other_day")
	ErrNoneWaiting    = refusal.New(refusal.Conflict, "queue: nobody is waiting", "queue.error.none_waiting")
	ErrNotCalled      = refusal.New(refusal.Conflict, "queue: ticket is not being called", "queue.error.not_called")
	ErrNotWaiting     = refusal.New(refusal.Conflict, "queue: ticket is no longer waiting", "queue.error.not_waiting")
	ErrRecallsLeft    = refusal.New(refusal.Conflict, "queue: recall before marking a no-show", "queue.error.recalls_left")
	ErrNoRecallsLeft  = refusal.New(refusal.Conflict, "queue: no recalls left: mark a no-show", "queue.error.no_recalls_left")
	ErrBadDesk        = refusal.New(refusal.Invalid, "queue: desk name is not valid", "queue.error.bad_desk")
	ErrNotServed      = refusal.New(refusal.Conflict, "queue: ticket was not served at this desk", "queue.error.not_served")
	ErrUndoExpired    = refusal.New(refusal.Conflict, "queue: too late to undo: more than a minute ago", "queue.error.undo_expired")

	// Check-in refusals.
	ErrOtherOffice   = refusal.New(refusal.Conflict, "queue: appointment is at another office", "queue.checkin.other_office")
	ErrNotToday      = refusal.New(refusal.Conflict, "queue: appointment is not today", "queue.checkin.not_today")
	ErrTooEarly      = refusal.New(refusal.Conflict, "queue: too early to check in", "queue.checkin.too_early")
	ErrTooLate       = refusal.New(refusal.Conflict, "queue: too late to check in", "queue.checkin.too_late")
	ErrCancelled     = refusal.New(refusal.Gone, "queue: appointment was cancelled", "queue.checkin.cancelled")
	ErrNoMatch       = refusal.New(refusal.Invalid, "queue: dossier number and birth date do not match", "queue.checkin.no_match")
	ErrNoAppointment = refusal.New(refusal.NotFound, "queue: no appointment for the dossier at this office today", "queue.checkin.no_appointment")

	// Kiosk refusals.
	ErrKioskUnknown = refusal.New(refusal.Forbidden, "queue: screen is not registered", "queue.kiosk.unknown")
	ErrKioskRevoked = refusal.New(refusal.Forbidden, "queue: screen registration was revoked", "queue.kiosk.revoked")
	ErrBadCode      = refusal.New(refusal.Invalid, "queue: enrolment code is wrong or expired", "queue.kiosk.bad_code")
	ErrTooManyCodes = refusal.New(refusal.Locked, "queue: too many wrong enrolment codes: wait a minute", "queue.kiosk.too_many")

	// ErrInvalidConfig is for administrators.
	ErrInvalidConfig = refusal.New(refusal.Invalid, "queue: invalid queue configuration", "queue.error.config")
)
