package compose

import (
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"time"

	"loket/server/announce"
	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/queue"
)

// LoadOffices are the offices as administrators saved them in the store;
// without any, the demo offices when demo is set, else none.
func LoadOffices(ctx context.Context, s Store, demo bool) ([]bookings.Office, error) {
	offices, ok, err := s.Offices(ctx)
	if err != nil || ok {
		return offices, err
	}
	if demo {
		return bookings.DemoOffices(), nil
	}
	return nil, nil
}

// queueOffices turns offices into the queue's view of them: each service
// gets its ticket letter in the order the offices file lists them.
func queueOffices(offices []bookings.Office) ([]queue.Office, error) {
	out := make([]queue.Office, 0, len(offices))
	for _, o := range offices {
		loc, err := o.Location()
		if err != nil {
			return nil, err
		}
		lines := make([]queue.Line, len(o.Services))
		for i, s := range o.Services {
			lines[i] = queue.Line{ID: s.ID, Names: s.Names}
		}
		lines, err = queue.AssignLetters(lines)
		if err != nil {
			return nil, fmt.Errorf("office %s: %w", o.ID, err)
		}
		out = append(out, queue.Office{ID: o.ID, Name: o.Name, Languages: o.Languages, CallLanguages: o.Calls(),
			Silent: o.SilentCalls, Location: loc, Services: lines})
	}
	return out, nil
}

// followOffices gives the queue every new set of offices the bookings
// manager installs (staff changed an office in the console, or another
// instance did): its kiosks, desks and call displays follow at once, with
// the services' names, the call languages and silent calls.
func followOffices(bm *bookings.Manager, q *queue.Service, log *slog.Logger) {
	bm.Watch(func(offices []bookings.Office) {
		qo, err := queueOffices(offices)
		if err == nil {
			err = q.SetOffices(context.Background(), qo)
		}
		if err != nil {
			log.Error("changed offices not applied to the queue", "err", err)
		}
	})
}

// NewQueue builds the queue service over the store; m may be nil (no
// check-in), v too (no check-in by dossier number and birth date).
func NewQueue(s Store, offices []bookings.Office, m *bookings.Manager, v bookings.DossierVerifier) (*queue.Service, error) {
	return newQueue(s, offices, m, v, nil)
}

// newQueue is NewQueue telling the other instances of every change
// through announce (nil: none).
func newQueue(s Store, offices []bookings.Office, m *bookings.Manager, v bookings.DossierVerifier,
	announce func(context.Context, string, *queue.Call)) (*queue.Service, error) {
	qo, err := queueOffices(offices)
	if err != nil {
		return nil, err
	}
	secret, err := s.Secret("queue")
	if err != nil {
		return nil, err
	}
	cfg := queue.Config{Offices: qo, Secret: secret, Announce: announce}
	if m != nil {
		cfg.Bookings = bookingLookup{m, v}
		cfg.Hours = bookingLookup{m, v}
	}
	return queue.New(cfg, s)
}

// queueKeep is how long past days' tickets stay (for the day's figures
// and questions at the desk); then they and their check-in records go.
const queueKeep = 30 * 24 * time.Hour

// bookingLookup lets the queue find appointments in the bookings domain
// without either package knowing the other.
type bookingLookup struct {
	m *bookings.Manager
	v bookings.DossierVerifier
}

func appointment(b bookings.Booking) queue.Appointment {
	return queue.Appointment{Ref: string(b.Ref), OfficeID: b.OfficeID, ServiceID: b.ServiceID, Start: b.Start,
		Cancelled: b.Status == bookings.StatusCancelled}
}

func (l bookingLookup) Appointment(ctx context.Context, ref string) (queue.Appointment, error) {
	r, err := bookings.ParseReference(ref)
	if err != nil {
		return queue.Appointment{}, err
	}
	b, err := l.m.Booking(ctx, r)
	if err != nil {
		return queue.Appointment{}, err
	}
	return appointment(b), nil
}

// OpenOn asks the bookings calendar: a day closed for appointments
// (no hours that weekday, a closure, a public holiday) takes no walk-ins.
func (l bookingLookup) OpenOn(ctx context.Context, officeID, serviceID string, at time.Time) (bool, error) {
	o, err := l.m.Office(officeID)
	if err != nil {
		return false, err
	}
	loc, err := o.Location()
	if err != nil {
		return false, err
	}
	if s, ok := o.Service(serviceID); ok && s.Inactive {
		return false, nil
	}
	days, err := l.m.Days(ctx, officeID, serviceID, bookings.DateOf(at, loc), 1)
	if err != nil || len(days) == 0 {
		return false, err
	}
	switch days[0].Reason {
	case bookings.ReasonClosed, bookings.ReasonHoliday, bookings.ReasonClosure:
		return false, nil
	}
	return true, nil
}

func (l bookingLookup) AppointmentWithPIN(ctx context.Context, ref, pin string) (queue.Appointment, error) {
	r, err := bookings.ParseReference(ref)
	if err != nil {
		return queue.Appointment{}, err
	}
	b, err := l.m.Get(ctx, r, pin)
	if err != nil {
		return queue.Appointment{}, err
	}
	return appointment(b), nil
}

// AppointmentOfDossier checks the birth date with the one guarded dossier
// check, counted against the kiosk (which answers no while the number is
// held for it), then finds the dossier's active booking at the
// office on now's day, the nearest to now.
func (l bookingLookup) AppointmentOfDossier(ctx context.Context, officeID, kioskID, dossier, birth string, now time.Time) (queue.Appointment, error) {
	if l.v == nil {
		return queue.Appointment{}, queue.ErrNoMatch
	}
	date, err := bookings.ParseDate(birth)
	if err != nil {
		return queue.Appointment{}, queue.ErrNoMatch
	}
	if _, ok, err := l.v.VerifyDossier(ctx, dossier, date, dossiers.KioskClient(kioskID)); err != nil {
		return queue.Appointment{}, fmt.Errorf("check-in by dossier: %w", err)
	} else if !ok {
		return queue.Appointment{}, queue.ErrNoMatch
	}
	o, err := l.m.Office(officeID)
	if err != nil {
		return queue.Appointment{}, err
	}
	loc, err := o.Location()
	if err != nil {
		return queue.Appointment{}, err
	}
	day, err := l.m.DayBookings(ctx, officeID, bookings.DateOf(now, loc))
	if err != nil {
		return queue.Appointment{}, err
	}
	var found *bookings.Booking
	for i, b := range day {
		if b.Dossier == dossier && b.Active() && (found == nil || distance(b.Start, now) < distance(found.Start, now)) {
			found = &day[i]
		}
	}
	if found == nil {
		return queue.Appointment{}, queue.ErrNoAppointment
	}
	return appointment(*found), nil
}

func distance(a, b time.Time) time.Duration { return max(a.Sub(b), b.Sub(a)) }

// newAnnouncer speaks the call displays' calls with espeak-ng when it is
// installed (Debian package espeak-ng); without it displays stay silent.
func newAnnouncer(log *slog.Logger) *announce.Announcer {
	path, err := exec.LookPath("espeak-ng")
	if err != nil {
		log.Info("espeak-ng not found: call displays are silent (apt-get install espeak-ng)")
		return nil
	}
	return announce.New(announce.Espeak{Path: path})
}
