package helpdesk

import "loket/server/refusal"

// Sentinel refusals. Validation failures are ErrInvalid with the refused
// fields (refusal.Fields), one translation key per field.
var (
	// ErrNotFound: no escalation with this reference, or one the caller
	// may not see (another office's gets the same answer as none).
	ErrNotFound = refusal.New(refusal.NotFound, "helpdesk: escalation not found", "help.error.not_found")
	// ErrBadPIN: the PIN does not match the reference.
	ErrBadPIN = refusal.New(refusal.NotFound, "helpdesk: wrong PIN", "help.error.not_found")
	// ErrLocked: too many wrong PINs for this reference; try later.
	ErrLocked = refusal.New(refusal.Locked, "helpdesk: reference locked after wrong PINs", "help.error.locked")
	// ErrDuplicate: the reference is taken (drawn again by Create).
	ErrDuplicate = refusal.New(refusal.Conflict, "helpdesk: duplicate reference", "")
	// ErrBadState: the action does not apply in the escalation's state.
	ErrBadState = refusal.New(refusal.Conflict, "helpdesk: action not allowed in this state", "")
	// ErrInvalid: a staff action with missing or wrong input (empty reply,
	// unknown language, canned answer without English text), or an
	// escalation with refused fields.
	ErrInvalid = refusal.New(refusal.Invalid, "helpdesk: invalid input", "")
	// ErrAssignee: a bulk assignment to someone who may not see every
	// escalation of it.
	ErrAssignee = refusal.New(refusal.Invalid, "helpdesk: the assignee may not see every escalation", "staff.escalation.error.assignee")
	// ErrCannedNotFound: no canned answer with this id.
	ErrCannedNotFound = refusal.New(refusal.NotFound, "helpdesk: canned answer not found", "")
)
