// Package bookings is Loket's appointments domain: offices and their
// services, free slots, booking, changing and cancelling by reference and
// PIN, calendar files, and a proof-of-work check against slot hoarding.
//
// It knows nothing of HTTP or bbolt: handlers call a *Manager, and the
// Manager keeps data through the small Store interface.
package bookings

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"loket/server/pow"
)

// DossierVerifier checks that a dossier number and a birth date belong
// together. The dossiers package provides one; bookings only needs this.
type DossierVerifier interface {
	// VerifyDossier reports whether dossier and birth match, and the
	// dossier's procedure key. err is for failures, not for a mismatch.
	// client is the booking client's address, which the check counts
	// (see dossiers.Verify).
	VerifyDossier(ctx context.Context, dossier string, birth Date, client string) (procedure string, ok bool, err error)
}

// Config tunes a Manager. Zero values take the defaults noted.
type Config struct {
	// Secret keys PIN hashes, client fingerprints and challenges. At least
	// 32 random bytes, the same across restarts (PINs depend on it).
	Secret []byte
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SeveralPerDossier allows more than one active booking per dossier and
	// service; by default a dossier holds one.
	SeveralPerDossier bool
	// PINMaxFailures wrong PINs within PINWindow lock the reference for
	// PINLockout. Defaults: 5, 15 minutes, 30 minutes.
	PINMaxFailures int
	PINWindow      time.Duration
	PINLockout     time.Duration
	// PoWBits is the challenge difficulty (default 16, about 65,000 hashes);
	// PoWTTL how long a challenge is valid (default 5 minutes); PoWRemember
	// bounds the used challenges kept against replay (default 1<<20).
	PoWBits     int
	PoWTTL      time.Duration
	PoWRemember int
}

