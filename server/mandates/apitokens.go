package mandates

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"strings"
	"time"
	"unicode/utf8"
)

// APIToken lets a lawyer's own software read, through the lawyer JSON API,
// the dossiers the lawyer holds a live mandate for: the scope is checked at
// every call against the mandates, so a revoked mandate is out of reach at
// once. Only the token's hash is kept; the lawyer can revoke it any time.
type APIToken struct {
	ID      string    `json:"id"`
	Lawyer  string    `json:"lawyer"` // account id
	Name    string    `json:"name"`   // the lawyer's label: "firm case system"
	Hash    []byte    `json:"hash"`
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"`
}

// Live reports whether the token still opens the API.
func (t APIToken) Live() bool { return t.Revoked.IsZero() }

// TokenStore is what lawyer API tokens need from storage; every method is
// one transaction.
type TokenStore interface {
	// CreateLawyerToken stores t under a new id, which it returns.
	CreateLawyerToken(t APIToken) (APIToken, error)
	// LawyerTokens lists a lawyer's tokens, revoked ones too, oldest first.
	LawyerTokens(lawyer string) ([]APIToken, error)
	// RevokeLawyerToken revokes the lawyer's token id at the given time
	// (ErrTokenNotFound when the lawyer has no such token); revoking twice
	// keeps the first time.
	RevokeLawyerToken(lawyer, id string, at time.Time) (APIToken, error)
	// LawyerTokenByHash finds a token, live or not, by its hash.
	LawyerTokenByHash(hash []byte) (APIToken, bool, error)
}

// MaxTokenName bounds a token's label.
const MaxTokenName = 60

// MaxLiveTokens is how many live tokens a lawyer may hold.
const MaxLiveTokens = 10

// tokenPrefix marks Loket lawyer tokens, so secret scanners can find a
// leaked one and people can tell it from other credentials.
const tokenPrefix = "loket_lt_"

// Tokens issues, lists, revokes and checks lawyer API tokens.
type Tokens struct {
	st  TokenStore
	now func() time.Time
}

// NewTokens makes the token service; now is the clock (nil: time.Now).
func NewTokens(st TokenStore, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{st: st, now: now}
}

// Create draws a token for lawyer, labelled name; the token is returned
// to be shown once.
func (s *Tokens) Create(lawyer, name string) (string, APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxTokenName || !utf8.ValidString(name) || strings.ContainsFunc(name, isControl) {
		return "", APIToken{}, ErrTokenName
	}
	have, err := s.st.LawyerTokens(lawyer)
	if err != nil {
		return "", APIToken{}, err
	}
	live := 0
	for _, t := range have {
		if t.Live() {
			live++
		}
	}
	if live >= MaxLiveTokens {
		return "", APIToken{}, ErrTooManyTokens
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", APIToken{}, err
	}
	plain := tokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	t, err := s.st.CreateLawyerToken(APIToken{Lawyer: lawyer, Name: name, Hash: tokenHash(plain), Created: s.now().UTC()})
	return plain, t, err
}

// List is the lawyer's tokens, without their hashes.
func (s *Tokens) List(lawyer string) ([]APIToken, error) {
	ts, err := s.st.LawyerTokens(lawyer)
	for i := range ts {
		ts[i].Hash = nil
	}
	return ts, err
}

// Revoke ends one of the lawyer's tokens.
func (s *Tokens) Revoke(lawyer, id string) (APIToken, error) {
	return s.st.RevokeLawyerToken(lawyer, id, s.now().UTC())
}

// Check finds the live token that plain is; ok is false for anything else
// (malformed, unknown, revoked).
func (s *Tokens) Check(plain string) (APIToken, bool, error) {
	if !strings.HasPrefix(plain, tokenPrefix) || len(plain) > 100 {
		return APIToken{}, false, nil
	}
	t, ok, err := s.st.LawyerTokenByHash(tokenHash(plain))
	if err != nil || !ok || !t.Live() {
		return APIToken{}, false, err
	}
	return t, true, nil
}

func tokenHash(plain string) []byte {
	h := sha256.Sum256([]byte("lawyer-api-token:" + plain))
	return h[:]
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// ChangedSince reads the dossiers lawyer holds a live mandate for that
// changed on or after the civil date since ("2026-12-01"): a status event
// dated then or later, or a mandate given then or later. An empty since
// reads them all.
func (s *Service) ChangedSince(lawyer, since string) ([]Client, error) {
	cs, err := s.st.LawyerClients(lawyer)
	if err != nil || since == "" {
		return cs, err
	}
	out := cs[:0]
	for _, c := range cs {
		ev := c.Dossier.Events
		if len(ev) > 0 && ev[len(ev)-1].Date >= since || c.Mandate.Created.UTC().Format(time.DateOnly) >= since {
			out = append(out, c)
		}
	}
	return out, nil
}
