package compose

import (
	"context"
	"fmt"
	"time"

	"loket/server/bookings"
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
			lines[i] = queue.Line{ID: s.ID}
		}
		lines, err = queue.AssignLetters(lines)
		if err != nil {
			return nil, fmt.Errorf("office %s: %w", o.ID, err)
		}
		out = append(out, queue.Office{ID: o.ID, Name: o.Name, Languages: o.Languages, Location: loc, Services: lines})
	}
	return out, nil
}

// NewQueue builds the queue service over the store; m may be nil (no
// check-in).
func NewQueue(s Store, offices []bookings.Office, m *bookings.Manager) (*queue.Service, error) {
	qo, err := queueOffices(offices)
	if err != nil {
		return nil, err
	}
	secret, err := s.Secret("queue")
	if err != nil {
		return nil, err
	}
	cfg := queue.Config{Offices: qo, Secret: secret}
	if m != nil {
		cfg.Bookings = bookingLookup{m}
		cfg.Hours = bookingLookup{m}
	}
	return queue.New(cfg, s)
}

// queueKeep is how long past days' tickets stay (for the day's figures
// and questions at the desk); then they and their check-in records go.
const queueKeep = 30 * 24 * time.Hour

// bookingLookup lets the queue find appointments in the bookings domain
// without either package knowing the other.
type bookingLookup struct{ m *bookings.Manager }

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
