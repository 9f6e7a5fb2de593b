package queue

import (
	"context"
	"slices"
	"time"
)

// Board is an office's queue at one moment, as the call display and the
// phones show it. It is built once per change and shared, read-only, by
// every subscriber.
type Board struct {
	OfficeID string
	Day      string
	// Now are the tickets being called, latest call first.
	Now []Call
	// Recent are the latest calls, including those finished since.
	Recent []Call
	// Services are the waiting counts and estimates, in office order.
	Services []ServiceState
	// places is each waiting or called ticket's place, by ticket id.
	places map[string]Place
}

// ServiceState is one service's line on the board.
type ServiceState struct {
	ID      string `json:"id"`
	Letter  string `json:"letter"`
	Waiting int    `json:"waiting"`
	// Average is the moving average service time; zero while unknown.
	Average time.Duration `json:"-"`
}

// Place is where one ticket stands.
type Place struct {
	Status Status
	Desk   string
	// Ahead is the number of people called before this ticket.
	Ahead int
	// Wait is the estimated wait; Known is false until the day has
	// enough served visitors of the service to say.
	Wait  time.Duration
	Known bool
}

// boardRecent is how many past calls the display lists.
const boardRecent = 8

// estimateWindow is how many of the day's latest service times make the
// moving average, and estimateMin how many are needed before it is shown.
const (
	estimateWindow = 10
	estimateMin    = 3
)

// Board builds office's board now.
func (s *Service) Board(ctx context.Context, officeID string) (*Board, error) {
	o, err := s.Office(officeID)
	if err != nil {
		return nil, err
	}
	day := s.Today(o)
	ts, err := s.store.DayTickets(ctx, o.ID, day)
	if err != nil {
		return nil, err
	}
	return buildBoard(o, day, ts, s.cfg.Now()), nil
}

func buildBoard(o Office, day string, ts []Ticket, now time.Time) *Board {
	b := &Board{OfficeID: o.ID, Day: day, places: map[string]Place{}}
	var called []Ticket
	waiting := map[string][]Ticket{}
	served := map[string][]Ticket{}
	desks := map[string]map[string]bool{}
	for _, t := range ts {
		if !t.LastCall.IsZero() {
			called = append(called, t)
			if now.Sub(t.LastCall) < time.Hour {
				if desks[t.ServiceID] == nil {
					desks[t.ServiceID] = map[string]bool{}
				}
				desks[t.ServiceID][t.Desk] = true
			}
		}
		switch t.Status {
		case StatusWaiting:
			waiting[t.ServiceID] = append(waiting[t.ServiceID], t)
		case StatusServed:
			served[t.ServiceID] = append(served[t.ServiceID], t)
		case StatusCalled:
			b.places[t.ID] = Place{Status: StatusCalled, Desk: t.Desk}
		}
	}
	slices.SortFunc(called, func(a, c Ticket) int { return c.LastCall.Compare(a.LastCall) })
	for _, t := range called {
		c := Call{Number: t.Number, Desk: t.Desk, ServiceID: t.ServiceID, At: t.LastCall}
		if t.Status == StatusCalled {
			b.Now = append(b.Now, c)
		}
		if len(b.Recent) < boardRecent {
			b.Recent = append(b.Recent, c)
		}
	}
	for _, svc := range o.Services {
		st := ServiceState{ID: svc.ID, Letter: svc.Letter, Waiting: len(waiting[svc.ID])}
		avg, known := average(served[svc.ID])
		if known {
			st.Average = avg
		}
		n := max(len(desks[svc.ID]), 1)
		line := waiting[svc.ID]
		sortQueue(line, now)
		for i, t := range line {
			p := Place{Status: StatusWaiting, Ahead: i, Known: known}
			if known {
				p.Wait = (time.Duration(i+1) * avg / time.Duration(n)).Round(time.Minute)
			}
			b.places[t.ID] = p
		}
		b.Services = append(b.Services, st)
	}
	return b
}

// average is the mean service time of the latest served tickets.
func average(served []Ticket) (time.Duration, bool) {
	if len(served) < estimateMin {
		return 0, false
	}
	slices.SortFunc(served, func(a, b Ticket) int { return b.DoneAt.Compare(a.DoneAt) })
	served = served[:min(len(served), estimateWindow)]
	var sum time.Duration
	for _, t := range served {
		sum += t.DoneAt.Sub(t.CalledAt)
	}
	return sum / time.Duration(len(served)), true
}

// Place is where ticket id stands on the board; ok is false for a ticket
// that is done or not on it.
func (b *Board) Place(id string) (Place, bool) {
	p, ok := b.places[id]
	return p, ok
}

// changed tells the other instances of a change to office's queue, then
// publishes it here.
func (s *Service) changed(ctx context.Context, officeID string, call *Call) {
	if s.cfg.Announce != nil {
		s.cfg.Announce(context.WithoutCancel(ctx), officeID, call)
	}
	s.Changed(ctx, officeID, call)
}

// Changed builds and publishes office's new board, with the call when the
// change was one, when anyone here listens: after a change made here, or
// one that another instance announced. The office's lock keeps boards in
// the order they were built, and a board built after a commit sees it.
func (s *Service) Changed(ctx context.Context, officeID string, call *Call) {
	if s.broker.Subscribers(officeID) == 0 {
		return
	}
	s.publishMu.Lock()
	defer s.publishMu.Unlock()
	b, err := s.Board(context.WithoutCancel(ctx), officeID)
	if err != nil {
		return
	}
	s.broker.Publish(officeID, Event{Board: b, Call: call})
}
