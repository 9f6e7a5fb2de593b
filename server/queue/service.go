// Package queue runs the walk-in queues of Loket's offices: tickets from
// registered kiosks, check-in of appointments, the desks' calls, the call
// display and the estimated waits. It knows nothing of HTTP or bbolt: the
// web layer calls a *Service, which keeps data through the Store interface
// and announces every change through its Broker.
package queue

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"loket/server/ratelimit"
)

// Service runs the queues. It is safe for concurrent use.
type Service struct {
	cfg   Config
	store Store
	// offices are the current offices, swapped whole by SetOffices.
	offices atomic.Pointer[officeSet]
	broker  *Broker
	// publishMu orders the boards published after changes.
	publishMu sync.Mutex
	// enrol counts enrolment codes per client address.
	enrol *ratelimit.Limiter
}

// New makes a Service over store.
func New(cfg Config, store Store) (*Service, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	s := &Service{cfg: cfg, store: store, broker: NewBroker(),
		enrol: ratelimit.New(enrolLimit, enrolWindow, ratelimit.MaxKeys, cfg.Now)}
	s.offices.Store(newOfficeSet(cfg.Offices))
	return s, nil
}

// officeSet is the offices by id and in configured order.
type officeSet struct {
	byID  map[string]Office
	order []string
}

func newOfficeSet(offices []Office) *officeSet {
	set := &officeSet{byID: make(map[string]Office, len(offices))}
	for _, o := range offices {
		set.byID[o.ID] = o
		set.order = append(set.order, o.ID)
	}
	return set
}

// SetOffices replaces the offices (staff changed one: its call languages,
// a service), after the checks New makes; tickets and desks stay. The
// displays of every office are told, so they show the change.
func (s *Service) SetOffices(ctx context.Context, offices []Office) error {
	cfg := s.cfg
	cfg.Offices = offices
	if err := cfg.defaults(); err != nil {
		return err
	}
	s.offices.Store(newOfficeSet(offices))
	for _, o := range offices {
		s.Changed(ctx, o.ID, nil)
	}
	return nil
}

// Broker is the service's change feed, for the call display and phones.
func (s *Service) Broker() *Broker { return s.broker }

// MaxRecalls is the number of recalls before a no-show.
func (s *Service) MaxRecalls() int { return s.cfg.MaxRecalls }

// Office finds an office by id.
func (s *Service) Office(id string) (Office, error) {
	o, ok := s.offices.Load().byID[id]
	if !ok {
		return Office{}, ErrUnknownOffice
	}
	return o, nil
}

// Offices lists the offices in configured order.
func (s *Service) Offices() []Office {
	set := s.offices.Load()
	out := make([]Office, len(set.order))
	for i, id := range set.order {
		out[i] = set.byID[id]
	}
	return out
}

// Today is the office's calendar day now, "2006-01-02".
func (s *Service) Today(o Office) string {
	return s.cfg.Now().In(o.Location).Format(time.DateOnly)
}

// Issued is a new or found ticket.
type Issued struct {
	Ticket Ticket
	// Again is true when a second check-in found the first ticket.
	Again bool
}

// TakeTicket gives a walk-in a ticket for service at office, from kiosk.
func (s *Service) TakeTicket(ctx context.Context, officeID, serviceID, kioskID string) (Issued, error) {
	o, err := s.Office(officeID)
	if err != nil {
		return Issued{}, err
	}
	svc, ok := o.Service(serviceID)
	if !ok {
		return Issued{}, ErrUnknownService
	}
	open, err := s.isOpen(ctx, o.ID, svc.ID)
	if err != nil {
		return Issued{}, err
	}
	if !open {
		return Issued{}, ErrClosedToday
	}
	return s.create(ctx, o, svc, Ticket{Kind: KindWalkIn, KioskID: kioskID}, "")
}

func (s *Service) isOpen(ctx context.Context, officeID, serviceID string) (bool, error) {
	if s.cfg.Hours == nil {
		return true, nil
	}
	return s.cfg.Hours.OpenOn(ctx, officeID, serviceID, s.cfg.Now())
}

// OpenToday lists the services of an office that take walk-ins today.
func (s *Service) OpenToday(ctx context.Context, officeID string) ([]Line, error) {
	o, err := s.Office(officeID)
	if err != nil {
		return nil, err
	}
	var out []Line
	for _, l := range o.Services {
		open, err := s.isOpen(ctx, o.ID, l.ID)
		if err != nil {
			return nil, err
		}
		if open {
			out = append(out, l)
		}
	}
	return out, nil
}

func (s *Service) create(ctx context.Context, o Office, svc Line, t Ticket, arrival string) (Issued, error) {
	now := s.cfg.Now().UTC()
	t.ID = newID()
	token := s.Token(t.ID)
	t.TokenHash = hashToken(token)
	t.OfficeID, t.ServiceID = o.ID, svc.ID
	t.Day = s.Today(o)
	t.Status = StatusWaiting
	t.Issued = now
	letter := svc.Letter
	got, created, err := s.store.CreateTicket(ctx, t, CreateRule{
		Limit:      svc.DailyLimit,
		Number:     func(seq int) string { return fmt.Sprintf("%s%03d", letter, seq) },
		ArrivalKey: arrival,
	})
	if err != nil {
		return Issued{}, err
	}
	if !created {
		return Issued{Ticket: got, Again: true}, nil
	}
	s.changed(ctx, o.ID, nil)
	return Issued{Ticket: got}, nil
}

