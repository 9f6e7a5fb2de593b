package notify

import (
	"errors"

	"loket/server/refusal"
)

// Refusals of a subscription, and a missing one. refusal.As finds the
// translation key of the message shown to the user.
var (
	ErrBadEndpoint    = refusal.New(refusal.Invalid, "notify: push endpoint is not an https address of a public push service", "notify.error.bad_endpoint")
	ErrBadKey         = refusal.New(refusal.Invalid, "notify: push subscription keys are missing, malformed or too long", "notify.error.bad_key")
	ErrBadEmail       = refusal.New(refusal.Invalid, "notify: e-mail address is not valid", "notify.error.bad_email")
	ErrBadLanguage    = refusal.New(refusal.Invalid, "notify: language is not one Loket speaks", "notify.error.bad_language")
	ErrUnknownSubject = refusal.New(refusal.NotFound, "notify: nothing to follow under this reference", "notify.error.unknown_subject")
	ErrNotFound       = refusal.New(refusal.NotFound, "notify: subscription not found", "notify.error.not_found")
	ErrTooMany        = refusal.New(refusal.Conflict, "notify: too many subscriptions for this reference", "notify.error.too_many")
)

// Delivery errors a Sender wraps (with %w) to tell the worker what to do:
// ErrGone drops the subscription (push 404/410), ErrPermanent gives up on
// the message (a refused recipient); any other error is retried.
var (
	ErrGone      = errors.New("notify: subscription no longer exists")
	ErrPermanent = errors.New("notify: permanent delivery failure")
)
