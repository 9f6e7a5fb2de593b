package helpdesk

import "errors"

// Sentinel errors. Validation failures are a *ValidationError instead,
// carrying one translation key per field.
var (
	// ErrNotFound: no escalation with this reference, or one the caller
	// may not see (another office's gets the same answer as none).
	ErrNotFound = errors.New("helpdesk: escalation not found")
	// ErrBadPIN: the PIN does not match the reference.
	ErrBadPIN = errors.New("helpdesk: wrong PIN")
	// ErrLocked: too many wrong PINs for this reference; try later.
	ErrLocked = errors.New("helpdesk: reference locked after wrong PINs")
	// ErrDuplicate: the reference is taken (drawn again by Create).
	ErrDuplicate = errors.New("helpdesk: duplicate reference")
	// ErrBadState: the action does not apply in the escalation's state.
	ErrBadState = errors.New("helpdesk: action not allowed in this state")
	// ErrInvalid: a staff action with missing or wrong input (empty reply,
	// unknown language, canned answer without English text).
	ErrInvalid = errors.New("helpdesk: invalid input")
	// ErrCannedNotFound: no canned answer with this id.
	ErrCannedNotFound = errors.New("helpdesk: canned answer not found")
)

// FieldError is one refused field: a translation key and its named
// arguments as name/value pairs, translated only at the HTTP edge.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// ValidationError lists every refused field of an escalation, so the
// form can show them all at once.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string { return "helpdesk: invalid escalation" }

func (e *ValidationError) add(field, key string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Key: key, Args: args})
}
