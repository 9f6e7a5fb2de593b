package dossiers

import "errors"

// Sentinel errors of the dossier domain. Handlers map them to translated
// messages; none of them says which part of a lookup was wrong.
var (
	// ErrNoMatch: no dossier matches the number and secret given. A wrong
	// number and a wrong secret both give this, so a lookup never reveals
	// whether a number exists.
	ErrNoMatch = errors.New("dossiers: no dossier matches these details")
	// ErrLocked: too many wrong answers for this number lately.
	ErrLocked = errors.New("dossiers: dossier locked for lookups")
	// ErrNotFound: the back office addressed a dossier that does not exist.
	ErrNotFound = errors.New("dossiers: no such dossier")
	// ErrDuplicateEvent: the caller's event id was already applied; the
	// feed treats it as success (idempotency).
	ErrDuplicateEvent = errors.New("dossiers: event already applied")
	// ErrInvalid: a feed payload failed validation; the FieldErrors say why.
	ErrInvalid = errors.New("dossiers: invalid dossier data")
	// ErrCatalog: the status content files are inconsistent.
	ErrCatalog = errors.New("dossiers: status catalog")
)

// FieldError is one validation failure of feed or import data: the field
// (a JSON path such as "events[2].code"), a stable code for machines and a
// translation key for people.
type FieldError struct {
	Field string
	Code  string
	Key   string
	Args  []any
}

// InvalidError carries every field error of one payload.
type InvalidError struct {
	Fields []FieldError
}

func (e *InvalidError) Error() string {
	return ErrInvalid.Error() + ": " + e.Fields[0].Field + " " + e.Fields[0].Code
}

// Unwrap lets errors.Is(err, ErrInvalid) work.
func (e *InvalidError) Unwrap() error { return ErrInvalid }
