package helpdesk

import "loket/server/refcode"

// Reference is a ticket's reference, "H" then 7 random symbols and
// a check symbol, shown as HXXX-XXXXX (see refcode).
type Reference = refcode.Code

// ParseReference reads a reference as people type it.
func ParseReference(s string) (Reference, bool) { return refcode.Parse('H', s) }

// newReference draws a fresh reference.
func newReference() (Reference, error) { return refcode.New('H') }
