package bookings

import (
	"context"
	"slices"
	"time"
)

// CloseDay closes office officeID on day (a strike, an outage) after
// people booked it: Close with a closure of that whole day. Closing a day
// again tells nobody twice.
func (m *Manager) CloseDay(ctx context.Context, officeID string, day Date, reason string) ([]Booking, error) {
	return m.Close(ctx, officeID, Closure{From: day, To: day, Reason: reason})
}

// Close closes office officeID for c (days, or part of one day) after
// people booked it: the office gets the closure, so nobody books that
// time again, and every active booking in it is marked DayClosed and its
// followers told, with the closure, in one store transaction. The holders
// keep their bookings and move them to another time through the manage
// page without giving their details again. A closure already covered
// adds nothing; bookings already marked are not told twice. It returns
// the bookings it marked.
func (m *Manager) Close(ctx context.Context, officeID string, c Closure) ([]Booking, error) {
	m.closing.Lock()
	defer m.closing.Unlock()
	from, to, err := m.span(officeID, c)
	if err != nil {
		return nil, err
	}
	now := m.cfg.Now()
	if !to.After(now) {
		return nil, ErrInPast
	}
	offices := cloneOffices(m.Offices())
	for i := range offices {
		if offices[i].ID == officeID && !slices.ContainsFunc(offices[i].Closures, func(k Closure) bool { return k.contains(c) }) {
			offices[i].Closures = append(offices[i].Closures, c)
		}
	}
	cat, err := newCatalog(offices)
	if err != nil {
		return nil, err
	}
	marked, err := m.store.CloseDay(ctx, DayClosing{Offices: offices, OfficeID: officeID, From: from.UTC(), To: to.UTC(),
		Since: m.since(officeID, from).UTC(), At: now.UTC()})
	if err != nil {
		return nil, err
	}
	m.install(cat)
	return marked, nil
}

// span checks closure c and finds the instants it closes at office
// officeID.
func (m *Manager) span(officeID string, c Closure) (from, to time.Time, err error) {
	if err := c.Validate(); err != nil {
		return from, to, err
	}
	o, err := m.Office(officeID)
	if err != nil {
		return from, to, err
	}
	loc, err := o.Location()
	if err != nil {
		return from, to, err
	}
	from, to = c.Span(loc)
	return from, to, nil
}

// contains reports whether k closes at least all that c closes.
func (k Closure) contains(c Closure) bool {
	if !k.PartDay() {
		return !c.From.Before(k.From) && !k.To.Before(c.To)
	}
	return c.PartDay() && k.From == c.From && k.Start <= c.Start && c.End <= k.End
}

// since is where to look for bookings that run into a closure beginning
// at from: from less the longest service of office officeID.
func (m *Manager) since(officeID string, from time.Time) time.Time {
	longest := 0
	if o, err := m.Office(officeID); err == nil {
		for _, s := range o.Services {
			longest = max(longest, s.DurationMinutes)
		}
	}
	return from.Add(-time.Duration(longest) * time.Minute)
}

// running lists the bookings of office officeID that run into the time
// from..to (a booking that starts before and ends inside it included), in
// start order.
func (m *Manager) running(ctx context.Context, officeID string, from, to time.Time) ([]Booking, error) {
	all, err := m.store.BookingsStarting(ctx, officeID, m.since(officeID, from).UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	span := DayClosing{From: from, To: to}
	return slices.DeleteFunc(all, func(b Booking) bool { return !span.Closes(b) }), nil
}

// Affected lists the active bookings of office officeID that closure c
// would close, in start order: staff see them before they confirm.
func (m *Manager) Affected(ctx context.Context, officeID string, c Closure) ([]Booking, error) {
	from, to, err := m.span(officeID, c)
	if err != nil {
		return nil, err
	}
	all, err := m.running(ctx, officeID, from, to)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(b Booking) bool { return !b.Active() }), nil
}

// Reopen takes closure c off office officeID, unless it has begun (what
// happened stays as it was) or people were told of it (their bookings are
// marked and they were asked to move: reopening would contradict what
// they were told; the closure stays, and staff cancel or keep the
// bookings as they are).
func (m *Manager) Reopen(ctx context.Context, officeID string, c Closure) error {
	m.closing.Lock()
	defer m.closing.Unlock()
	o, err := m.Office(officeID)
	if err != nil {
		return err
	}
	i := slices.Index(o.Closures, c)
	if i < 0 {
		return ErrNoClosure
	}
	loc, err := o.Location()
	if err != nil {
		return err
	}
	from, to := c.Span(loc)
	if !from.After(m.cfg.Now()) {
		return ErrClosureEnded
	}
	in, err := m.running(ctx, officeID, from, to)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(in, func(b Booking) bool { return b.Active() && b.DayClosed }) {
		return ErrClosureTold
	}
	return m.saveOffice(ctx, officeID, func(o *Office) error {
		o.Closures = slices.Delete(o.Closures, i, i+1)
		return nil
	})
}
