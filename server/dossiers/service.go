package dossiers

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Store is what the dossier domain needs from storage. Each method is one
// transaction.
type Store interface {
	// LookupDossier reads a dossier and its wrong answers since a time, in
	// one read transaction.
	LookupDossier(number string, since time.Time) (d Dossier, failures int, found bool, err error)
	// RecordLookupFailure counts a wrong answer for number.
	RecordLookupFailure(number string, now time.Time, window time.Duration) error
	// PruneLookupFailures deletes counts whose window began before a time.
	PruneLookupFailures(before time.Time) (int, error)
	// PutDossiers creates or replaces dossiers, all or none, keeping the
	// estimate histograms and the queue index in step.
	PutDossiers(ds []Dossier) error
	// UpdateDossier changes one dossier through fn inside one write
	// transaction (ErrNotFound when it does not exist).
	UpdateDossier(number string, fn func(d *Dossier) error) (Dossier, error)
	// Histograms are the estimate histograms by StatKey.
	Histograms() (map[string]Histogram, error)
	// Queues are the waiting dossiers' QueueKeys per procedure, sorted.
	Queues() (map[string][]int64, error)
}

// Options configure a Service.
type Options struct {
	// Key keys the lookup-secret hashes (the store's "lookup" secret).
	Key []byte
	// The guard's limits (see Verify): AddressLimit claims per Window from
	// one client address (default 30); Failures wrong answers per Window
	// lock a dossier for the address that gave them (default 5); Brake
	// wrong answers per BrakeWindow from every address together pause the
	// answers by birth date (default 50 a day).
	AddressLimit int
	// KioskLimit claims an hour from one registered kiosk (default 600).
	KioskLimit  int
	Failures    int
	Window      time.Duration
	Brake       int
	BrakeWindow time.Duration
	// Langs are the language codes a dossier may prefer.
	Langs []string
	// MinSamples hides estimates based on fewer dossiers (default 20).
	MinSamples int
	// Location is the offices' time zone, for "today".
	Location *time.Location
	Now      func() time.Time
}

// Service is the dossier domain: lookups, the back-office feed and the
// estimates.
type Service struct {
	st          Store
	cat         *Catalog
	key         []byte
	macs        sync.Pool // HMAC-SHA-256 states keyed with key, reset and reused
	dummy       []byte
	guard       guard
	brake       int
	brakeWindow time.Duration
	langs       []string
	minSamples  int
	loc         *time.Location
	now         func() time.Time
	snap        atomic.Pointer[snapshot]
	// changed says dossiers were written since the snapshot was taken.
	changed atomic.Bool
}

// New makes the service. Call Refresh (or Run) to compute the estimates.
func New(st Store, cat *Catalog, o Options) *Service {
	s := &Service{st: st, cat: cat, key: o.Key, langs: o.Langs, minSamples: o.MinSamples, loc: o.Location, now: o.Now}
	s.macs.New = func() any { return hmac.New(sha256.New, s.key) }
	if s.minSamples == 0 {
		s.minSamples = 20
	}
	if s.loc == nil {
		s.loc = time.UTC
	}
	if s.now == nil {
		s.now = time.Now
	}
	if o.Now == nil {
		o.Now = s.now
	}
	o.AddressLimit = cmp.Or(o.AddressLimit, 30)
	o.KioskLimit = cmp.Or(o.KioskLimit, 600)
	o.Failures = cmp.Or(o.Failures, 5)
	o.Window = cmp.Or(o.Window, 15*time.Minute)
	s.brake = cmp.Or(o.Brake, 50)
	s.brakeWindow = cmp.Or(o.BrakeWindow, 24*time.Hour)
	s.guard = newGuard(o)
	s.dummy = s.hash("none", "", "")
	s.snap.Store(&snapshot{})
	return s
}

// Catalog is the status catalog.
func (s *Service) Catalog() *Catalog { return s.cat }

