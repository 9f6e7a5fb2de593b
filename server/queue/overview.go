package queue

import (
	"context"
	"slices"
	"time"
)

// UndoWindow is how long after "served" a desk may take it back: a
// mistaken click is noticed at once, not an hour later.
const UndoWindow = time.Minute

// Overview is an office's queue as its staff see it: who waits for which
// service in calling order, and what every desk is doing.
type Overview struct {
	OfficeID string
	// At is when it was built.
	At       time.Time
	Services []ServiceLine
	Desks    []DeskState
	// Arrived are the booking references that checked in today.
	Arrived map[string]bool
}

// ServiceLine is one service's queue.
type ServiceLine struct {
	ID     string
	Letter string
	// Waiting are the waiting tickets in the order desks will call them.
	Waiting []Ticket
	// AverageWait is the mean time between joining and being called of
	// today's called tickets; WaitKnown is false before the first call.
	AverageWait time.Duration
	WaitKnown   bool
	// Served counts today's served tickets.
	Served int
}

// DeskState is one desk that called someone today.
type DeskState struct {
	Name string
	// Serving are the tickets called to it and not finished.
	Serving []Ticket
	// Served counts the tickets it finished as served today.
	Served   int
	LastCall time.Time
	// Staff is the account that made the desk's latest call.
	Staff string
}

// Overview builds office's overview now.
func (s *Service) Overview(ctx context.Context, officeID string) (Overview, error) {
	o, err := s.Office(officeID)
	if err != nil {
		return Overview{}, err
	}
	ts, err := s.store.DayTickets(ctx, o.ID, s.Today(o))
	if err != nil {
		return Overview{}, err
	}
	return buildOverview(o, ts, s.cfg.Now()), nil
}

func buildOverview(o Office, ts []Ticket, now time.Time) Overview {
	ov := Overview{OfficeID: o.ID, At: now, Arrived: map[string]bool{}}
	desks := map[string]*DeskState{}
	waiting := map[string][]Ticket{}
	waits := map[string][]time.Duration{}
	served := map[string]int{}
	for _, t := range ts {
		if t.BookingRef != "" {
			ov.Arrived[t.BookingRef] = true
		}
		if t.Status == StatusWaiting {
			waiting[t.ServiceID] = append(waiting[t.ServiceID], t)
			continue
		}
		if t.CalledAt.IsZero() {
			continue
		}
		waits[t.ServiceID] = append(waits[t.ServiceID], t.CalledAt.Sub(t.Issued))
		d := desks[t.Desk]
		if d == nil {
			d = &DeskState{Name: t.Desk}
			desks[t.Desk] = d
		}
		if t.LastCall.After(d.LastCall) {
			d.LastCall, d.Staff = t.LastCall, t.CalledBy
		}
		switch t.Status {
		case StatusCalled:
			d.Serving = append(d.Serving, t)
		case StatusServed:
			d.Served++
			served[t.ServiceID]++
		}
	}
	for _, svc := range o.Services {
		line := ServiceLine{ID: svc.ID, Letter: svc.Letter, Waiting: waiting[svc.ID], Served: served[svc.ID]}
		sortQueue(line.Waiting, now)
		if w := waits[svc.ID]; len(w) > 0 {
			var sum time.Duration
			for _, d := range w {
				sum += d
			}
			line.AverageWait, line.WaitKnown = sum/time.Duration(len(w)), true
		}
		ov.Services = append(ov.Services, line)
	}
	for _, d := range desks {
		ov.Desks = append(ov.Desks, *d)
	}
	slices.SortFunc(ov.Desks, func(a, b DeskState) int { return compareDesks(a.Name, b.Name) })
	return ov
}

// compareDesks orders desk names as people number them: "2" before "10".
func compareDesks(a, b string) int {
	if len(a) != len(b) && isDigits(a) && isDigits(b) {
		return len(a) - len(b)
	}
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Undoable reports whether desk may still take back ticket t's "served".
func (s *Service) Undoable(t Ticket, desk string) bool {
	return t.Status == StatusServed && t.Desk == desk && s.cfg.Now().Sub(t.DoneAt) <= UndoWindow
}

// UndoServed takes back a "served" the desk gave within UndoWindow: the
// ticket is called to the desk again, as it was before the click.
func (s *Service) UndoServed(ctx context.Context, d Desk, id string) (Ticket, error) {
	t, err := s.change(ctx, d, id, func(t *Ticket, now time.Time) error {
		if !s.Undoable(*t, d.Name) {
			if t.Status != StatusServed || t.Desk != d.Name {
				return ErrNotServed
			}
			return ErrUndoExpired
		}
		t.Status, t.DoneAt = StatusCalled, time.Time{}
		t.record(now, StepUndoServed, d)
		return nil
	})
	if err != nil {
		return Ticket{}, err
	}
	s.changed(ctx, t.OfficeID, nil)
	return t, nil
}
