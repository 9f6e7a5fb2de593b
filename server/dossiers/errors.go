package dossiers

import "loket/server/refusal"

// Sentinel errors of the dossier domain. Handlers map them to translated
// messages; none of them says which part of a lookup was wrong.
var (
	// ErrNoMatch: no dossier matches the number and secret given. A wrong
	// number and a wrong secret both give this, so a lookup never reveals
	// whether a number exists.
	ErrNoMatch = refusal.New(refusal.NotFound, "dossiers: no dossier matches these details", "")
	// ErrLocked: too many wrong answers for this number from this address
	// lately (see Verify).
	ErrLocked = refusal.New(refusal.Locked, "dossiers: dossier locked for lookups", "")
	// ErrPaused: too many wrong birth dates for this number from every
	// address together: only the letter's access code opens it for now.
	ErrPaused = refusal.New(refusal.Locked, "dossiers: lookups by birth date paused", "")
	// ErrTooMany: this address made too many lookups lately.
	ErrTooMany = refusal.New(refusal.TooMany, "dossiers: too many lookups from this address", "")
	// ErrNotFound: the back office addressed a dossier that does not exist.
	ErrNotFound = refusal.New(refusal.NotFound, "dossiers: no such dossier", "")
	// ErrDuplicateEvent: the caller's event id was already applied; the
	// feed treats it as success (idempotency).
	ErrDuplicateEvent = refusal.New(refusal.Conflict, "dossiers: event already applied", "")
	// ErrInvalid: a feed payload failed validation; refusal.Fields name the refused fields: a JSON path such as "events[2].code", a stable code and a translation key.
	ErrInvalid = refusal.New(refusal.Invalid, "dossiers: invalid dossier data", "")
	// ErrCatalog: the status content files are inconsistent.
	ErrCatalog = refusal.New(refusal.Invalid, "dossiers: status catalog", "")
)
