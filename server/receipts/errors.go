package receipts

import "errors"

// Sentinel errors of the receipts package. Callers test them with
// errors.Is; the wrapped text adds detail for logs, never for users.
var (
	// ErrNotFound: no receipt has this id.
	ErrNotFound = errors.New("receipts: no such receipt")
	// ErrDuplicate: a receipt with this id was already recorded.
	ErrDuplicate = errors.New("receipts: receipt id already recorded")
	// ErrInvalid: the input for a new receipt breaks a rule; see FieldError.
	ErrInvalid = errors.New("receipts: invalid receipt input")
	// ErrTooLong: a text or list passed in is longer than a receipt can hold.
	ErrTooLong = errors.New("receipts: input too long")
	// ErrBadFormat: the requested layout is not one of Formats.
	ErrBadFormat = errors.New("receipts: unknown receipt format")
	// ErrRevoked: the receipt was revoked and is no longer printed.
	ErrRevoked = errors.New("receipts: receipt revoked")

	// ErrMalformed: the token is not a well-formed receipt token.
	ErrMalformed = errors.New("receipts: malformed token")
	// ErrBadSignature: the token's signature does not match its content.
	ErrBadSignature = errors.New("receipts: bad token signature")
	// ErrUnknownKey: the token was signed with a key this verifier does not know.
	ErrUnknownKey = errors.New("receipts: token signed with an unknown key")
	// ErrExpired: the token is genuine but past its expiry.
	ErrExpired = errors.New("receipts: token expired")
	// ErrNoKey: the key store holds no usable signing key.
	ErrNoKey = errors.New("receipts: no signing key")
)

// FieldError names the input field that broke a rule and the translation
// key of the message shown to the user. It wraps ErrInvalid.
type FieldError struct {
	Field string
	Key   string
}

// Error names the field and the message key, for logs.
func (e *FieldError) Error() string { return "receipts: invalid " + e.Field + " (" + e.Key + ")" }

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *FieldError) Unwrap() error { return ErrInvalid }
