package queue_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/server/queue"
	"loket/server/store"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var brussels, _ = time.LoadLocation("Europe/Brussels")

// fakeBookings answers check-ins from a map; PIN "123456" is right.
type fakeBookings map[string]queue.Appointment

func (f fakeBookings) Appointment(_ context.Context, ref string) (queue.Appointment, error) {
	a, ok := f[ref]
	if !ok {
		return a, errors.New("no such booking")
	}
	return a, nil
}

func (f fakeBookings) AppointmentWithPIN(ctx context.Context, ref, pin string) (queue.Appointment, error) {
	if pin != "123456" {
		return queue.Appointment{}, errors.New("wrong pin")
	}
	return f.Appointment(ctx, ref)
}

// AppointmentOfDossier takes the reference as the dossier number; birth
// date 1990-01-01 is right.
func (f fakeBookings) AppointmentOfDossier(_ context.Context, _, _, dossier, birth string, _ time.Time) (queue.Appointment, error) {
	if birth != "1990-01-01" {
		return queue.Appointment{}, queue.ErrNoMatch
	}
	a, ok := f[dossier]
	if !ok {
		return a, queue.ErrNoAppointment
	}
	return a, nil
}

func office(t testing.TB, limit int) queue.Office {
	lines, err := queue.AssignLetters([]queue.Line{{ID: "documents", DailyLimit: limit}, {ID: "biometrics", DailyLimit: limit}, {ID: "info", DailyLimit: limit}})
	if err != nil {
		t.Fatal(err)
	}
	return queue.Office{ID: "brussels", Name: "Brussels", Languages: []string{"fr", "nl"}, Location: brussels, Services: lines}
}

// newService opens a real store in a temp dir and a service at 09:00 on a
// Tuesday in Brussels.
func newService(t testing.TB, limit int, b queue.BookingLookup) (*queue.Service, *clock) {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, brussels)}
	q, err := queue.New(queue.Config{Offices: []queue.Office{office(t, limit)}, Now: c.Now, Bookings: b, Secret: []byte("0123456789abcdef0123456789abcdef")}, s)
	if err != nil {
		t.Fatal(err)
	}
	return q, c
}

var ctx = context.Background()

func take(t *testing.T, q *queue.Service, service string) queue.Ticket {
	t.Helper()
	is, err := q.TakeTicket(ctx, "brussels", service, "k1")
	if err != nil {
		t.Fatal(err)
	}
	return is.Ticket
}

func TestNumbersPerServiceAndDay(t *testing.T) {
	q, c := newService(t, 2, nil)
	cases := []struct {
		service, want string
		err           error
	}{
		{"documents", "A001", nil}, {"biometrics", "B001", nil}, {"documents", "A002", nil},
		{"documents", "", queue.ErrLimitReached}, {"info", "C001", nil}, {"nope", "", queue.ErrUnknownService},
	}
	for _, tc := range cases {
		is, err := q.TakeTicket(ctx, "brussels", tc.service, "k1")
		if !errors.Is(err, tc.err) || is.Ticket.Number != tc.want {
			t.Errorf("%s: got %q %v, want %q %v", tc.service, is.Ticket.Number, err, tc.want, tc.err)
		}
		if tok := q.Token(is.Ticket.ID); err == nil && (len(tok) != 24 || strings.Contains(tok, is.Ticket.Number)) {
			t.Errorf("%s: token %q", tc.service, tok)
		}
	}
	c.Add(24 * time.Hour)
	if got := take(t, q, "documents"); got.Number != "A001" || got.Day != "2026-12-02" {
		t.Errorf("next day: %s on %s", got.Number, got.Day)
	}
}

func TestTokenFindsTicketAndNothingElse(t *testing.T) {
	q, _ := newService(t, 10, nil)
	is, err := q.TakeTicket(ctx, "brussels", "documents", "k1")
	if err != nil {
		t.Fatal(err)
	}
	tok := q.Token(is.Ticket.ID)
	got, err := q.TicketByToken(ctx, tok)
	if err != nil || got.ID != is.Ticket.ID {
		t.Fatalf("by token: %v %v", got.ID, err)
	}
	flipped := tok[:23] + "x"
	if tok[23] == 'x' {
		flipped = tok[:23] + "y"
	}
	for _, bad := range []string{"", is.Ticket.Number, flipped, is.Ticket.ID} {
		if _, err := q.TicketByToken(ctx, bad); !errors.Is(err, queue.ErrNotFound) {
			t.Errorf("token %q: %v", bad, err)
		}
	}
}