// Ticket loads a ticket by id.
func (s *Service) Ticket(ctx context.Context, id string) (Ticket, error) {
	if !validID(id) {
		return Ticket{}, ErrNotFound
	}
	return s.store.Ticket(ctx, id)
}

// TicketByToken finds the ticket of a phone page's token.
func (s *Service) TicketByToken(ctx context.Context, token string) (Ticket, error) {
	if len(token) != tokenLen {
		return Ticket{}, ErrNotFound
	}
	return s.store.TicketByToken(ctx, hashToken(token))
}

// IsToday reports whether t belongs to its office's current day.
func (s *Service) IsToday(t Ticket) bool {
	o, err := s.Office(t.OfficeID)
	return err == nil && t.Day == s.Today(o)
}

// AttachReceipt records the receipt printed for a ticket. A ticket keeps
// its first receipt: a reprint shows the same one.
func (s *Service) AttachReceipt(ctx context.Context, id, receiptID string) (Ticket, error) {
	return s.store.UpdateTicket(ctx, id, func(t *Ticket) error {
		if t.ReceiptID == "" {
			t.ReceiptID = receiptID
		}
		return nil
	})
}

// Desk is a staff member's place: an office, a desk name and the services
// it serves.
type Desk struct {
	OfficeID string
	Name     string
	Services []string
	// Staff is the signed-in account working the desk; its actions carry
	// it in the ticket's history.
	Staff string
}

func (s *Service) checkDesk(d Desk) (Office, error) {
	o, err := s.Office(d.OfficeID)
	if err != nil {
		return Office{}, err
	}
	if !deskPattern.MatchString(d.Name) {
		return Office{}, ErrBadDesk
	}
	if len(d.Services) == 0 {
		return Office{}, ErrUnknownService
	}
	for _, id := range d.Services {
		if _, ok := o.Service(id); !ok {
			return Office{}, ErrUnknownService
		}
	}
	return o, nil
}

// CallNext calls the next visitor for desk: the choice and the change of
// state are one transaction.
func (s *Service) CallNext(ctx context.Context, d Desk) (Ticket, error) {
	o, err := s.checkDesk(d)
	if err != nil {
		return Ticket{}, err
	}
	now := s.cfg.Now().UTC()
	t, err := s.store.CallNext(ctx, o.ID, s.Today(o),
		func(waiting []Ticket) int { return choose(waiting, d.Services, now) },
		func(t *Ticket) {
			t.Status, t.Desk, t.CalledAt, t.LastCall, t.Recalls = StatusCalled, d.Name, now, now, 0
			t.CalledBy = d.Staff
			t.record(now, StepCalled, d)
		})
	if err != nil {
		return Ticket{}, err
	}
	s.changed(ctx, o.ID, &Call{Number: t.Number, Desk: t.Desk, ServiceID: t.ServiceID, At: now})
	return t, nil
}

// change applies fn to a ticket of today at the desk's office.
func (s *Service) change(ctx context.Context, d Desk, id string, fn func(t *Ticket, now time.Time) error) (Ticket, error) {
	o, err := s.Office(d.OfficeID)
	if err != nil {
		return Ticket{}, err
	}
	if !validID(id) {
		return Ticket{}, ErrNotFound
	}
	now := s.cfg.Now().UTC()
	today := s.Today(o)
	t, err := s.store.UpdateTicket(ctx, id, func(t *Ticket) error {
		if t.OfficeID != o.ID {
			return ErrNotFound
		}
		if t.Day != today {
			return ErrOtherDay
		}
		return fn(t, now)
	})
	return t, err
}

// Recall calls the ticket again at the desk; after MaxRecalls it refuses
// with ErrNoRecallsLeft so the desk marks a no-show.
func (s *Service) Recall(ctx context.Context, d Desk, id string) (Ticket, error) {
	t, err := s.change(ctx, d, id, func(t *Ticket, now time.Time) error {
		if t.Status != StatusCalled {
			return ErrNotCalled
		}
		if t.Recalls >= s.cfg.MaxRecalls {
			return ErrNoRecallsLeft
		}
		t.Recalls++
		t.LastCall = now
		if d.Name != "" && deskPattern.MatchString(d.Name) {
			t.Desk = d.Name
		}
		t.CalledBy = d.Staff
		t.record(now, StepRecalled, d)
		return nil
	})
	if err != nil {
		return Ticket{}, err
	}
	s.changed(ctx, t.OfficeID, &Call{Number: t.Number, Desk: t.Desk, ServiceID: t.ServiceID, At: t.LastCall, Recall: true})
	return t, nil
}