// Refresh recomputes the estimates and queue positions from the store's
// histograms and queue index (both kept up to date by every write), so it
// costs a few small reads, not a scan of every dossier.
func (s *Service) Refresh() error {
	hs, err := s.st.Histograms()
	if err != nil {
		return err
	}
	qs, err := s.st.Queues()
	if err != nil {
		return err
	}
	at := s.now().UTC()
	sn := &snapshot{at: at, est: make(map[string]Estimate, len(hs)), queues: qs}
	for k, h := range hs {
		sn.est[k] = h.estimate(at)
	}
	s.snap.Store(sn)
	return nil
}

// Prune forgets wrong answers whose brake window has passed, so the
// counts kept stay as few as the recent failures.
func (s *Service) Prune() (int, error) {
	return s.st.PruneLookupFailures(s.now().Add(-s.brakeWindow))
}

// Run looks every check interval whether the snapshot is due, until ctx
// ends, and refreshes it then; errors go to report. A push from the back
// office so shows in queue positions within a check interval, while a
// quiet store is read again only when its snapshot is older than stale.
func (s *Service) Run(ctx context.Context, check, stale time.Duration, report func(error)) {
	t := time.NewTicker(check)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.refreshIfDue(stale); err != nil {
				report(err)
			}
		}
	}
}

// Stale says that dossiers changed elsewhere (another instance wrote
// them): Run refreshes the snapshot at its next check.
func (s *Service) Stale() { s.changed.Store(true) }

// refreshIfDue refreshes the snapshot when dossiers changed since it was
// taken or it is older than stale.
func (s *Service) refreshIfDue(stale time.Duration) error {
	sn := s.snap.Load()
	if !s.changed.Swap(false) && sn != nil && s.now().Sub(sn.at) < stale {
		return nil
	}
	if err := s.Refresh(); err != nil {
		s.changed.Store(true) // try again at the next check
		return err
	}
	return nil
}

// Answer is what a successful lookup shows.
type Answer struct {
	Number, Procedure, Initial, Office, Lang string
	Status                                   StatusDef
	Entered                                  string // the day the current status began
	Timeline                                 []Event
	Documents                                []OpenDocument
	Appointment                              *Appointment
	// Estimate is nil when hidden: a decision, a status that waits for the
	// applicant or a dossier with documents still to send (no decision can
	// be estimated while it is incomplete), or too few comparable dossiers.
	Estimate *Estimate
	// Position is the number of earlier dossiers still waiting, or -1.
	Position int
	// AskFrom is the day from which the applicant may ask about a slow
	// dossier; Overdue says that day has come.
	AskFrom string
	Overdue bool
	// Appealable says the decision is negative: the applicant may appeal
	// and should be told where to find legal aid.
	Appealable bool
}

// OpenDocument is a requested document and the days left to send it.
type OpenDocument struct {
	Kind, Due string
	DaysLeft  int
}

func (s *Service) answer(d *Dossier, now time.Time) *Answer {
	def, _ := s.cat.Status(d.Procedure, d.Status)
	a := &Answer{Number: d.Number, Procedure: d.Procedure, Initial: d.Initial, Office: d.Office, Lang: d.Lang,
		Status: def, Entered: d.Entered(), Timeline: d.Events, Appointment: d.Appointment, Position: -1}
	today := civil(now.In(s.loc))
	for _, doc := range d.Documents {
		due, _ := time.Parse(time.DateOnly, doc.Due)
		if left := int(due.Sub(today).Hours() / 24); left >= 0 {
			a.Documents = append(a.Documents, OpenDocument{Kind: doc.Kind, Due: doc.Due, DaysLeft: left})
		}
	}
	if a.Appointment != nil && a.Appointment.At.Before(now) {
		a.Appointment = nil
	}
	a.Appealable = def.Kind == KindDecision && def.Outcome == OutcomeNegative
	if def.Kind != KindOpen {
		return a
	}
	if d.Waiting {
		a.Position = s.snap.Load().position(d)
	}
	// The clock is with the applicant: no estimate and no "overdue" until
	// the dossier is complete again.
	if def.WaitsFor != WaitsOffice || len(a.Documents) > 0 {
		return a
	}
	sn := s.snap.Load()
	entered, _ := time.Parse(time.DateOnly, a.Entered)
	limit := 0
	if e, ok := sn.est[StatKey(d.Procedure, d.Status)]; ok && e.N >= s.minSamples {
		a.Estimate = &e
		limit = e.P80Days
	}
	if def.LegalDays > 0 && (limit == 0 || def.LegalDays < limit) {
		limit = def.LegalDays
	}
	if limit > 0 {
		ask := entered.AddDate(0, 0, limit)
		a.AskFrom = ask.Format(time.DateOnly)
		a.Overdue = !today.Before(ask)
	}
	return a
}

