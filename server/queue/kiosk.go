package queue

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"
	"unicode/utf8"
)

// Kiosk is a registered touchscreen. Only registered kiosks print tickets
// and check people in: a ticket from any browser would let anyone jump the
// queue from home.
type Kiosk struct {
	ID       string `json:"id"`
	OfficeID string `json:"office"`
	Name     string `json:"name"`
	// CodeHash is the hash of the one-time enrolment code, until used.
	CodeHash    []byte    `json:"code_hash,omitempty"`
	CodeExpires time.Time `json:"code_expires,omitzero"`
	// SecretHash is the hash of the credential the kiosk's browser keeps.
	SecretHash []byte    `json:"secret_hash,omitempty"`
	Created    time.Time `json:"created"`
	Enrolled   time.Time `json:"enrolled,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}

// Revoked reports whether the kiosk was revoked.
func (k Kiosk) Revoked() bool { return !k.RevokedAt.IsZero() }

// KioskStore keeps kiosks. Enrolment is one transaction, so a code works
// once.
type KioskStore interface {
	CreateKiosk(ctx context.Context, k Kiosk) error
	Kiosks(ctx context.Context) ([]Kiosk, error)
	// UpdateKiosk applies change to kiosk id in one transaction.
	UpdateKiosk(ctx context.Context, id string, change func(*Kiosk) error) (Kiosk, error)
	// EnrolKiosk finds the kiosk whose code hash is codeHash, applies
	// enrol and indexes its new secret hash; ErrBadCode if none.
	EnrolKiosk(ctx context.Context, codeHash []byte, enrol func(*Kiosk) error) (Kiosk, error)
	// KioskBySecret finds the kiosk holding a credential; ErrKioskUnknown
	// if none.
	KioskBySecret(ctx context.Context, secretHash []byte) (Kiosk, error)
}

// codeAlphabet has no 0/O, 1/I/L or 5/S, so a code read aloud or typed
// on a touchscreen is not mistaken.
const codeAlphabet = "ABCDEFGHJKMNPQRTUVWXYZ2346789"

// codeTTL is how long an enrolment code works.
const codeTTL = 24 * time.Hour

// AddKiosk registers a kiosk for an office and returns its one-time
// enrolment code ("K7PM-X3QD"), valid for a day. Only the code's hash
// is kept.
func (s *Service) AddKiosk(ctx context.Context, officeID, name string) (Kiosk, string, error) {
	if _, err := s.Office(officeID); err != nil {
		return Kiosk{}, "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 40 {
		return Kiosk{}, "", ErrInvalidConfig
	}
	code := newCode()
	now := s.cfg.Now().UTC()
	k := Kiosk{ID: newID()[:12], OfficeID: officeID, Name: name, CodeHash: hashCode(code),
		CodeExpires: now.Add(codeTTL), Created: now}
	if err := s.store.CreateKiosk(ctx, k); err != nil {
		return Kiosk{}, "", err
	}
	return k, code, nil
}

// Kiosks lists the registered kiosks.
func (s *Service) Kiosks(ctx context.Context) ([]Kiosk, error) { return s.store.Kiosks(ctx) }

// RevokeKiosk stops a kiosk: its credential no longer works.
func (s *Service) RevokeKiosk(ctx context.Context, id string) (Kiosk, error) {
	now := s.cfg.Now().UTC()
	return s.store.UpdateKiosk(ctx, id, func(k *Kiosk) error {
		if k.RevokedAt.IsZero() {
			k.RevokedAt = now
		}
		k.CodeHash = nil
		return nil
	})
}

// enrolLimit codes from one client address within enrolWindow: more
// wait until the window has passed. Counting per address (IPv6: per /64)
// and not server-wide keeps a stranger guessing codes from blocking every
// kiosk's right code; guessing one of 29^8 codes at 20 a minute stays
// hopeless.
const (
	enrolLimit  = 20
	enrolWindow = time.Minute
)

// Enrol turns an enrolment code, sent from the client address from, into
// the kiosk's long-lived credential (to be kept in an HttpOnly cookie).
// The code works once.
func (s *Service) Enrol(ctx context.Context, code, from string) (Kiosk, string, error) {
	if !s.enrol.Allow(from) {
		return Kiosk{}, "", ErrTooManyCodes
	}
	return s.enrol1(ctx, code, s.cfg.Now().UTC())
}

func (s *Service) enrol1(ctx context.Context, code string, now time.Time) (Kiosk, string, error) {
	code = normalizeCode(code)
	if len(code) != 8 {
		return Kiosk{}, "", ErrBadCode
	}
	secret := newSecret()
	k, err := s.store.EnrolKiosk(ctx, hashCode(code), func(k *Kiosk) error {
		if k.Revoked() || !now.Before(k.CodeExpires) {
			return ErrBadCode
		}
		k.CodeHash, k.CodeExpires = nil, time.Time{}
		k.SecretHash = hashSecret(secret)
		k.Enrolled = now
		return nil
	})
	if err != nil {
		return Kiosk{}, "", err
	}
	return k, k.ID + "." + secret, nil
}

// Kiosk checks a kiosk credential: ErrKioskUnknown for none or a wrong
// one, ErrKioskRevoked for a revoked kiosk.
func (s *Service) Kiosk(ctx context.Context, credential string) (Kiosk, error) {
	id, secret, ok := strings.Cut(credential, ".")
	if !ok || len(secret) != 43 {
		return Kiosk{}, ErrKioskUnknown
	}
	k, err := s.store.KioskBySecret(ctx, hashSecret(secret))
	if err != nil {
		return Kiosk{}, err
	}
	if k.ID != id {
		return Kiosk{}, ErrKioskUnknown
	}
	if k.Revoked() {
		return Kiosk{}, ErrKioskRevoked
	}
	return k, nil
}

func newCode() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	out := make([]byte, 0, 9)
	for i, c := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return string(out)
}

// normalizeCode accepts a code typed in lower case, with spaces or dashes.
func normalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(codeAlphabet, r) {
			b.WriteRune(r)
		} else if r != '-' && r != ' ' {
			return ""
		}
	}
	return b.String()
}

func hashCode(code string) []byte {
	h := sha256.Sum256([]byte("kiosk-code:" + normalizeCode(code)))
	return h[:]
}

func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte("kiosk-secret:" + secret))
	return h[:]
}
