package receipts

import "loket/server/refusal"

// Sentinel errors of the receipts package. Callers test them with
// errors.Is; the wrapped text adds detail for logs, never for users.
var (
	// ErrNotFound: no receipt has this id.
	ErrNotFound = refusal.New(refusal.NotFound, "receipts: no such receipt", "")
	// ErrDuplicate: a receipt with this id was already recorded.
	ErrDuplicate = refusal.New(refusal.Conflict, "receipts: receipt id already recorded", "")
	// ErrInvalid: the input for a new receipt breaks a rule; refusal.Fields name the field and the message key.
	ErrInvalid = refusal.New(refusal.Invalid, "receipts: invalid receipt input", "")
	// ErrTooLong: a text or list passed in is longer than a receipt can hold.
	ErrTooLong = refusal.New(refusal.Invalid, "receipts: input too long", "")
	// ErrBadFormat: the requested layout is not one of Formats.
	ErrBadFormat = refusal.New(refusal.Invalid, "receipts: unknown receipt format", "")
	// ErrRevoked: the receipt was revoked and is no longer printed.
	ErrRevoked = refusal.New(refusal.Gone, "receipts: receipt revoked", "")

	// ErrMalformed: the token is not a well-formed receipt token.
	ErrMalformed = refusal.New(refusal.Invalid, "receipts: malformed token", "")
	// ErrBadSignature: the token's signature does not match its content.
	ErrBadSignature = refusal.New(refusal.Invalid, "receipts: bad token signature", "")
	// ErrUnknownKey: the token was signed with a key this verifier does not know.
	ErrUnknownKey = refusal.New(refusal.Invalid, "receipts: token signed with an unknown key", "")
	// ErrExpired: the token is genuine but past its expiry.
	ErrExpired = refusal.New(refusal.Gone, "receipts: token expired", "")
	// ErrNoKey: the key store holds no usable signing key.
	ErrNoKey = refusal.New(refusal.Unavailable, "receipts: no signing key", "")
)
