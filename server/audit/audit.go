// Package audit is Loket's append-only trail of who did what to which
// object, from where: every view of a dossier by staff or a lawyer, every
// mandate and account change, every sign-in and every back-office push.
//
// Entries form a hash chain: each stores an HMAC-SHA-256, under a Key kept
// outside the data file, over the previous entry's hash and its own
// canonical encoding. Changing, removing or reordering a stored entry
// breaks the chain from that entry on, and Verify finds it; without the
// key nobody can re-seal the entries after a change. Cutting the newest
// entries off leaves a shorter chain that holds: a Head (sequence number
// and hash of the newest entry, signed) exported off the machine catches
// that, and a rewrite by someone who holds the key too (see head.go).
// There is no API to change or delete an entry.
//
// Trails written before the key existed start with unkeyed entries
// (plain SHA-256, no key id); Verify accepts them only before the first
// keyed entry and counts them.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"
	"time"
)

// Errors of the audit trail.
var (
	ErrBroken  = errors.New("audit: chain broken")
	ErrInvalid = errors.New("audit: invalid entry")
)

// Channels: where an action came from.
const (
	ChannelStaff   = "staff"   // the staff console
	ChannelLawyer  = "lawyer"  // the lawyer view
	ChannelAPI     = "api"     // the back-office API
	ChannelKiosk   = "kiosk"   // an on-site kiosk
	ChannelCLI     = "cli"     // the loket command line
	ChannelPhone   = "phone"   // the phone app
	ChannelUnknown = "unknown" // anything else
)

// Actions this package's first users log. Other packages add their own
// dotted names ("dossier.view", "mandate.add", "backoffice.push").
const (
	ActionSignIn           = "signin.success"
	ActionSignInFailure    = "signin.failure"
	ActionSignInLocked     = "signin.locked"
	ActionSignInDisabled   = "signin.disabled"
	ActionSecondFactor     = "signin.second_factor"
	ActionCodeFailure      = "signin.code_failure"
	ActionRecoveryUsed     = "signin.recovery_code"
	ActionTOTPEnrolled     = "account.totp_enrolled"
	ActionSignOut          = "signout"
	ActionAccountCreate    = "account.create"
	ActionAccountDisable   = "account.disable"
	ActionAccountEnable    = "account.enable"
	ActionTOTPReset        = "account.totp_reset"
	ActionPassword         = "account.password"
	ActionAuditExport      = "audit.export"
	ActionDossierView      = "dossier.view"
	ActionMandateChange    = "mandate.change"
	ActionBackOfficePush   = "backoffice.push"
	ActionBackOfficeImport = "backoffice.import"
	ActionBookingCancel    = "booking.staff_cancel"
)

