// Package refusal is the one shape in which a domain package says no: a
// kind (which the web layer turns into an HTTP status in one table), a
// translation key with its arguments, and the refused fields of a form or
// payload. Domain packages return refusals instead of their own error
// structs, so that every "no" reaches people the same way, translated only
// at the HTTP edge.
package refusal

import (
	"errors"
	"slices"
)

// Kind says what sort of "no" a refusal is. Its name is the stable code
// machines read in the API's error shape.
type Kind uint8

// The kinds of refusal. The zero Kind is not a refusal.
const (
	// Invalid: the input breaks a rule; Fields say which.
	Invalid Kind = iota + 1
	// NotFound: nothing with this name, or nothing the caller may see.
	NotFound
	// Conflict: the request clashes with the current state (a duplicate,
	// an action that does not apply now).
	Conflict
	// Locked: too many wrong answers; try again later.
	Locked
	// Forbidden: the caller may not do this.
	Forbidden
	// Gone: it existed but was replaced, revoked or expired.
	Gone
	// Busy: the resource is full (no free slot, no place left).
	Busy
	// Unavailable: the service cannot answer now.
	Unavailable
	// Malformed: the request cannot even be read as one (a booking
	// reference that is not one, in an address).
	Malformed
	// TooMany: the caller asked too often lately; try again later.
	TooMany
)

var kindNames = [...]string{"", "invalid", "not_found", "conflict", "locked", "forbidden", "gone", "busy", "unavailable", "malformed", "too_many"}

// String is the kind's stable code, e.g. "not_found".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return ""
}

// Field is one refused field: its name (a form field or a JSON path such
// as "events[2].code"), a stable code for machines (may be empty), a
// translation key for people and the key's named arguments as name/value
// pairs.
type Field struct {
	Field string
	Code  string
	Key   string
	Args  []any
}

// Error is a domain refusal. Sentinels are made with New and compared with
// errors.Is; refusals carrying fields wrap their sentinel (see Fields).
type Error struct {
	Kind Kind
	// Key is the translation key of the message people read; empty leaves
	// the message to the kind's default.
	Key  string
	Args []any
	// Fields are the refused fields, all at once so that a form can show
	// every error and keep the valid values.
	Fields []Field
	msg    string
	base   *Error
}

// New makes a sentinel refusal: msg is for logs only.
func New(kind Kind, msg, key string, args ...any) *Error {
	return &Error{Kind: kind, Key: key, Args: args, msg: msg}
}

// Fields is the sentinel base refused for the given fields; errors.Is(err,
// base) stays true.
func Fields(base *Error, fields ...Field) *Error {
	return &Error{Kind: base.Kind, Key: base.Key, Args: base.Args, Fields: fields, msg: base.msg, base: base}
}

// Error is the message for logs, never shown to people.
func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return e.msg + ": " + e.Fields[0].Field + " (" + e.Fields[0].Key + ")"
	}
	return e.msg
}

// Unwrap lets errors.Is find the sentinel a field refusal was made from.
func (e *Error) Unwrap() error {
	if e.base == nil {
		return nil
	}
	return e.base
}

// Has reports whether field was refused.
func (e *Error) Has(field string) bool {
	return slices.ContainsFunc(e.Fields, func(f Field) bool { return f.Field == field })
}

// Add refuses one more field.
func (e *Error) Add(field, key string, args ...any) {
	e.Fields = append(e.Fields, Field{Field: field, Key: key, Args: args})
}

// As finds the refusal in err's chain.
func As(err error) (*Error, bool) {
	var r *Error
	ok := errors.As(err, &r)
	return r, ok
}

// Merge adds to errs the refused fields of r whose field errs does not
// already name: the forms engine's own errors come first and win.
func Merge(errs []Field, r *Error) []Field {
	if r == nil {
		return errs
	}
	for _, f := range r.Fields {
		if !slices.ContainsFunc(errs, func(e Field) bool { return e.Field == f.Field }) {
			errs = append(errs, f)
		}
	}
	return errs
}