// Put creates or replaces dossier number from a feed payload. Nothing is
// written when any field is wrong (ErrInvalid with refusal fields).
func (s *Service) Put(number string, body map[string]any) error {
	d, err := s.Parse(number, body)
	if err != nil {
		return err
	}
	return s.write(s.st.PutDossiers([]Dossier{d}))
}

// write notes that dossiers changed when err says the write happened.
func (s *Service) write(err error) error {
	if err == nil {
		s.changed.Store(true)
	}
	return err
}

// Parse validates a payload and hashes its secrets, for Put and imports.
func (s *Service) Parse(number string, body map[string]any) (Dossier, error) {
	p, err := s.parseDossier(number, body, s.now())
	if err != nil {
		return Dossier{}, err
	}
	p.d.BirthHash = s.hash("b", number, p.birth)
	if p.accessCode != "" {
		p.d.CodeHash = s.hash("c", number, p.accessCode)
	}
	return p.d, nil
}

// Import stores a batch of parsed dossiers, all or none.
func (s *Service) Import(ds []Dossier) error { return s.write(s.st.PutDossiers(ds)) }

// AppendEvent adds a status event to a dossier. The caller's event id makes
// it idempotent: an id the dossier already has gives ErrDuplicateEvent and
// changes nothing.
func (s *Service) AppendEvent(number string, body map[string]any) (Dossier, error) {
	var f fields
	if !ValidNumber(number) {
		f.add("dossier", codeNumber)
		return Dossier{}, f.err()
	}
	today := civil(s.now().In(s.loc))
	var dup bool
	d, err := s.st.UpdateDossier(number, func(d *Dossier) error {
		e, ok := s.parseEvent(&f, body, "", d.Procedure, today)
		if e.ID == "" && !f.has("id") {
			f.add("id", codeRequired)
			ok = false
		}
		if !ok {
			return f.err()
		}
		for _, old := range d.Events {
			if old.ID == e.ID {
				dup = true
				return ErrDuplicateEvent
			}
		}
		if len(d.Events) >= maxEvents {
			f.add("id", codeTooMany, "max", maxEvents)
			return f.err()
		}
		if n := len(d.Events); n > 0 && e.Date < d.Events[n-1].Date {
			f.add("date", codeOrder)
			return f.err()
		}
		d.Events = append(d.Events, e)
		s.settle(d)
		return nil
	})
	if dup {
		return d, ErrDuplicateEvent
	}
	if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNotFound) {
		return d, fmt.Errorf("dossiers: append event: %w", err)
	}
	return d, s.write(err)
}

// Current is the answer for a dossier whose reader has already proved the
// lookup secret (the HTTP layer's signed grant from a status result): a
// printout of the status shown a moment ago.
func (s *Service) Current(number string) (*Answer, error) {
	now := s.now()
	d, _, found, err := s.st.LookupDossier(number, now)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, ErrNoMatch
	}
	return s.answer(&d, now), nil
}
