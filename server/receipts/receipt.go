package receipts

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"loket/server/refusal"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind is what a receipt attests. The string is stored; the byte in
// kindCodes goes into tokens, so neither may change once shipped.
type Kind string

// The receipt kinds that Loket's flows hand out.
const (
	KindBookingConfirmed    Kind = "booking_confirmed"
	KindBookingMoved        Kind = "booking_moved"
	KindBookingCancelled    Kind = "booking_cancelled"
	KindQueueTicket         Kind = "queue_ticket"
	KindKioskCheckIn        Kind = "kiosk_checkin"
	KindEscalation          Kind = "escalation"
	KindStatusPrintout      Kind = "status_printout"
	KindAddressNotification Kind = "address_notification"
)

// kindSpec is what a kind may carry and how long its token stays valid.
// Fields is a whitelist in print order: a receipt may be picked up by a
// stranger, so no kind takes names, addresses or free text.
type kindSpec struct {
	code   byte
	fields []string
	// valid is added to the later of the receipt's time and its issue time.
	valid time.Duration
}

var kinds = map[Kind]kindSpec{
	KindBookingConfirmed:    {1, []string{"service", "procedure", "desk"}, 7 * 24 * time.Hour},
	KindBookingMoved:        {2, []string{"service", "procedure", "previous", "desk"}, 7 * 24 * time.Hour},
	KindBookingCancelled:    {3, []string{"service", "procedure", "previous"}, 30 * 24 * time.Hour},
	KindQueueTicket:         {4, []string{"service", "desk"}, 24 * time.Hour},
	KindKioskCheckIn:        {5, []string{"procedure", "ticket", "desk"}, 24 * time.Hour},
	KindEscalation:          {6, []string{"topic", "desk"}, 24 * time.Hour},
	KindStatusPrintout:      {7, []string{"dossier", "initial", "status"}, 30 * 24 * time.Hour},
	KindAddressNotification: {8, []string{"dossier", "initial", "municipality"}, 365 * 24 * time.Hour},
}

// Kinds lists every receipt kind, in token-code order.
func Kinds() []Kind {
	out := make([]Kind, len(kinds))
	for k, s := range kinds {
		out[s.code-1] = k
	}
	return out
}

// FieldKeys lists the fields a kind may carry, in print order.
func (k Kind) FieldKeys() []string { return append([]string(nil), kinds[k].fields...) }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kinds[k]; return ok }

func kindFromCode(c byte) (Kind, bool) {
	for k, s := range kinds {
		if s.code == c {
			return k, true
		}
	}
	return "", false
}

// Limits on input, so a token stays small enough for a sharp QR code at
// 80 mm and a receipt fits its page.
const (
	maxReference  = 16
	maxOfficeID   = 16
	maxFieldValue = 64
	maxReason     = 200
)

// Input is what a flow passes to Issue.
type Input struct {
	Kind Kind
	// Reference is printed large and goes into the token: booking code,
	// ticket number or dossier number. ASCII letters, digits, '-', '.', '/'.
	Reference string
	// At is the time the receipt is about (the appointment, the ticket).
	At time.Time
	// OfficeID names the office ("brussels-north").
	OfficeID string
	// Fields are the kind's extra facts (see Kind.FieldKeys), short
	// codes or values that the caller translates when printing.
	Fields map[string]string
	// Expires overrides the kind's default validity when not zero.
	Expires time.Time
}

// Receipt is a recorded receipt. It never changes after Issue, except
// for the revocation fields.
type Receipt struct {
	ID        string            `json:"id"`
	Kind      Kind              `json:"kind"`
	Reference string            `json:"reference"`
	At        time.Time         `json:"at"`
	OfficeID  string            `json:"office"`
	Fields    map[string]string `json:"fields,omitempty"`
	Created   time.Time         `json:"created"`
	Expires   time.Time         `json:"expires"`
	// Token is the signed verification token printed in the QR code, kept
	// so a reprint shows the same code even after a key rotation.
	Token         string    `json:"token"`
	Revoked       bool      `json:"revoked,omitempty"`
	RevokedAt     time.Time `json:"revoked_at,omitzero"`
	RevokedReason string    `json:"revoked_reason,omitempty"`
}

// idEncoding writes the 8 random id bytes as 13 lowercase characters.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func newID() (string, [8]byte, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", b, fmt.Errorf("receipts: random id: %w", err)
	}
	return idEncoding.EncodeToString(b[:]), b, nil
}

// parseID turns a receipt id back into its bytes; ok is false for
// anything Issue cannot have made.
func parseID(id string) ([8]byte, bool) {
	var b [8]byte
	if len(id) != 13 {
		return b, false
	}
	n, err := idEncoding.Decode(b[:], []byte(id))
	// Re-encoding refuses the other spellings of the same bytes.
	return b, err == nil && n == 8 && idEncoding.EncodeToString(b[:]) == id
}

// validate checks in against the kind's rules and returns the cleaned
// fields (empty values dropped).
func (in Input) validate() (map[string]string, error) {
	spec, ok := kinds[in.Kind]
	if !ok {
		return nil, refusal.Fields(ErrInvalid, refusal.Field{Field: "kind", Key: "receipt.error.kind"})
	}
	if !tokenText(in.Reference, maxReference, isReferenceByte) {
		return nil, refusal.Fields(ErrInvalid, refusal.Field{Field: "reference", Key: "receipt.error.reference"})
	}
	if !tokenText(in.OfficeID, maxOfficeID, isOfficeByte) {
		return nil, refusal.Fields(ErrInvalid, refusal.Field{Field: "office", Key: "receipt.error.office"})
	}
	if in.At.IsZero() || in.At.Unix() < 0 || in.At.Unix()/60 > 1<<32-1 {
		return nil, refusal.Fields(ErrInvalid, refusal.Field{Field: "at", Key: "receipt.error.time"})
	}
	if len(in.Fields) > len(spec.fields) {
		return nil, refusal.Fields(ErrInvalid, refusal.Field{Field: "fields", Key: "receipt.error.field"})
	}
	fields := make(map[string]string, len(in.Fields))
	for k, v := range in.Fields {
		if !allowed(spec.fields, k) {
			return nil, refusal.Fields(ErrInvalid, refusal.Field{Field: k, Key: "receipt.error.field"})
		}
		if v == "" {
			continue
		}
		if utf8.RuneCountInString(v) > maxFieldValue || !printable(v) {
			return nil, refusal.Fields(ErrInvalid, refusal.Field{Field: k, Key: "receipt.error.field_value"})
		}
		if k == "initial" && !isInitial(v) {
			return nil, refusal.Fields(ErrInvalid, refusal.Field{Field: k, Key: "receipt.error.initial"})
		}
		fields[k] = v
	}
	return fields, nil
}

func allowed(list []string, k string) bool {
	for _, f := range list {
		if f == k {
			return true
		}
	}
	return false
}

func tokenText(s string, max int, ok func(byte) bool) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isReferenceByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '/'
}

func isOfficeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
}

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// isInitial accepts one letter, optionally followed by a dot: the status
// printout may show the first-name initial and nothing more of a name.
func isInitial(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) {
		return false
	}
	rest := s[n:]
	return rest == "" || rest == "."
}
