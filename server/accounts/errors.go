package accounts

import (
	"errors"

	"loket/server/refusal"
)

// Refusals of the accounts domain. None of them says whether an e-mail
// address exists.
var (
	ErrNotFound       = refusal.New(refusal.NotFound, "accounts: not found", "")
	ErrDuplicate      = refusal.New(refusal.Conflict, "accounts: e-mail address already in use", "staff.users.error.duplicate")
	ErrBadCredentials = refusal.New(refusal.Forbidden, "accounts: wrong e-mail address or password", "staff.error.credentials")
	ErrLocked         = refusal.New(refusal.Locked, "accounts: locked after too many failures", "staff.error.locked")
	ErrDisabled       = refusal.New(refusal.Forbidden, "accounts: account disabled", "staff.error.disabled")
	ErrBadCode        = refusal.New(refusal.Forbidden, "accounts: wrong or reused code", "staff.error.code")
	ErrNoSession      = refusal.New(refusal.Forbidden, "accounts: no such session", "staff.error.signin_required")
	ErrExpired        = refusal.New(refusal.Gone, "accounts: session expired", "staff.error.signin_required")
	ErrInvalid        = refusal.New(refusal.Invalid, "accounts: invalid input", "staff.users.error.invalid")
	ErrNoOffice       = refusal.New(refusal.Invalid, "accounts: helpdesk staff and supervisors need an office", "staff.users.error.offices")
)

// ErrHash is a failure, not a refusal: a stored password hash this
// package cannot read (a damaged record) answers 500 and is logged.
var ErrHash = errors.New("accounts: malformed password hash")
