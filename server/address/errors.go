package address

import "errors"

// Sentinel errors. Validation failures are a *ValidationError instead,
// carrying one translation key per field.
var (
	// ErrNotFound: no notification with this reference, or one the caller
	// may not see (other municipalities get the same answer as nobody).
	ErrNotFound = errors.New("address: notification not found")
	// ErrBadPIN: the PIN does not match the reference.
	ErrBadPIN = errors.New("address: wrong PIN")
	// ErrLocked: too many wrong PINs for this reference; try later.
	ErrLocked = errors.New("address: reference locked after wrong PINs")
	// ErrSuperseded: the notification was already replaced by a newer one.
	ErrSuperseded = errors.New("address: notification already replaced")
	// ErrBadStatus: not a status this action accepts.
	ErrBadStatus = errors.New("address: unknown status")
	// ErrBadCursor: an export cursor this server did not make.
	ErrBadCursor = errors.New("address: invalid cursor")
	// ErrBadData: a municipality list that cannot be used.
	ErrBadData = errors.New("address: invalid municipality data")
	// ErrDuplicate: the reference is taken (drawn again by Submit).
	ErrDuplicate = errors.New("address: duplicate reference")
)

// FieldError is one refused field: a translation key and its named
// arguments as name/value pairs, translated only at the HTTP edge.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// ValidationError lists every refused field of a submission, so the form
// can show them all at once and keep the valid values.
type ValidationError struct {
	Fields []FieldError
	// LongStay is set when the planned stay exceeds 90 days: the page then
	// explains where to go instead.
	LongStay bool
}

func (e *ValidationError) Error() string { return "address: invalid notification" }

// Has reports whether field has an error.
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
