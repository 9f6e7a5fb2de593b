package accounts

import "errors"

// Sentinel errors of the accounts domain. The HTTP layer maps them to
// translated messages; none of them says whether an e-mail address exists.
var (
	ErrNotFound       = errors.New("accounts: not found")
	ErrDuplicate      = errors.New("accounts: e-mail address already in use")
	ErrBadCredentials = errors.New("accounts: wrong e-mail address or password")
	ErrLocked         = errors.New("accounts: locked after too many failures")
	ErrDisabled       = errors.New("accounts: account disabled")
	ErrBadCode        = errors.New("accounts: wrong or reused code")
	ErrNoSession      = errors.New("accounts: no such session")
	ErrExpired        = errors.New("accounts: session expired")
	ErrInvalid        = errors.New("accounts: invalid input")
	ErrHash           = errors.New("accounts: malformed password hash")
	ErrNoOffice       = errors.New("accounts: helpdesk staff and supervisors need an office")
)
