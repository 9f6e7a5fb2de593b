package bookings

import (
	"errors"

	"loket/server/pow"
)

// Challenge is a booking's proof-of-work puzzle (docs/proof-of-work.md).
type Challenge = pow.Challenge

// powLabel separates booking challenges from the other uses of the same
// mechanism: the signature the booking format was published with.
const powLabel = "pow"

func newPoWGuard(c Config) *pow.Guard {
	return pow.New(pow.Config{Secret: c.Secret, Label: powLabel, Bits: c.PoWBits, TTL: c.PoWTTL, Remember: c.PoWRemember, Now: c.Now})
}

// NewChallenge issues a signed challenge. The server keeps nothing until
// it is solved, so issuing many costs no memory.
func (m *Manager) NewChallenge() Challenge { return m.pow.NewChallenge() }

// VerifyPoW accepts a solved challenge once: it must be ours, unexpired,
// solved to the difficulty it was issued with, and not used before.
func (m *Manager) VerifyPoW(token, solution string) error {
	switch err := m.pow.Verify(token, solution); {
	case errors.Is(err, pow.ErrExpired):
		return ErrChallengeExpired
	case errors.Is(err, pow.ErrReplayed):
		return ErrChallengeReplayed
	case errors.Is(err, pow.ErrBusy):
		return ErrBusy
	case err != nil:
		return ErrChallengeInvalid
	}
	return nil
}
