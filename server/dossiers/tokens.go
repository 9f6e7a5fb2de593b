package dossiers

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// APIToken is a back-office bearer token as stored: only its SHA-256, so a
// copy of the data file cannot be used to call the feed.
type APIToken struct {
	Name    string    `json:"n"`
	Hash    []byte    `json:"h"`
	Created time.Time `json:"c"`
}

// NewToken makes a random token (shown once to the admin) and its record.
func NewToken(name string, now time.Time) (string, APIToken) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	plain := "lkt_" + base64.RawURLEncoding.EncodeToString(b)
	return plain, APIToken{Name: name, Hash: HashToken(plain), Created: now.UTC()}
}

// HashToken is the stored form of a token.
func HashToken(plain string) []byte {
	h := sha256.Sum256([]byte(plain))
	return h[:]
}