func TestCallingOrder(t *testing.T) {
	appt := time.Date(2026, 12, 1, 9, 20, 0, 0, brussels)
	q, c := newService(t, 50, fakeBookings{
		"DUE": {Ref: "DUE", OfficeID: "brussels", ServiceID: "documents", Start: appt},
	})
	w1 := take(t, q, "documents")
	c.Add(time.Minute)
	w2 := take(t, q, "documents")
	c.Add(time.Minute)
	// 09:02: checks in 18 minutes early, so walk-ins go first until 09:20.
	ci, err := q.CheckIn(ctx, queue.CheckIn{OfficeID: "brussels", Ref: "DUE", PIN: "123456"})
	if err != nil {
		t.Fatal(err)
	}
	c.Add(time.Minute)
	w3 := take(t, q, "documents")
	other := take(t, q, "biometrics")
	if _, err := q.SetPriority(ctx, queue.Desk{OfficeID: "brussels", Name: "1"}, w3.ID, true); err != nil {
		t.Fatal(err)
	}
	desk := queue.Desk{OfficeID: "brussels", Name: "1", Services: []string{"documents"}}
	want := []string{w3.Number, w1.Number}
	for _, n := range want {
		got, err := q.CallNext(ctx, desk)
		if err != nil || got.Number != n {
			t.Fatalf("called %s %v, want %s", got.Number, err, n)
		}
	}
	c.Add(20 * time.Minute) // 09:23: the appointment is due and goes ahead of w2
	for _, n := range []string{ci.Ticket.Number, w2.Number} {
		got, err := q.CallNext(ctx, desk)
		if err != nil || got.Number != n {
			t.Fatalf("called %s %v, want %s", got.Number, err, n)
		}
	}
	if _, err := q.CallNext(ctx, desk); !errors.Is(err, queue.ErrNoneWaiting) {
		t.Fatalf("empty queue: %v", err)
	}
	if got, err := q.CallNext(ctx, queue.Desk{OfficeID: "brussels", Name: "2", Services: []string{"documents", "biometrics"}}); err != nil || got.ID != other.ID {
		t.Fatalf("desk 2: %v %v", got.Number, err)
	}
}

func TestRecallNoShowServedTransfer(t *testing.T) {
	q, c := newService(t, 50, nil)
	desk := queue.Desk{OfficeID: "brussels", Name: "3", Services: []string{"documents"}}
	a := take(t, q, "documents")
	if _, err := q.Recall(ctx, desk, a.ID); !errors.Is(err, queue.ErrNotCalled) {
		t.Fatalf("recall of a waiting ticket: %v", err)
	}
	if _, err := q.CallNext(ctx, desk); err != nil {
		t.Fatal(err)
	}
	if _, err := q.NoShow(ctx, desk, a.ID); !errors.Is(err, queue.ErrRecallsLeft) {
		t.Fatalf("no-show before recalls: %v", err)
	}
	for i := 1; i <= 2; i++ {
		got, err := q.Recall(ctx, desk, a.ID)
		if err != nil || got.Recalls != i {
			t.Fatalf("recall %d: %v %v", i, got.Recalls, err)
		}
	}
	if _, err := q.Recall(ctx, desk, a.ID); !errors.Is(err, queue.ErrNoRecallsLeft) {
		t.Fatalf("third recall: %v", err)
	}
	if got, err := q.NoShow(ctx, desk, a.ID); err != nil || got.Status != queue.StatusNoShow {
		t.Fatalf("no-show: %v %v", got.Status, err)
	}
	if _, err := q.Served(ctx, desk, a.ID); !errors.Is(err, queue.ErrNotCalled) {
		t.Fatalf("served after no-show: %v", err)
	}
	b := take(t, q, "documents")
	if _, err := q.CallNext(ctx, desk); err != nil {
		t.Fatal(err)
	}
	moved, err := q.Transfer(ctx, desk, b.ID, "biometrics")
	if err != nil || moved.Status != queue.StatusWaiting || moved.ServiceID != "biometrics" || moved.Number != b.Number {
		t.Fatalf("transfer: %+v %v", moved, err)
	}
	got, err := q.CallNext(ctx, queue.Desk{OfficeID: "brussels", Name: "4", Services: []string{"biometrics"}})
	if err != nil || got.ID != b.ID {
		t.Fatalf("transferred ticket not called at the other service: %v %v", got.Number, err)
	}
	c.Add(24 * time.Hour)
	if _, err := q.Served(ctx, desk, b.ID); !errors.Is(err, queue.ErrOtherDay) {
		t.Fatalf("yesterday's ticket: %v", err)
	}
}

