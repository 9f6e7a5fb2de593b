package dossiers

import (
	"crypto/hmac"
	"strings"
	"time"

	"loket/server/ratelimit"
)

// The one guarded check of a dossier secret (issue 14 item 4). Every path
// that takes a dossier number with a birth date or a letter's access code
// (the status page and API, the letter page, the help form, a booking for
// a dossier, a kiosk check-in) calls Verify, so all of them share one
// accounting:
//
//   - per client address: AddressLimit claims per Window, right or wrong
//     (ErrTooMany): nobody tries many numbers from one place. A registered
//     kiosk (KioskClient) counts by its credential instead, KioskLimit
//     claims an hour: the kiosks of a hall share one address;
//   - per dossier and address (or kiosk): Failures wrong answers per Window
//     lock the dossier for that address only (ErrLocked), so a stranger's
//     guesses never lock the applicant out of their own dossier;
//   - per dossier, from every address together: Brake wrong answers per
//     BrakeWindow (counted in the store, so every instance and a restart
//     see them) pause the answers by birth date for everyone (ErrPaused).
//     It is the slow brake on guessing from many addresses; the letter's
//     access code, which cannot be guessed, still opens the dossier.

// Secret kinds a claim proves itself with.
const (
	ByBirth = "b" // the date of birth, "YYYY-MM-DD"
	ByCode  = "c" // the access code printed on a letter
)

// Claim is one attempt to prove that a dossier is the caller's.
type Claim struct {
	Number string
	// By is ByBirth or ByCode; Secret the birth date or the access code.
	By     string
	Secret string
	// Client is who the claim counts against: the caller's address as the
	// HTTP layer sees it (an IPv6 address counts by its /64), or a
	// registered kiosk's KioskClient. It is counted, never kept or logged.
	Client string
}

// kioskPrefix marks a Client that is a registered kiosk.
const kioskPrefix = "kiosk "

// KioskClient is the Client of claims made at the registered kiosk id.
func KioskClient(id string) string { return kioskPrefix + id }

// KioskWindow is the period of Options.KioskLimit.
const KioskWindow = time.Hour

// Held is a claim the guard refused to check (ErrTooMany, ErrLocked or
// ErrPaused, which errors.Is finds through it), with how long until it may
// be tried again.
type Held struct {
	Reason error
	Retry  time.Duration
}

func (h *Held) Error() string { return h.Reason.Error() }
func (h *Held) Unwrap() error { return h.Reason }

// guard holds the in-memory counts of the accounting above.
type guard struct {
	addresses *ratelimit.Limiter // claims per client address
	kiosks    *ratelimit.Limiter // claims per registered kiosk
	pairs     *ratelimit.Limiter // wrong answers per dossier and address (or kiosk)
}

func newGuard(o Options) guard {
	return guard{
		addresses: ratelimit.New(o.AddressLimit, o.Window, ratelimit.MaxKeys, o.Now),
		kiosks:    ratelimit.New(o.KioskLimit, KioskWindow, ratelimit.MaxKeys, o.Now),
		pairs:     ratelimit.New(o.Failures, o.Window, ratelimit.MaxKeys, o.Now),
	}
}

// budget is the limiter a client's claims count in.
func (g guard) budget(client string) *ratelimit.Limiter {
	if strings.HasPrefix(client, kioskPrefix) {
		return g.kiosks
	}
	return g.addresses
}

// Verify checks a claim through the guard. A wrong number and a wrong
// secret give the same ErrNoMatch, checked in constant time, and both
// count; a refused claim is a *Held.
func (s *Service) Verify(cl Claim) (*Answer, error) {
	if cl.By == ByCode {
		cl.Secret = NormalizeCode(cl.Secret)
	}
	pair := cl.Number + "|" + ratelimit.Key(cl.Client)
	if d := s.guard.pairs.Wait(pair); d > 0 {
		return nil, &Held{ErrLocked, d}
	}
	if budget := s.guard.budget(cl.Client); !budget.Allow(cl.Client) {
		return nil, &Held{ErrTooMany, budget.Wait(cl.Client)}
	}
	now := s.now()
	d, failures, found, err := s.st.LookupDossier(cl.Number, now.Add(-s.brakeWindow))
	if err != nil {
		return nil, err
	}
	if failures >= s.brake && cl.By != ByCode {
		return nil, &Held{ErrPaused, s.brakeWindow}
	}
	want := s.dummy
	if found {
		if cl.By == ByBirth {
			want = d.BirthHash
		} else if d.CodeHash != nil {
			want = d.CodeHash
		}
	}
	kind := ByCode
	if cl.By == ByBirth {
		kind = ByBirth
	}
	if !hmac.Equal(s.hash(kind, cl.Number, cl.Secret), want) || !found {
		s.guard.pairs.Allow(pair)
		if err := s.st.RecordLookupFailure(cl.Number, now, s.brakeWindow); err != nil {
			return nil, err
		}
		return nil, ErrNoMatch
	}
	return s.answer(&d, now), nil
}