func (c *Config) defaults() error {
	if len(c.Secret) < 32 {
		return fmt.Errorf("%w: secret must be at least 32 bytes", ErrInvalidConfig)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.PINMaxFailures == 0 {
		c.PINMaxFailures = 5
	}
	if c.PINWindow == 0 {
		c.PINWindow = 15 * time.Minute
	}
	if c.PINLockout == 0 {
		c.PINLockout = 30 * time.Minute
	}
	if c.PoWBits == 0 {
		c.PoWBits = 16
	}
	// pow.New gives PoWTTL and PoWRemember their defaults.
	if c.PoWBits < 1 || c.PoWBits > 32 {
		return fmt.Errorf("%w: PoW bits must be between 1 and 32", ErrInvalidConfig)
	}
	return nil
}

// changeSlots is the number of change counters behind Changes.
const changeSlots = 256

// Manager runs bookings. It is safe for concurrent use.
type Manager struct {
	cfg      Config
	store    Store
	verifier DossierVerifier
	cat      atomic.Pointer[catalog]
	// closing lets one change at a time (an edit, a closure) change the
	// offices.
	closing sync.Mutex
	// watchers hear of every new set of offices (see Watch).
	watchMu  sync.Mutex
	watchers []func([]Office)
	pow      *pow.Guard
	changes  [changeSlots]atomic.Uint64
}

// New makes a Manager over store for offices. verifier may be nil while no
// service requires a dossier; a dossier given then is refused.
func New(cfg Config, store Store, verifier DossierVerifier, offices []Office) (*Manager, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	m := &Manager{cfg: cfg, store: store, verifier: verifier}
	if err := m.SetOffices(offices); err != nil {
		return nil, err
	}
	m.pow = newPoWGuard(cfg)
	return m, nil
}

// SetOffices replaces the offices, after validation (the offices another
// instance saved, say). Existing bookings stay.
func (m *Manager) SetOffices(offices []Office) error {
	c, err := newCatalog(offices)
	if err != nil {
		return err
	}
	m.install(c)
	return nil
}

// Watch calls fn with the offices each time they change (an edit, a
// closure, SetOffices), after the change: the queue, the kept pages and
// the slot listings follow without a restart.
func (m *Manager) Watch(fn func([]Office)) {
	m.watchMu.Lock()
	m.watchers = append(m.watchers, fn)
	m.watchMu.Unlock()
}

// install makes c the current offices and tells whoever watches. Every
// slot listing kept may show old hours now.
func (m *Manager) install(c *catalog) {
	first := m.cat.Load() == nil
	m.cat.Store(c)
	if first {
		return
	}
	m.ChangedElsewhere("", "")
	m.watchMu.Lock()
	ws := slices.Clone(m.watchers)
	m.watchMu.Unlock()
	for _, w := range ws {
		w(c.offices)
	}
}

// Offices are the current offices. Do not modify them.
func (m *Manager) Offices() []Office { return m.cat.Load().offices }

// Office finds an office by id.
func (m *Manager) Office(id string) (Office, error) {
	o, ok := m.cat.Load().byID[id]
	if !ok {
		return Office{}, ErrUnknownOffice
	}
	return o.Office, nil
}

// checkStart applies the time rules of a booking or move to start.
func (m *Manager) checkStart(s *service, start time.Time) error {
	now := m.cfg.Now()
	first, last := s.window(now)
	switch {
	case !start.After(now):
		return ErrInPast
	case start.Before(first):
		return ErrTooSoon
	case !start.Before(last):
		return ErrTooFar
	}
	if s.Inactive {
		return ErrServiceInactive
	}
	ok, g := s.onGrid(start)
	if !ok {
		if len(g.starts) == 0 {
			return ErrClosed
		}
		return ErrNotOnGrid
	}
	return nil
}

// Book books a slot. A slot filled meanwhile gives ErrSlotFull; NextFree
// then offers the next free times.
func (m *Manager) Book(ctx context.Context, r Request) (Confirmation, error) {
	s, err := m.cat.Load().service(r.OfficeID, r.ServiceID)
	if err != nil {
		return Confirmation{}, err
	}
	start := r.Start.UTC()
	if err := m.checkStart(s, start); err != nil {
		return Confirmation{}, err
	}
	procedure, err := m.procedure(ctx, s, r)
	if err != nil {
		return Confirmation{}, err
	}
	phone, email, err := cleanContact(r.Phone, r.Email)
	if err != nil {
		return Confirmation{}, err
	}
	now := m.cfg.Now().UTC()
	b := Booking{
		ID:             newID(),
		OfficeID:       r.OfficeID,
		ServiceID:      r.ServiceID,
		Start:          start,
		End:            start.Add(s.Duration()),
		Status:         StatusBooked,
		Dossier:        strings.TrimSpace(r.Dossier),
		Procedure:      procedure,
		Phone:          phone,
		Email:          email,
		Lang:           r.Lang,
		Client:         m.fingerprint(r.Client),
		IdempotencyKey: m.idempotencyKey(r.IdempotencyKey, r.Client),
		CreatedAt:      now,
		UpdatedAt:      now,
	}
	rule := CreateRule{Capacity: s.Capacity, OnePerDossier: !m.cfg.SeveralPerDossier && b.Dossier != "", Now: now}
	for range 4 {
		b.Ref = newReference()
		b.PINHash = m.pinHash(b.Ref, m.pin(b.ID))
		got, err := m.store.CreateBooking(ctx, b, rule)
		if errors.Is(err, ErrRefTaken) {
			continue
		}
		if errors.Is(err, ErrSlotFull) {
			// The listing kept here offered it: it is out of date (another
			// instance's news of the slot may have been lost).
			m.changed(r.OfficeID, r.ServiceID)
		}
		if err != nil {
			return Confirmation{}, err
		}
		m.changed(got.OfficeID, got.ServiceID)
		return Confirmation{Booking: got, PIN: m.pin(got.ID), Replayed: got.ID != b.ID}, nil
	}
	return Confirmation{}, ErrBusy
}

// procedure checks the dossier and returns the procedure the booking is for.
func (m *Manager) procedure(ctx context.Context, s *service, r Request) (string, error) {
	procedure := r.Procedure
	switch {
	case strings.TrimSpace(r.Dossier) != "":
		if m.verifier == nil || r.BirthDate.IsZero() {
			return "", ErrDossierMismatch
		}
		p, ok, err := m.verifier.VerifyDossier(ctx, strings.TrimSpace(r.Dossier), r.BirthDate, r.Client)
		if err != nil {
			return "", fmt.Errorf("bookings: verify dossier: %w", err)
		}
		if !ok {
			return "", ErrDossierMismatch
		}
		procedure = p
	case s.DossierRequired:
		return "", ErrDossierRequired
	}
	if !s.OpenTo(procedure) {
		return "", ErrProcedureNotAllowed
	}
	return procedure, nil
}

// Get is the booking ref, for the person who has its PIN.
func (m *Manager) Get(ctx context.Context, ref Reference, pin string) (Booking, error) {
	return m.store.Authenticate(ctx, ref, m.checkPIN(pin))
}

// Move moves booking ref to start. The old place is released only if the
// new one is secured; ErrSlotFull leaves the booking where it was.
func (m *Manager) Move(ctx context.Context, ref Reference, pin string, start time.Time) (Booking, error) {
	b, err := m.store.Authenticate(ctx, ref, m.checkPIN(pin))
	if err != nil {
		return Booking{}, err
	}
	s, err := m.cat.Load().service(b.OfficeID, b.ServiceID)
	if err != nil {
		return Booking{}, err
	}
	start = start.UTC()
	if err := m.checkStart(s, start); err != nil {
		return Booking{}, err
	}
	b, err = m.store.MoveBooking(ctx, ref, MoveRule{Start: start, End: start.Add(s.Duration()), Capacity: s.Capacity, Now: m.cfg.Now().UTC()})
	if err != nil {
		return Booking{}, err
	}
	m.changed(b.OfficeID, b.ServiceID)
	return b, nil
}

// Cancel cancels booking ref; its place is free at once.
func (m *Manager) Cancel(ctx context.Context, ref Reference, pin string) (Booking, error) {
	if _, err := m.store.Authenticate(ctx, ref, m.checkPIN(pin)); err != nil {
		return Booking{}, err
	}
	return m.cancel(ctx, ref, "applicant")
}

func (m *Manager) cancel(ctx context.Context, ref Reference, by string) (Booking, error) {
	b, err := m.store.CancelBooking(ctx, ref, Cancellation{At: m.cfg.Now().UTC(), By: by})
	if err != nil {
		return Booking{}, err
	}
	m.changed(b.OfficeID, b.ServiceID)
	return b, nil
}