func TestEstimatedWait(t *testing.T) {
	q, c := newService(t, 50, nil)
	desk := queue.Desk{OfficeID: "brussels", Name: "1", Services: []string{"documents"}}
	var last queue.Ticket
	for range 6 {
		last = take(t, q, "documents")
	}
	b, err := q.Board(ctx, "brussels")
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := b.Place(last.ID); p.Known || p.Ahead != 5 {
		t.Fatalf("before any service: %+v", p)
	}
	for i := range 3 {
		got, err := q.CallNext(ctx, desk)
		if err != nil {
			t.Fatal(err)
		}
		c.Add(time.Duration(4+2*i) * time.Minute) // 4, 6, 8 minutes: average 6
		if _, err := q.Served(ctx, desk, got.ID); err != nil {
			t.Fatal(err)
		}
	}
	b, _ = q.Board(ctx, "brussels")
	p, ok := b.Place(last.ID)
	if !ok || !p.Known || p.Ahead != 2 || p.Wait != 18*time.Minute {
		t.Fatalf("after three served: %+v", p)
	}
	if b.Services[0].Waiting != 3 || b.Services[0].Letter != "A" {
		t.Errorf("board line: %+v", b.Services[0])
	}
}

func TestCheckInRules(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 12, 1, h, m, 0, 0, brussels) }
	books := fakeBookings{
		"ON-TIME":  {Ref: "ON-TIME", OfficeID: "brussels", ServiceID: "documents", Start: at(9, 10)},
		"EARLY":    {Ref: "EARLY", OfficeID: "brussels", ServiceID: "documents", Start: at(9, 31)},
		"LATE":     {Ref: "LATE", OfficeID: "brussels", ServiceID: "documents", Start: at(8, 44)},
		"JUSTLATE": {Ref: "JUSTLATE", OfficeID: "brussels", ServiceID: "documents", Start: at(8, 45)},
		"ELSEWHR":  {Ref: "ELSEWHR", OfficeID: "liege", ServiceID: "documents", Start: at(9, 0)},
		"TOMORROW": {Ref: "TOMORROW", OfficeID: "brussels", ServiceID: "documents", Start: at(9, 0).AddDate(0, 0, 1)},
		"GONE":     {Ref: "GONE", OfficeID: "brussels", ServiceID: "documents", Start: at(9, 0), Cancelled: true},
	}
	q, _ := newService(t, 50, books)
	cases := []struct {
		ref, pin string
		verified bool
		want     error
	}{
		{"ON-TIME", "123456", false, nil},
		{"JUSTLATE", "123456", false, nil},
		{"EARLY", "123456", false, queue.ErrTooEarly},
		{"LATE", "", true, queue.ErrTooLate},
		{"ELSEWHR", "123456", false, queue.ErrOtherOffice},
		{"TOMORROW", "123456", false, queue.ErrNotToday},
		{"GONE", "123456", false, queue.ErrCancelled},
	}
	for _, tc := range cases {
		_, err := q.CheckIn(ctx, queue.CheckIn{OfficeID: "brussels", Ref: tc.ref, PIN: tc.pin, Verified: tc.verified})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.ref, err, tc.want)
		}
	}
	if _, err := q.CheckIn(ctx, queue.CheckIn{OfficeID: "brussels", Ref: "ON-TIME", PIN: "000000"}); err == nil {
		t.Error("wrong PIN accepted")
	}
	// By dossier number and birth date: the same rules, and the refusal
	// says when check-in opens.
	for _, tc := range []struct {
		dossier, birth string
		want           error
	}{
		{"JUSTLATE", "1990-01-01", nil},
		{"JUSTLATE", "1990-01-02", queue.ErrNoMatch},
		{"NOBODY", "1990-01-01", queue.ErrNoAppointment},
		{"LATE", "1990-01-01", queue.ErrTooLate},
	} {
		_, err := q.CheckIn(ctx, queue.CheckIn{OfficeID: "brussels", Dossier: tc.dossier, Birth: tc.birth})
		if !errors.Is(err, tc.want) {
			t.Errorf("dossier %s %s: %v, want %v", tc.dossier, tc.birth, err, tc.want)
		}
	}
	_, err := q.CheckIn(ctx, queue.CheckIn{OfficeID: "brussels", Dossier: "EARLY", Birth: "1990-01-01"})
	var r *queue.CheckInRefusal
	if !errors.As(err, &r) || !errors.Is(err, queue.ErrTooEarly) || !r.Opens.Equal(at(9, 1)) {
		t.Errorf("early by dossier: %v, opens %v, want 09:01", err, r)
	}
}

