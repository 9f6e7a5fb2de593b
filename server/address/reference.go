package address

import "loket/server/refcode"

// Reference is a notification's reference, "A" then 7 random symbols and
// a check symbol, shown as AXXX-XXXXX (see refcode).
type Reference = refcode.Code

// refLen is a reference's length without its dash.
const refLen = refcode.Len

// ParseReference reads a reference as people type it.
func ParseReference(s string) (Reference, bool) { return refcode.Parse('A', s) }

// newReference draws a fresh reference.
func newReference() (Reference, error) { return refcode.New('A') }
