package bookings

import (
	"slices"
	"sync"
	"time"
)

// catalog is a validated set of offices, ready for fast slot lookups. It is
// immutable once built; Manager swaps whole catalogs when offices change.
type catalog struct {
	offices []Office
	byID    map[string]*office
}

type office struct {
	Office
	loc      *time.Location
	services map[string]*service
}

type service struct {
	Service
	office *office
	week   [7][]Period
	// grids caches the slot starts of one day (key: days since 1970), which
	// only change with the configuration. Bounded by cacheDays.
	mu    sync.RWMutex
	grids map[int64]*dayGrid
}

// cacheDays bounds each service's cache of day grids.
const cacheDays = 800

// dayGrid is the slot starts of one day, or why there are none.
type dayGrid struct {
	starts  []time.Time
	unix    []int64 // starts in Unix seconds, for fast comparisons
	reason  string  // booking.day.* key when starts is empty
	holiday string  // booking.holiday.* key
}

func newCatalog(offices []Office) (*catalog, error) {
	if err := ValidateOffices(offices); err != nil {
		return nil, err
	}
	c := &catalog{offices: offices, byID: make(map[string]*office, len(offices))}
	for _, o := range offices {
		loc, err := o.Location()
		if err != nil {
			return nil, err
		}
		co := &office{Office: o, loc: loc, services: make(map[string]*service, len(o.Services))}
		for _, s := range o.Services {
			hours := o.Hours
			if s.Hours != nil {
				hours = s.Hours
			}
			cs := &service{Service: s, office: co, grids: map[int64]*dayGrid{}}
			for k, ps := range hours {
				cs.week[weekdayKeys[k]] = ps
			}
			co.services[s.ID] = cs
		}
		c.byID[o.ID] = co
	}
	return c, nil
}

func (c *catalog) service(officeID, serviceID string) (*service, error) {
	o, ok := c.byID[officeID]
	if !ok {
		return nil, ErrUnknownOffice
	}
	s, ok := o.services[serviceID]
	if !ok {
		return nil, ErrUnknownService
	}
	return s, nil
}

// grid is the day's slot starts, from the cache when it can.
func (s *service) grid(d Date) *dayGrid {
	key := d.days()
	s.mu.RLock()
	g, ok := s.grids[key]
	s.mu.RUnlock()
	if ok {
		return g
	}
	g = s.buildGrid(d)
	s.mu.Lock()
	if len(s.grids) >= cacheDays {
		clear(s.grids)
	}
	s.grids[key] = g
	s.mu.Unlock()
	return g
}

// buildGrid lays the service's slots over the day's opening periods. Slot
// starts are wall-clock times, so on the days clocks change a 09:00 slot is
// still at 09:00; a wall time that does not exist that day is skipped.
func (s *service) buildGrid(d Date) *dayGrid {
	o := s.office
	var parts []Closure
	for _, c := range o.Closures {
		if c.Covers(d) {
			return &dayGrid{reason: ReasonClosure}
		}
		if c.On(d) {
			parts = append(parts, c)
		}
	}
	if h := HolidayOn(d); h != "" {
		return &dayGrid{reason: ReasonHoliday, holiday: h}
	}
	g := &dayGrid{}
	open := false
	for _, p := range s.week[d.Weekday()] {
		for m := int(p.From); m+s.DurationMinutes <= int(p.To); m += s.DurationMinutes {
			t := d.At(m, o.loc)
			if t.Hour()*60+t.Minute() != m || DateOf(t, o.loc) != d {
				continue
			}
			open = true
			// A slot that overlaps part of the day closed is not offered.
			if slices.ContainsFunc(parts, func(c Closure) bool { return m < int(c.End) && m+s.DurationMinutes > int(c.Start) }) {
				continue
			}
			g.starts = append(g.starts, t.UTC())
			g.unix = append(g.unix, t.Unix())
		}
	}
	switch {
	case len(g.starts) > 0:
	case open:
		g.reason = ReasonClosure
	default:
		g.reason = ReasonClosed
	}
	return g
}

// onGrid reports whether t is a slot start of the service.
func (s *service) onGrid(t time.Time) (bool, *dayGrid) {
	g := s.grid(DateOf(t, s.office.loc))
	for _, st := range g.starts {
		if st.Equal(t) {
			return true, g
		}
	}
	return false, g
}

// window is the span in which the service can be booked at now: from the
// lead time to the end of the last day of the horizon.
func (s *service) window(now time.Time) (first, last time.Time) {
	first = now.Add(time.Duration(s.LeadMinutes) * time.Minute)
	end := DateOf(now, s.office.loc).AddDays(s.HorizonDays + 1)
	return first, end.At(0, s.office.loc)
}
