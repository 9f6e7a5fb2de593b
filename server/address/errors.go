package address

import (
	"slices"

	"loket/server/refusal"
)

// Sentinel refusals. Validation failures are ErrInvalid with the refused
// fields (refusal.Fields), one translation key per field.
var (
	// ErrNotFound: no notification with this reference, or one the caller
	// may not see (other municipalities get the same answer as nobody).
	ErrNotFound = refusal.New(refusal.NotFound, "address: notification not found", "address.error.not_found")
	// ErrBadPIN: the PIN does not match the reference.
	ErrBadPIN = refusal.New(refusal.NotFound, "address: wrong PIN", "address.error.not_found")
	// ErrLocked: too many wrong PINs for this reference; try later.
	ErrLocked = refusal.New(refusal.Locked, "address: reference locked after wrong PINs", "address.error.locked")
	// ErrSuperseded: the notification was already replaced by a newer one.
	ErrSuperseded = refusal.New(refusal.Gone, "address: notification already replaced", "address.error.superseded")
	// ErrBadStatus: not a status this action accepts.
	ErrBadStatus = refusal.New(refusal.Invalid, "address: unknown status", "form.error.option")
	// ErrBadCursor: an export cursor this server did not make.
	ErrBadCursor = refusal.New(refusal.Invalid, "address: invalid cursor", "")
	// ErrBadData: a municipality list that cannot be used.
	ErrBadData = refusal.New(refusal.Invalid, "address: invalid municipality data", "")
	// ErrDuplicate: the reference is taken (drawn again by Submit).
	ErrDuplicate = refusal.New(refusal.Conflict, "address: duplicate reference", "")
	// ErrInvalid: a notification with refused fields.
	ErrInvalid = refusal.New(refusal.Invalid, "address: invalid notification", "")
)

// LongStay reports whether a refusal says the planned stay exceeds 90
// days: the page then explains where to go instead.
func LongStay(r *refusal.Error) bool {
	return r != nil && slices.ContainsFunc(r.Fields, func(f refusal.Field) bool { return f.Key == "address.error.long_stay" })
}