func TestDoubleCheckInGivesTheSameTicket(t *testing.T) {
	start := time.Date(2026, 12, 1, 9, 10, 0, 0, brussels)
	q, _ := newService(t, 50, fakeBookings{"R1": {Ref: "R1", OfficeID: "brussels", ServiceID: "biometrics", Start: start}})
	var wg sync.WaitGroup
	results := make([]queue.Issued, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			is, err := q.CheckIn(ctx, queue.CheckIn{OfficeID: "brussels", Ref: "R1", Verified: true})
			if err != nil {
				t.Error(err)
			}
			results[i] = is
		}()
	}
	wg.Wait()
	fresh := 0
	for _, r := range results {
		if r.Ticket.ID != results[0].Ticket.ID || r.Ticket.Number != "B001" {
			t.Fatalf("check-ins gave different tickets: %s %s", r.Ticket.Number, results[0].Ticket.Number)
		}
		if !r.Again {
			fresh++
		}
	}
	if fresh != 1 {
		t.Fatalf("%d check-ins created a ticket, want 1", fresh)
	}
	b, _ := q.Board(ctx, "brussels")
	if b.Services[1].Waiting != 1 {
		t.Fatalf("waiting for biometrics: %d", b.Services[1].Waiting)
	}
}

func TestPurgeKeepsOnlyRecentDays(t *testing.T) {
	start := time.Date(2026, 12, 1, 9, 10, 0, 0, brussels)
	q, c := newService(t, 50, fakeBookings{"R1": {Ref: "R1", OfficeID: "brussels", ServiceID: "documents", Start: start}})
	old, err := q.CheckIn(ctx, queue.CheckIn{OfficeID: "brussels", Ref: "R1", Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	take(t, q, "documents")
	c.Add(48 * time.Hour)
	recent := take(t, q, "documents")
	n, err := q.Purge(ctx, 24*time.Hour)
	if err != nil || n != 2 {
		t.Fatalf("purged %d (%v), want 2", n, err)
	}
	if _, err := q.Ticket(ctx, old.Ticket.ID); !errors.Is(err, queue.ErrNotFound) {
		t.Errorf("old ticket: %v", err)
	}
	if _, err := q.TicketByToken(ctx, q.Token(old.Ticket.ID)); !errors.Is(err, queue.ErrNotFound) {
		t.Errorf("old token: %v", err)
	}
	if got, err := q.Ticket(ctx, recent.ID); err != nil || got.Number != "A001" {
		t.Errorf("recent ticket: %v %v", got.Number, err)
	}
	if n, err := q.Purge(ctx, 24*time.Hour); err != nil || n != 0 {
		t.Errorf("second purge: %d %v", n, err)
	}
}

// closedOn closes the listed services.
type closedOn map[string]bool

func (c closedOn) OpenOn(_ context.Context, _, serviceID string, _ time.Time) (bool, error) {
	return !c[serviceID], nil
}

func TestTicketsOnlyForServicesOpenToday(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q, err := queue.New(queue.Config{Offices: []queue.Office{office(t, 50)}, Hours: closedOn{"biometrics": true},
		Secret: []byte("0123456789abcdef0123456789abcdef")}, s)
	if err != nil {
		t.Fatal(err)
	}
	open, err := q.OpenToday(ctx, "brussels")
	if err != nil || len(open) != 2 || open[0].ID != "documents" || open[1].ID != "info" {
		t.Fatalf("open today: %+v %v", open, err)
	}
	if _, err := q.TakeTicket(ctx, "brussels", "biometrics", "k"); !errors.Is(err, queue.ErrClosedToday) {
		t.Fatalf("closed service: %v", err)
	}
	if _, err := q.TakeTicket(ctx, "brussels", "info", "k"); err != nil {
		t.Fatalf("open service: %v", err)
	}
}
