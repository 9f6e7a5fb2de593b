package bookings

import (
	"context"
	"slices"
)

// CloseDay closes office officeID on day (a strike, an outage) after
// people booked it: the day gets a closure with reason, so nobody books it
// again, and every active booking of that day is marked DayClosed and its
// followers told, with the closure, in one store transaction. The holders
// keep their bookings and move them to another day through the manage page
// without giving their details again. Closing a day again tells nobody
// twice. It returns the bookings it marked.
func (m *Manager) CloseDay(ctx context.Context, officeID string, day Date, reason string) ([]Booking, error) {
	m.closing.Lock()
	defer m.closing.Unlock()
	o, err := m.Office(officeID)
	if err != nil {
		return nil, err
	}
	loc, err := o.Location()
	if err != nil {
		return nil, err
	}
	now := m.cfg.Now()
	from, to := day.At(0, loc), day.AddDays(1).At(0, loc)
	if !to.After(now) {
		return nil, ErrInPast
	}
	offices := slices.Clone(m.Offices())
	for i := range offices {
		if offices[i].ID != officeID {
			continue
		}
		covered := slices.ContainsFunc(offices[i].Closures, func(c Closure) bool { return !day.Before(c.From) && !c.To.Before(day) })
		if !covered {
			offices[i].Closures = append(slices.Clone(offices[i].Closures), Closure{From: day, To: day, Reason: reason})
		}
	}
	cat, err := newCatalog(offices)
	if err != nil {
		return nil, err
	}
	marked, err := m.store.CloseDay(ctx, DayClosing{Offices: offices, OfficeID: officeID, From: from.UTC(), To: to.UTC(), At: now.UTC()})
	if err != nil {
		return nil, err
	}
	m.cat.Store(cat)
	for _, s := range o.Services {
		m.changed(officeID, s.ID)
	}
	return marked, nil
}
