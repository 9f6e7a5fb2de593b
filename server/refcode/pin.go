package refcode

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// Wrong PINs: after MaxPINFailures the reference is locked for PINLock,
// whatever the PIN.
const (
	MaxPINFailures = 5
	PINLock        = 15 * time.Minute
)

// NewPIN draws a 6-digit PIN.
func NewPIN() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", binary.BigEndian.Uint64(b[:])%1_000_000), nil
}

// PINHash is what is stored of a PIN: an HMAC over the purpose (which
// flow), the reference and the PIN, so a stolen store does not give PINs
// away and one flow's hash is no use in another.
func PINHash(secret []byte, purpose string, ref Code, pin string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose + "\x00" + string(ref) + "\x00" + pin))
	return m.Sum(nil)
}

// PINResult is the outcome of a PIN check.
type PINResult int

// The outcomes of CheckPIN.
const (
	PINRight PINResult = iota
	PINWrong
	PINLocked
)

// CheckPIN compares the hash of a typed PIN with the stored one and keeps
// the count of wrong PINs and the lock, which live in the caller's record.
// It reports whether the record changed (so the caller writes it back in
// the same transaction) and the outcome.
func CheckPIN(now time.Time, typed, stored []byte, failures *int, lockedUntil *time.Time) (changed bool, r PINResult) {
	if now.Before(*lockedUntil) {
		return false, PINLocked
	}
	if hmac.Equal(typed, stored) {
		if *failures == 0 {
			return false, PINRight
		}
		*failures = 0
		return true, PINRight
	}
	*failures++
	if *failures >= MaxPINFailures {
		*failures, *lockedUntil = 0, now.Add(PINLock)
	}
	return true, PINWrong
}

// Unlock is CheckPIN shaped for a store's update closure, so that every
// reference-and-PIN lookup reads the same: it returns whether the record
// changed and locked or wrong (the caller's own refusals) when the PIN
// does not open the record.
func Unlock(now time.Time, typed, stored []byte, failures *int, lockedUntil *time.Time, locked, wrong error) (bool, error) {
	changed, r := CheckPIN(now, typed, stored, failures, lockedUntil)
	switch r {
	case PINLocked:
		return false, locked
	case PINWrong:
		return changed, wrong
	}
	return changed, nil
}
