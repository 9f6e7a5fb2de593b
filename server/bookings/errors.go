package bookings

import "loket/server/refusal"

// Sentinel refusals. Compare with errors.Is; refusal.As finds the kind and
// the translation key, so the HTTP layer shows the message in the
// visitor's language and never the English text of Error().
var (
	ErrUnknownOffice       = refusal.New(refusal.Invalid, "bookings: unknown office", "booking.error.unknown_office")
	ErrUnknownService      = refusal.New(refusal.Invalid, "bookings: unknown service", "booking.error.unknown_service")
	ErrNotOnGrid           = refusal.New(refusal.Invalid, "bookings: time is not one of the service's slots", "booking.error.not_on_grid")
	ErrClosed              = refusal.New(refusal.Invalid, "bookings: office is closed on that day", "booking.error.closed")
	ErrInPast              = refusal.New(refusal.Invalid, "bookings: time is in the past", "booking.error.in_past")
	ErrTooSoon             = refusal.New(refusal.Invalid, "bookings: time is before the minimum lead time", "booking.error.too_soon")
	ErrTooFar              = refusal.New(refusal.Invalid, "bookings: time is beyond the booking horizon", "booking.error.too_far")
	ErrSlotFull            = refusal.New(refusal.Conflict, "bookings: slot is full", "booking.error.slot_full")
	ErrDossierRequired     = refusal.New(refusal.Invalid, "bookings: dossier number and birth date are required", "booking.error.dossier_required")
	ErrDossierMismatch     = refusal.New(refusal.Invalid, "bookings: dossier number and birth date do not match", "booking.error.dossier_mismatch")
	ErrProcedureNotAllowed = refusal.New(refusal.Invalid, "bookings: service is not open to this procedure", "booking.error.procedure_not_allowed")
	ErrAlreadyBooked       = refusal.New(refusal.Conflict, "bookings: dossier already has an active booking for this service", "booking.error.already_booked")
	ErrBadContact          = refusal.New(refusal.Invalid, "bookings: phone number or e-mail address is not valid", "booking.error.bad_contact")
	ErrBadReference        = refusal.New(refusal.Malformed, "bookings: booking reference is not valid", "booking.error.bad_reference")
	ErrNotFound            = refusal.New(refusal.NotFound, "bookings: booking not found", "booking.error.not_found")
	ErrWrongPIN            = refusal.New(refusal.Forbidden, "bookings: wrong PIN", "booking.error.wrong_pin")
	ErrLocked              = refusal.New(refusal.Locked, "bookings: too many wrong PINs: reference locked for a while", "booking.error.locked")
	ErrCancelled           = refusal.New(refusal.Gone, "bookings: booking is cancelled", "booking.error.cancelled")
	ErrStarted             = refusal.New(refusal.Conflict, "bookings: appointment has already started", "booking.error.started")
	ErrIdempotencyConflict = refusal.New(refusal.Conflict, "bookings: form was already used for another booking", "booking.error.idempotency_conflict")
	ErrChallengeInvalid    = refusal.New(refusal.Invalid, "bookings: anti-abuse check failed", "booking.error.challenge_invalid")
	ErrChallengeExpired    = refusal.New(refusal.Invalid, "bookings: anti-abuse check expired", "booking.error.challenge_expired")
	ErrChallengeReplayed   = refusal.New(refusal.Invalid, "bookings: anti-abuse check was already used", "booking.error.challenge_replayed")
	ErrBusy                = refusal.New(refusal.Busy, "bookings: too many bookings at once, try again in a minute", "booking.error.busy")
	ErrServiceInactive     = refusal.New(refusal.Invalid, "bookings: service takes no new appointments", "booking.error.service_inactive")
	ErrHoursFormat         = refusal.New(refusal.Invalid, "bookings: opening hours are not like 09:00-12:00", "booking.error.hours_format")
	ErrHoursOrder          = refusal.New(refusal.Invalid, "bookings: opening period ends before it starts", "booking.error.hours_order")
	ErrHoursOverlap        = refusal.New(refusal.Invalid, "bookings: opening periods overlap", "booking.error.hours_overlap")
	ErrClosureDates        = refusal.New(refusal.Invalid, "bookings: a closure needs a first day on or before its last", "booking.error.closure_dates")
	ErrClosurePartDay      = refusal.New(refusal.Invalid, "bookings: part of a day closes one day only", "booking.error.closure_part_day")
	ErrClosureHours        = refusal.New(refusal.Invalid, "bookings: a closure ends after it starts", "booking.error.closure_hours")
	ErrClosureReason       = refusal.New(refusal.Invalid, "bookings: closure reason too long", "booking.error.closure_reason")
	ErrClosureEnded        = refusal.New(refusal.Conflict, "bookings: closure has begun or ended", "booking.error.closure_ended")
	ErrClosureTold         = refusal.New(refusal.Conflict, "bookings: people were told of the closure", "booking.error.closure_told")
	ErrNoClosure           = refusal.New(refusal.NotFound, "bookings: no such closure", "booking.error.no_closure")
	// ErrRefTaken is internal: the store found the new reference in use and
	// Book draws another. Users never see it.
	ErrRefTaken = refusal.New(refusal.Busy, "bookings: reference already in use", "booking.error.busy")
	// ErrInvalidConfig is for administrators editing the offices file.
	ErrInvalidConfig = refusal.New(refusal.Invalid, "bookings: invalid offices configuration", "booking.error.invalid_config")
)