// NoShow ends a called ticket whose holder did not come after MaxRecalls
// recalls.
func (s *Service) NoShow(ctx context.Context, d Desk, id string) (Ticket, error) {
	return s.finish(ctx, d, id, StatusNoShow)
}

// Served ends a called ticket: the visitor was helped. Its service time
// feeds the estimated waits.
func (s *Service) Served(ctx context.Context, d Desk, id string) (Ticket, error) {
	return s.finish(ctx, d, id, StatusServed)
}

func (s *Service) finish(ctx context.Context, d Desk, id string, st Status) (Ticket, error) {
	t, err := s.change(ctx, d, id, func(t *Ticket, now time.Time) error {
		if t.Status != StatusCalled {
			return ErrNotCalled
		}
		if st == StatusNoShow && t.Recalls < s.cfg.MaxRecalls {
			return ErrRecallsLeft
		}
		t.Status, t.DoneAt = st, now
		t.record(now, string(st), d)
		return nil
	})
	if err != nil {
		return Ticket{}, err
	}
	s.changed(ctx, t.OfficeID, nil)
	return t, nil
}

// Transfer sends a waiting or called ticket to another service of the same
// office. It keeps its number and its place in time, so the visitor does
// not start again at the back.
func (s *Service) Transfer(ctx context.Context, d Desk, id, serviceID string) (Ticket, error) {
	o, err := s.Office(d.OfficeID)
	if err != nil {
		return Ticket{}, err
	}
	if _, ok := o.Service(serviceID); !ok {
		return Ticket{}, ErrUnknownService
	}
	t, err := s.change(ctx, d, id, func(t *Ticket, now time.Time) error {
		if t.Status != StatusWaiting && t.Status != StatusCalled {
			return ErrNotWaiting
		}
		t.ServiceID, t.Status, t.Desk, t.Recalls, t.CalledBy = serviceID, StatusWaiting, "", 0, ""
		t.record(now, StepTransferred, d)
		t.History[len(t.History)-1].Service = serviceID
		return nil
	})
	if err != nil {
		return Ticket{}, err
	}
	s.changed(ctx, t.OfficeID, nil)
	return t, nil
}

// SetPriority sets or clears the priority of a waiting ticket.
func (s *Service) SetPriority(ctx context.Context, d Desk, id string, on bool) (Ticket, error) {
	t, err := s.change(ctx, d, id, func(t *Ticket, now time.Time) error {
		if t.Status != StatusWaiting {
			return ErrNotWaiting
		}
		t.Priority = on
		t.record(now, StepPriority, d)
		return nil
	})
	if err != nil {
		return Ticket{}, err
	}
	s.changed(ctx, t.OfficeID, nil)
	return t, nil
}

// Purge deletes the tickets of days more than keep before today, with
// their check-in records: a day's queue is not kept longer than needed.
// It works in short transactions, so the queue goes on meanwhile.
func (s *Service) Purge(ctx context.Context, keep time.Duration) (int, error) {
	before := s.cfg.Now().Add(-keep).UTC().Format(time.DateOnly)
	total := 0
	for {
		n, err := s.store.PurgeTickets(ctx, before, 500)
		total += n
		if err != nil || n < 500 {
			return total, err
		}
	}
}

// FindNumber finds today's ticket with a number at an office, for desks
// that type a number ("A012").
func (s *Service) FindNumber(ctx context.Context, officeID, number string) (Ticket, error) {
	o, err := s.Office(officeID)
	if err != nil {
		return Ticket{}, err
	}
	ts, err := s.store.DayTickets(ctx, o.ID, s.Today(o))
	if err != nil {
		return Ticket{}, err
	}
	number = strings.ToUpper(strings.TrimSpace(number))
	i := slices.IndexFunc(ts, func(t Ticket) bool { return t.Number == number })
	if i < 0 {
		return Ticket{}, ErrNotFound
	}
	return ts[i], nil
}

// AtDesk lists today's tickets called to desk, latest call first.
func (s *Service) AtDesk(ctx context.Context, officeID, desk string) ([]Ticket, error) {
	o, err := s.Office(officeID)
	if err != nil {
		return nil, err
	}
	ts, err := s.store.DayTickets(ctx, o.ID, s.Today(o))
	if err != nil {
		return nil, err
	}
	var out []Ticket
	for _, t := range ts {
		if t.Status == StatusCalled && t.Desk == desk {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b Ticket) int { return b.LastCall.Compare(a.LastCall) })
	return out, nil
}

// tokenLen is the length of a phone token: 18 bytes in base64url.
const tokenLen = 24

// Token is the phone page's token of ticket id: a keyed hash of the random
// id, so a reprint shows the same QR code while the store keeps only the
// token's hash. Neither the number nor the id reveals it.
func (s *Service) Token(id string) string {
	m := hmac.New(sha256.New, s.cfg.Secret)
	m.Write([]byte("queue-ticket:" + id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte("queue-token:" + tok))
	return h[:]
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func validID(id string) bool {
	if len(id) != 24 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}
