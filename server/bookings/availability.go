package bookings

import (
	"context"
	"hash/fnv"
	"time"
)

// Slot is one bookable time of a service.
type Slot struct {
	// Start is the slot's instant in UTC; Local is the same instant in the
	// office's zone, for showing the wall-clock time.
	Start     time.Time `json:"start"`
	Local     time.Time `json:"local"`
	Capacity  int       `json:"capacity"`
	Remaining int       `json:"remaining"`
}

// Day is the slots of one day. Reason says, as a translation key
// (booking.day.*), why a day has no free slot: closed, holiday, closure,
// too_soon, too_far or full. Holiday names the public holiday.
type Day struct {
	Date    Date   `json:"date"`
	Slots   []Slot `json:"slots"`
	Reason  string `json:"reason,omitempty"`
	Holiday string `json:"holiday,omitempty"`
}

// Reasons a Day has no free slot, as translation keys.
const (
	ReasonClosed  = "booking.day.closed"   // no opening hours that weekday
	ReasonHoliday = "booking.day.holiday"  // public holiday; Day.Holiday names it
	ReasonClosure = "booking.day.closure"  // closure set by the administrators
	ReasonFull    = "booking.day.full"     // every slot taken
	ReasonTooSoon = "booking.day.too_soon" // only slots inside the lead time
	ReasonTooFar  = "booking.day.too_far"  // beyond the booking horizon
)

// maxDays bounds one availability request.
const maxDays = 120

// Days lists the slots of n days from day from, one Day per date even
// when it has no slot. Slots inside the lead time or beyond the horizon
// are left out; full slots are listed with Remaining 0.
func (m *Manager) Days(ctx context.Context, officeID, serviceID string, from Date, n int) ([]Day, error) {
	s, err := m.cat.Load().service(officeID, serviceID)
	if err != nil {
		return nil, err
	}
	if s.Inactive {
		return nil, ErrServiceInactive
	}
	n = min(max(n, 0), maxDays)
	first, last := s.window(m.cfg.Now())
	loc := s.office.loc
	// Slices sized from the cached grids: one backing array for all the
	// days' slots, and room for a count of every slot.
	lo, hi := first.Unix(), last.Unix()
	if first.Nanosecond() > 0 {
		lo++ // a slot starting within the second before first is too soon
	}
	grids := make([]*dayGrid, n)
	total, all := 0, 0
	for i := range grids {
		grids[i] = s.grid(from.AddDays(i))
		all += len(grids[i].unix)
		for _, u := range grids[i].unix {
			if u >= lo && u < hi {
				total++
			}
		}
	}
	counts, err := m.store.SlotCounts(ctx, officeID, serviceID, from.At(0, loc), from.AddDays(n).At(0, loc), make([]SlotCount, 0, all))
	if err != nil {
		return nil, err
	}
	days := make([]Day, n)
	slots := make([]Slot, 0, total)
	c := 0
	for i := range days {
		d, g := from.AddDays(i), grids[i]
		day := Day{Date: d, Reason: g.reason, Holiday: g.holiday}
		start, free, late := len(slots), 0, false
		for j, u := range g.unix {
			if u < lo {
				continue
			}
			if u >= hi {
				late = true
				break
			}
			left := max(s.Capacity-bookedAt(counts, &c, u), 0)
			free += left
			t := g.starts[j]
			slots = append(slots, Slot{Start: t, Local: t.In(loc), Capacity: s.Capacity, Remaining: left})
		}
		day.Slots = slots[start:len(slots):len(slots)]
		switch {
		case len(g.starts) == 0:
		case len(day.Slots) == 0 && late:
			day.Reason = ReasonTooFar
		case len(day.Slots) == 0:
			day.Reason = ReasonTooSoon
		case free == 0:
			day.Reason = ReasonFull
		}
		days[i] = day
	}
	return days, nil
}

// bookedAt is the count of the slot starting at u; counts are in start
// order, and *c walks forward through them as u grows.
func bookedAt(counts []SlotCount, c *int, u int64) int {
	for *c < len(counts) && counts[*c].Start < u {
		*c++
	}
	if *c < len(counts) && counts[*c].Start == u {
		return counts[*c].Booked
	}
	return 0
}

// Changes is a number that grows whenever a booking, move or cancellation
// of the office-service commits through this Manager. With the clock's
// minute it makes a cache key for rendered slot listings: the store is
// only read again when something changed. Different services may share a
// counter, which costs a needless refresh, never a stale page.
func (m *Manager) Changes(officeID, serviceID string) uint64 {
	return m.changes[changeIndex(officeID, serviceID)].Load()
}

// ChangedElsewhere notes a booking, move or cancellation of the
// office-service committed through another instance sharing the store;
// with officeID "", of every office-service (news may have been missed).
func (m *Manager) ChangedElsewhere(officeID, serviceID string) {
	if officeID == "" {
		for i := range m.changes {
			m.changes[i].Add(1)
		}
		return
	}
	m.changed(officeID, serviceID)
}

func (m *Manager) changed(officeID, serviceID string) {
	m.changes[changeIndex(officeID, serviceID)].Add(1)
}

func changeIndex(officeID, serviceID string) int {
	h := fnv.New32a()
	h.Write([]byte(officeID))
	h.Write([]byte{0})
	h.Write([]byte(serviceID))
	return int(h.Sum32() % changeSlots)
}

// NextFree lists up to n free slots starting at or after from (and after
// the lead time), within the horizon. Offer it after ErrSlotFull.
func (m *Manager) NextFree(ctx context.Context, officeID, serviceID string, from time.Time, n int) ([]Slot, error) {
	s, err := m.cat.Load().service(officeID, serviceID)
	if err != nil {
		return nil, err
	}
	first, last := s.window(m.cfg.Now())
	if from.After(first) {
		first = from
	}
	if !first.Before(last) || n <= 0 {
		return nil, nil
	}
	loc := s.office.loc
	counts, err := m.store.SlotCounts(ctx, officeID, serviceID, first, last, nil)
	if err != nil {
		return nil, err
	}
	var out []Slot
	c := 0
	for d := DateOf(first, loc); d.Before(DateOf(last, loc)); d = d.AddDays(1) {
		g := s.grid(d)
		for j, t := range g.starts {
			if t.Before(first) {
				continue
			}
			if booked := bookedAt(counts, &c, g.unix[j]); booked < s.Capacity {
				out = append(out, Slot{Start: t, Local: t.In(loc), Capacity: s.Capacity, Remaining: s.Capacity - booked})
				if len(out) == n {
					return out, nil
				}
			}
		}
	}
	return out, nil
}
