package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Session is a signed-in browser, stored under the hash of its id so that
// a copy of the store cannot be used to take over sessions.
type Session struct {
	IDHash    string    `json:"id_hash"`
	AccountID string    `json:"account_id"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
	// Complete is false between the password and the second factor: such
	// a session only reaches the TOTP page.
	Complete bool `json:"complete"`
}

// newSessionID returns a random id for the cookie and its hash for the store.
func newSessionID() (id, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	id = base64.RawURLEncoding.EncodeToString(b)
	return id, HashSessionID(id), nil
}

// HashSessionID is the key a session is stored under.
func HashSessionID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// expired reports whether the session has passed its idle or absolute limit.
func (s Session) expired(now time.Time, p Policy) bool {
	return now.Sub(s.LastSeen) >= p.IdleTimeout || now.Sub(s.CreatedAt) >= p.MaxLifetime
}
