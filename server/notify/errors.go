package notify

import "errors"

// Error is a refusal the user may see; Key is its translation key.
type Error struct {
	key string
	msg string
}

func (e *Error) Error() string { return "notify: " + e.msg }

// Key is the translation key of the message shown to the user.
func (e *Error) Key() string { return e.key }

// Refusals of a subscription, and a missing one.
var (
	ErrBadEndpoint    = &Error{"notify.error.bad_endpoint", "push endpoint is not an https address of a public push service"}
	ErrBadKey         = &Error{"notify.error.bad_key", "push subscription keys are missing, malformed or too long"}
	ErrBadEmail       = &Error{"notify.error.bad_email", "e-mail address is not valid"}
	ErrBadLanguage    = &Error{"notify.error.bad_language", "language is not one Loket speaks"}
	ErrUnknownSubject = &Error{"notify.error.unknown_subject", "nothing to follow under this reference"}
	ErrNotFound       = &Error{"notify.error.not_found", "subscription not found"}
	ErrTooMany        = &Error{"notify.error.too_many", "too many subscriptions for this reference"}
)

// Delivery errors a Sender wraps (with %w) to tell the worker what to do:
// ErrGone drops the subscription (push 404/410), ErrPermanent gives up on
// the message (a refused recipient); any other error is retried.
var (
	ErrGone      = errors.New("notify: subscription no longer exists")
	ErrPermanent = errors.New("notify: permanent delivery failure")
)
