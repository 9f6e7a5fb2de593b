package mandates

import "errors"

// Errors of the mandates domain. The web layer turns them into translated
// messages; a refused code never says which check failed to the lawyer
// beyond "invalid", "expired" or "already used".
var (
	ErrCodeInvalid = errors.New("mandates: code invalid")
	ErrCodeExpired = errors.New("mandates: code expired")
	ErrCodeUsed    = errors.New("mandates: code already used")
	ErrNotFound    = errors.New("mandates: no such mandate")
	ErrNoDossier   = errors.New("mandates: no such dossier")
	ErrNotLawyer   = errors.New("mandates: account is not a lawyer")
)

// Errors of lawyer API tokens.
var (
	ErrTokenNotFound = errors.New("mandates: no such API token")
	ErrTokenName     = errors.New("mandates: API token name empty, too long or with control characters")
	ErrTooManyTokens = errors.New("mandates: too many live API tokens")
)
