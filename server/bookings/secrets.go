package bookings

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"loket/server/ratelimit"
)

// newID is a random booking id, drawn before the first write.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (m *Manager) mac(parts ...string) []byte {
	h := hmac.New(sha256.New, m.cfg.Secret)
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

// pin is the 6-digit PIN of booking id. It is derived from the secret and
// the random id instead of being stored, so a repeated submission can show
// the same PIN again. Whoever holds the secret and the data file could try
// all million PINs against a stored hash anyway; without the secret
// neither helps.
func (m *Manager) pin(id string) string {
	n := binary.BigEndian.Uint64(m.mac("pin", id)) % 1_000_000
	return fmt.Sprintf("%06d", n)
}

// pinHash is what the store keeps of a PIN.
func (m *Manager) pinHash(ref Reference, pin string) []byte {
	return m.mac("pin-hash", string(ref), pin)
}

// checkPIN is the PIN check that runs inside the store's transaction, so
// parallel guesses are counted one by one and the lock cannot be outrun.
func (m *Manager) checkPIN(pin string) func(Booking, *PINState) error {
	now := m.cfg.Now()
	return func(b Booking, st *PINState) error {
		if now.Before(st.LockedUntil) {
			return ErrLocked
		}
		if hmac.Equal(m.pinHash(b.Ref, strings.TrimSpace(pin)), b.PINHash) {
			*st = PINState{}
			return nil
		}
		recent := st.Failures[:0:0]
		for _, f := range st.Failures {
			if now.Sub(f) < m.cfg.PINWindow {
				recent = append(recent, f)
			}
		}
		recent = append(recent, now.UTC())
		if len(recent) >= m.cfg.PINMaxFailures {
			*st = PINState{LockedUntil: now.Add(m.cfg.PINLockout).UTC()}
			return ErrLocked
		}
		*st = PINState{Failures: recent}
		return ErrWrongPIN
	}
}

// fingerprint is a short keyed hash of a client address: the same address
// gives the same value that day, and the address cannot be read back. The
// day in the key stops fingerprints linking visits across days.
func (m *Manager) fingerprint(client string) string {
	if client == "" {
		return ""
	}
	return hex.EncodeToString(m.mac("client", m.cfg.Now().UTC().Format(time.DateOnly), client)[:6])
}

// idempotencyKey is what the store keeps of a form token: a fixed-size
// keyed hash, so a huge or crafted token cannot become a huge store key.
// It covers the client's address (IPv6: its /64) too: a key is one
// client's, and another client sending the same key (seen in a shared
// link, guessed, replayed) gets a booking of its own, never the first
// client's reference, PIN, phone and e-mail.
func (m *Manager) idempotencyKey(token, client string) string {
	if token == "" {
		return ""
	}
	return hex.EncodeToString(m.mac("idempotency", ratelimit.Key(client), token)[:16])
}

// cleanContact checks and normalises an optional phone number and e-mail.
func cleanContact(phone, email string) (string, string, error) {
	phone = strings.TrimSpace(phone)
	if phone != "" {
		var b strings.Builder
		digits := 0
		for i, c := range phone {
			switch {
			case c >= '0' && c <= '9':
				b.WriteRune(c)
				digits++
			case c == '+' && i == 0:
				b.WriteRune(c)
			case c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')':
			default:
				return "", "", ErrBadContact
			}
		}
		if digits < 8 || digits > 15 {
			return "", "", ErrBadContact
		}
		phone = b.String()
	}
	email = strings.TrimSpace(email)
	if email != "" {
		a, err := mail.ParseAddress(email)
		if err != nil || a.Name != "" || a.Address != email || len(email) > 254 {
			return "", "", ErrBadContact
		}
	}
	return phone, email, nil
}
