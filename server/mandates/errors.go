package mandates

import "loket/server/refusal"

// Refusals of the mandates domain. A refused code never says which check
// failed to the lawyer beyond "invalid", "expired" or "already used".
var (
	ErrCodeInvalid = refusal.New(refusal.Invalid, "mandates: code invalid", "lawyer.link.invalid")
	ErrCodeExpired = refusal.New(refusal.Gone, "mandates: code expired", "lawyer.link.expired")
	ErrCodeUsed    = refusal.New(refusal.Gone, "mandates: code already used", "lawyer.link.used")
	ErrNotFound    = refusal.New(refusal.NotFound, "mandates: no such mandate", "")
	ErrNoDossier   = refusal.New(refusal.NotFound, "mandates: no such dossier", "mandate.staff.bad_dossier")
	ErrNotLawyer   = refusal.New(refusal.Invalid, "mandates: account is not a lawyer", "mandate.staff.not_lawyer")
	ErrLabel       = refusal.New(refusal.Invalid, "mandates: label too long or with control characters", "lawyer.label.error")
)

// Refusals of lawyer API tokens.
var (
	ErrTokenNotFound = refusal.New(refusal.NotFound, "mandates: no such API token", "")
	ErrTokenName     = refusal.New(refusal.Invalid, "mandates: API token name empty, too long or with control characters", "lawyer.api.error.name")
	ErrTooManyTokens = refusal.New(refusal.Conflict, "mandates: too many live API tokens", "lawyer.api.error.too_many")
)