// Entry is one line of the trail. Callers fill Actor, Action, Object,
// Channel and Client (from ClientHash); the trail sets Seq, At, Prev and
// Hash.
type Entry struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`            // account id, "token:<name>", "cli" or "-"
	Action  string    `json:"action"`           // dotted name, see the Action constants
	Object  string    `json:"object,omitempty"` // dossier number, account id, ...
	Channel string    `json:"channel"`
	Client  string    `json:"client,omitempty"` // keyed hash of the client address
	Detail  string    `json:"detail,omitempty"` // short, never personal data
	Key     string    `json:"key,omitempty"`    // id of the key that sealed it; empty: unkeyed
	Prev    string    `json:"prev"`             // hex hash of the previous entry
	Hash    string    `json:"hash"`             // hex hash of this entry
}

// Log is what other packages need to record an action.
type Log interface {
	Append(ctx context.Context, e Entry) error
}

// Limits keep the trail compact and an entry from carrying a payload.
const (
	maxField  = 200
	maxDetail = 500
)

// check refuses an entry without actor or action, or with oversized fields.
func (e Entry) check() error {
	if e.Actor == "" || e.Action == "" {
		return fmt.Errorf("%w: actor and action are required", ErrInvalid)
	}
	for _, f := range []string{e.Actor, e.Action, e.Object, e.Channel, e.Client} {
		if len(f) > maxField {
			return fmt.Errorf("%w: field longer than %d bytes", ErrInvalid, maxField)
		}
	}
	if len(e.Detail) > maxDetail {
		return fmt.Errorf("%w: detail longer than %d bytes", ErrInvalid, maxDetail)
	}
	return nil
}

// Canonical is the byte encoding the hash covers: every field but Hash,
// each length-prefixed, in a fixed order, with the time as UTC
// nanoseconds. It never changes for an existing entry, unlike JSON; the
// key id comes last and only when set, so unkeyed entries encode as they
// always did.
func Canonical(e Entry) []byte {
	var b []byte
	b = binary.BigEndian.AppendUint64(b, e.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(e.At.UnixNano()))
	fields := []string{e.Actor, e.Action, e.Object, e.Channel, e.Client, e.Detail, e.Prev}
	if e.Key != "" {
		fields = append(fields, e.Key)
	}
	for _, f := range fields {
		b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// Seal sets e's Seq and Prev from the previous entry (nil for the first)
// and computes its Hash under k; a nil k seals unkeyed (tests of code
// that only needs a trail). The store calls it inside the append
// transaction.
func (k *Key) Seal(e Entry, prev *Entry) Entry {
	e.Seq, e.Prev, e.Key = 1, "", ""
	if prev != nil {
		e.Seq, e.Prev = prev.Seq+1, prev.Hash
	}
	if k != nil {
		e.Key = k.id
	}
	e.Hash = k.hash(e)
	return e
}

// hash is HMAC-SHA-256 under k over the previous hash and the canonical
// encoding; SHA-256 of the same for an unkeyed entry (k nil).
func (k *Key) hash(e Entry) string {
	var h hash.Hash
	if k == nil {
		h = sha256.New()
	} else {
		h = hmac.New(sha256.New, k.secret)
	}
	h.Write([]byte(e.Prev))
	h.Write(Canonical(e))
	return hex.EncodeToString(h.Sum(nil))
}

// ClientHash is a keyed hash of a client address: the same address gives
// the same value (so an admin can see that failures came from one place)
// but the address cannot be read back without the key.
func ClientHash(key []byte, addr string) string {
	if addr == "" {
		return ""
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(addr))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// BrokenError names the first entry whose chain does not hold.
type BrokenError struct {
	Seq    uint64
	Reason string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("audit: chain broken at entry %d: %s", e.Seq, e.Reason)
}

func (e *BrokenError) Unwrap() error { return ErrBroken }

// Verifier checks entries in order under Key; feed it every entry with
// Next. The zero Verifier has no key: it accepts unkeyed entries only.
type Verifier struct {
	Key      *Key
	prev     *Entry
	count    uint64
	unkeyed  uint64
	keyedYet bool
}

// Next checks one entry against the one before it.
func (v *Verifier) Next(e Entry) error {
	want := uint64(1)
	prevHash := ""
	if v.prev != nil {
		want, prevHash = v.prev.Seq+1, v.prev.Hash
	}
	var k *Key
	if e.Key != "" {
		k = v.Key
	}
	switch {
	case e.Seq != want:
		return &BrokenError{Seq: want, Reason: fmt.Sprintf("found entry %d where %d belongs", e.Seq, want)}
	case e.Prev != prevHash:
		return &BrokenError{Seq: e.Seq, Reason: "link to the previous entry does not match"}
	case e.Key == "" && v.keyedYet:
		return &BrokenError{Seq: e.Seq, Reason: "unkeyed entry after keyed ones"}
	case e.Key != "" && v.Key == nil:
		return &BrokenError{Seq: e.Seq, Reason: "entry is keyed (key " + e.Key + ") and no key was given"}
	case e.Key != "" && e.Key != v.Key.id:
		return &BrokenError{Seq: e.Seq, Reason: "entry was sealed with key " + e.Key + ", not with the key given (" + v.Key.id + ")"}
	case e.Hash != k.hash(e):
		return &BrokenError{Seq: e.Seq, Reason: "content does not match its hash"}
	}
	if e.Key == "" {
		v.unkeyed++
	}
	v.keyedYet = v.keyedYet || e.Key != ""
	v.prev = &e
	v.count++
	return nil
}

// Count is how many entries verified.
func (v *Verifier) Count() uint64 { return v.count }

// Unkeyed is how many of them were sealed before the trail had a key.
func (v *Verifier) Unkeyed() uint64 { return v.unkeyed }

// Last is the newest entry verified, nil before the first.
func (v *Verifier) Last() *Entry { return v.prev }

// Filter selects entries for the admins' search. Empty fields match all;
// Actor, Action and Object match as prefixes, From and To bound At
// (To exclusive).
type Filter struct {
	Actor, Action, Object string
	From, To              time.Time
	Limit                 int
}

// Match reports whether e passes the filter.
func (f Filter) Match(e Entry) bool {
	return strings.HasPrefix(e.Actor, f.Actor) && strings.HasPrefix(e.Action, f.Action) &&
		strings.HasPrefix(e.Object, f.Object) &&
		(f.From.IsZero() || !e.At.Before(f.From)) && (f.To.IsZero() || e.At.Before(f.To))
}
