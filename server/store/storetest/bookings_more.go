package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	_ "time/tzdata"

	"loket/server/bookings"
)

// fakeClock is a settable clock shared by the store and the manager.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// verifier knows the dossiers "D-<procedure>[-<anything>]" of people born 1990-01-02.
type verifier struct{}

func (verifier) VerifyDossier(_ context.Context, dossier string, birth bookings.Date, _ string) (string, bool, error) {
	rest, ok := strings.CutPrefix(dossier, "D-")
	if birth != (bookings.Date{Year: 1990, Month: 1, Day: 2}) || !ok {
		return "", false, nil
	}
	procedure, _, _ := strings.Cut(rest, "-")
	return procedure, true, nil
}

var birth = bookings.Date{Year: 1990, Month: 1, Day: 2}

const (
	brussels  = "demo-brussels"
	documents = "submit_documents"
	interview = "information_interview"
)

// monday is 2026-03-02, a working Monday; the clock starts the Friday before.
var monday = bookings.Date{Year: 2026, Month: 3, Day: 2}

func newManager(t testing.TB, s Backend, cfg bookings.Config) (*bookings.Manager, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2026, 2, 27, 12, 0, 0, 0, time.UTC)}
	cfg.Secret = []byte("test-secret-test-secret-test-secret!")
	cfg.Now = clk.Now
	m, err := bookings.New(cfg, s, verifier{}, bookings.DemoOffices())
	if err != nil {
		t.Fatal(err)
	}
	return m, clk
}

func at(d bookings.Date, hhmm int) time.Time {
	loc, _ := time.LoadLocation("Europe/Brussels")
	return d.At(hhmm/100*60+hhmm%100, loc)
}

func req(start time.Time, dossier string) bookings.Request {
	r := bookings.Request{OfficeID: brussels, ServiceID: documents, Start: start, Dossier: dossier, BirthDate: birth, Lang: "en"}
	if dossier == "" {
		r.ServiceID = interview
	}
	return r
}

// activeIn counts the active bookings whose slot starts at t, from the
// bookings themselves, and compares it with the slot counter.
func activeIn(t *testing.T, s Backend, office, service string, start time.Time) int {
	t.Helper()
	bs, err := s.BookingsStarting(context.Background(), office, start, start.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range bs {
		if b.Active() && b.ServiceID == service {
			n++
		}
	}
	counts, err := s.SlotCounts(context.Background(), office, service, start, start.Add(time.Second), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := 0
	if len(counts) == 1 {
		c = counts[0].Booked
	}
	if c != n {
		t.Fatalf("slot %s: counter says %d, bookings say %d", start, c, n)
	}
	return n
}

func testBookNeverOverbooks(t *testing.T, s Backend) {
	m, _ := newManager(t, s, bookings.Config{})
	slot := at(monday, 900) // submit_documents has 3 desks
	var ok, full atomic.Int64
	var wg sync.WaitGroup
	for i := range 1000 {
		wg.Go(func() {
			_, err := m.Book(context.Background(), req(slot, fmt.Sprintf("D-asylum-%d", i)))
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, bookings.ErrSlotFull):
				full.Add(1)
			default:
				t.Errorf("attempt %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 3 || full.Load() != 997 {
		t.Fatalf("%d booked, %d full; want 3 and 997", ok.Load(), full.Load())
	}
	if n := activeIn(t, s, brussels, documents, slot); n != 3 {
		t.Fatalf("store holds %d bookings in the slot, want 3", n)
	}
}

// TestCreateBookingTwiceStoresOnce replays one insert, as bbolt's group
// commit may: the second run finds its own booking and counts nothing.
func testCreateBookingTwiceStoresOnce(t *testing.T, s Backend) {
	ctx := context.Background()
	start := at(monday, 900)
	b := bookings.Booking{ID: "id-1", Ref: "ABCD2345", OfficeID: brussels, ServiceID: documents, Start: start, End: start.Add(20 * time.Minute), Status: bookings.StatusBooked, PINHash: []byte{1, 2, 3}}
	rule := bookings.CreateRule{Capacity: 3, Now: start.Add(-time.Hour)}
	for range 2 {
		got, err := s.CreateBooking(ctx, b, rule)
		if err != nil || got.ID != "id-1" || string(got.PINHash) != "\x01\x02\x03" {
			t.Fatalf("create: %+v %v", got, err)
		}
	}
	if n := activeIn(t, s, brussels, documents, start); n != 1 {
		t.Fatalf("slot holds %d, want 1", n)
	}
	other := b
	other.ID = "id-2"
	if _, err := s.CreateBooking(ctx, other, rule); !errors.Is(err, bookings.ErrRefTaken) {
		t.Fatalf("same reference, other booking: %v", err)
	}
}

func testMovesRacingBookingsNeverOverbook(t *testing.T, s Backend) {
	m, _ := newManager(t, s, bookings.Config{})
	ctx := context.Background()
	target := at(monday, 1000)
	// 30 bookings elsewhere that will all try to move into target.
	type held struct {
		ref  bookings.Reference
		pin  string
		from time.Time
	}
	var movers []held
	weekdays := []int{1, 2, 3, 4, 7, 8, 9, 10, 11, 14} // after monday
	for i := range 30 {
		from := at(monday.AddDays(weekdays[i/3]), 900)
		c, err := m.Book(ctx, req(from, fmt.Sprintf("D-family-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		movers = append(movers, held{c.Booking.Ref, c.PIN, from})
	}
	var inTarget atomic.Int64
	var wg sync.WaitGroup
	for i, h := range movers {
		wg.Go(func() {
			b, err := m.Move(ctx, h.ref, h.pin, target)
			switch {
			case err == nil:
				inTarget.Add(1)
				if !b.Start.Equal(target) || b.Sequence != 1 {
					t.Errorf("moved booking: %+v", b)
				}
			case !errors.Is(err, bookings.ErrSlotFull):
				t.Errorf("move %d: %v", i, err)
			}
		})
	}
	for i := range 300 {
		wg.Go(func() {
			_, err := m.Book(ctx, req(target, fmt.Sprintf("D-work-%d", i)))
			switch {
			case err == nil:
				inTarget.Add(1)
			case !errors.Is(err, bookings.ErrSlotFull):
				t.Errorf("book %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if inTarget.Load() != 3 {
		t.Fatalf("%d succeeded into the slot, want 3", inTarget.Load())
	}
	if n := activeIn(t, s, brussels, documents, target); n != 3 {
		t.Fatalf("store holds %d in the slot, want 3", n)
	}
	// A failed move left its booking where it was; a successful one freed it.
	for _, h := range movers {
		b, err := m.Get(ctx, h.ref, h.pin)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Start.Equal(h.from) && !b.Start.Equal(target) {
			t.Errorf("%s ended at %s", h.ref, b.Start)
		}
	}
	for _, d := range weekdays {
		activeIn(t, s, brussels, documents, at(monday.AddDays(d), 900))
	}
}

func testBookRules(t *testing.T, s Backend) {
	m, clk := newManager(t, s, bookings.Config{})
	ctx := context.Background()
	now := clk.Now()
	withContact := func(r bookings.Request, phone, email string) bookings.Request {
		r.Phone, r.Email = phone, email
		return r
	}
	withService := func(r bookings.Request, office, service, procedure string) bookings.Request {
		r.OfficeID, r.ServiceID, r.Procedure = office, service, procedure
		return r
	}
	noBirth := req(at(monday, 900), "D-asylum")
	noBirth.BirthDate = bookings.Date{}
	for _, tc := range []struct {
		name string
		r    bookings.Request
		want error
	}{
		{"past", req(now.Add(-time.Hour).Truncate(time.Hour), "D-asylum"), bookings.ErrInPast},
		// Friday 12:00 now; the documents service needs 2 hours' notice.
		{"too soon", req(at(bookings.Date{Year: 2026, Month: 2, Day: 27}, 1320), "D-asylum"), bookings.ErrTooSoon},
		{"too far", req(at(monday.AddDays(56), 900), "D-asylum"), bookings.ErrTooFar},
		{"off grid", req(at(monday, 905), "D-asylum"), bookings.ErrNotOnGrid},
		{"lunch break", req(at(monday, 1220), "D-asylum"), bookings.ErrNotOnGrid},
		{"saturday", req(at(monday.AddDays(5), 900), "D-asylum"), bookings.ErrClosed},
		{"easter monday", req(at(bookings.Date{Year: 2026, Month: 4, Day: 6}, 900), "D-asylum"), bookings.ErrClosed},
		{"unknown office", withService(req(at(monday, 900), "D-asylum"), "nowhere", documents, ""), bookings.ErrUnknownOffice},
		{"unknown service", withService(req(at(monday, 900), "D-asylum"), brussels, "haircut", ""), bookings.ErrUnknownService},
		{"dossier required", withService(req(at(monday, 900), ""), brussels, documents, "asylum"), bookings.ErrDossierRequired},
		{"dossier mismatch", req(at(monday, 900), "X-asylum"), bookings.ErrDossierMismatch},
		{"birth date missing", noBirth, bookings.ErrDossierMismatch},
		{"procedure not allowed", req(at(monday, 900), "D-return"), bookings.ErrProcedureNotAllowed},
		{"address help for asylum", withService(req(at(monday, 900), ""), brussels, "address_notification_help", "asylum"), bookings.ErrProcedureNotAllowed},
		{"bad phone", withContact(req(at(monday, 900), "D-asylum"), "123", ""), bookings.ErrBadContact},
		{"bad email", withContact(req(at(monday, 900), "D-asylum"), "", "nobody"), bookings.ErrBadContact},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := m.Book(ctx, tc.r); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	c, err := m.Book(ctx, withContact(req(at(monday, 900), "D-asylum"), "+32 470 12 34 56", "a@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	if b := c.Booking; b.Procedure != "asylum" || b.Phone != "+32470123456" || b.Status != bookings.StatusBooked || len(c.PIN) != 6 {
		t.Fatalf("booking %+v pin %q", b, c.PIN)
	}
	if _, err := bookings.ParseReference(c.Booking.Ref.String()); err != nil {
		t.Fatalf("reference %s does not parse: %v", c.Booking.Ref, err)
	}
}

func testOneActiveBookingPerDossierAndService(t *testing.T, s Backend) {
	ctx := context.Background()
	m, clk := newManager(t, s, bookings.Config{})
	first, err := m.Book(ctx, req(at(monday, 900), "D-asylum"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Book(ctx, req(at(monday, 1000), "D-asylum")); !errors.Is(err, bookings.ErrAlreadyBooked) {
		t.Fatalf("second booking: err = %v", err)
	}
	// Another service is fine.
	other := req(at(monday, 900), "D-asylum")
	other.ServiceID = "biometrics"
	if _, err := m.Book(ctx, other); err != nil {
		t.Fatalf("other service: %v", err)
	}
	// Once the first is over, the dossier may book again.
	clk.Add(72 * time.Hour) // Monday 12:00
	if _, err := m.Book(ctx, req(at(monday.AddDays(1), 900), "D-asylum")); err != nil {
		t.Fatalf("after the appointment: %v", err)
	}
	_ = first
	// Cancelling frees the dossier at once.
	c, err := m.Book(ctx, req(at(monday.AddDays(1), 900), "D-family"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Cancel(ctx, c.Booking.Ref, c.PIN); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Book(ctx, req(at(monday.AddDays(2), 900), "D-family")); err != nil {
		t.Fatalf("after cancelling: %v", err)
	}

	several, _ := newManager(t, s, bookings.Config{SeveralPerDossier: true})
	for _, hhmm := range []int{900, 1000} {
		if _, err := several.Book(ctx, req(at(monday, hhmm), "D-asylum")); err != nil {
			t.Fatalf("several per dossier at %d: %v", hhmm, err)
		}
	}
}

func testIdempotentSubmission(t *testing.T, s Backend) {
	ctx := context.Background()
	m, _ := newManager(t, s, bookings.Config{})
	r := req(at(monday, 900), "D-asylum")
	r.IdempotencyKey = "form-token-1"
	var confs [20]bookings.Confirmation
	var wg sync.WaitGroup
	for i := range confs {
		wg.Go(func() {
			var err error
			if confs[i], err = m.Book(ctx, r); err != nil {
				t.Errorf("submission %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	replays := 0
	for _, c := range confs {
		if c.Booking.Ref != confs[0].Booking.Ref || c.PIN != confs[0].PIN {
			t.Fatalf("two bookings from one form: %s/%s and %s/%s", c.Booking.Ref, c.PIN, confs[0].Booking.Ref, confs[0].PIN)
		}
		if c.Replayed {
			replays++
		}
	}
	if replays != len(confs)-1 {
		t.Errorf("%d replays, want %d", replays, len(confs)-1)
	}
	if n := activeIn(t, s, brussels, documents, r.Start); n != 1 {
		t.Fatalf("%d bookings stored, want 1", n)
	}
	r.Start = at(monday, 920)
	if _, err := m.Book(ctx, r); !errors.Is(err, bookings.ErrIdempotencyConflict) {
		t.Fatalf("reused token for another slot: err = %v", err)
	}
}

// testIdempotencyKeyIsTheClients replays issue 14 item 11: another
// client sending the same idempotency key for the same slot got the first
// client's reference and PIN (and so their phone and e-mail). Now the key
// is scoped to the client's address (an IPv6 /64), and the other client
// gets no replay.
func testIdempotencyKeyIsTheClients(t *testing.T, s Backend) {
	ctx := context.Background()
	m, _ := newManager(t, s, bookings.Config{})
	victim := req(at(monday, 900), "")
	victim.IdempotencyKey, victim.Client = "form-token-1", "2001:db8:1:2::10"
	victim.Email = "victim@example.be"
	first, err := m.Book(ctx, victim)
	if err != nil {
		t.Fatal(err)
	}
	// The same client from another address of its /64 is the same client.
	again := victim
	again.Client = "2001:db8:1:2::99"
	if c, err := m.Book(ctx, again); err != nil || !c.Replayed || c.Booking.Ref != first.Booking.Ref {
		t.Fatalf("same client: %+v %v", c, err)
	}
	attacker := victim
	attacker.Client, attacker.Email = "198.51.100.7", ""
	got, err := m.Book(ctx, attacker)
	if err == nil && (got.Replayed || got.Booking.Ref == first.Booking.Ref || got.PIN == first.PIN || got.Booking.Email == victim.Email) {
		t.Fatalf("another client got the first booking: %+v", got)
	}
}

func testPINLockout(t *testing.T, s Backend) {
	ctx := context.Background()
	m, clk := newManager(t, s, bookings.Config{PINMaxFailures: 5, PINWindow: 15 * time.Minute, PINLockout: 30 * time.Minute})
	c, err := m.Book(ctx, req(at(monday, 900), "D-asylum"))
	if err != nil {
		t.Fatal(err)
	}
	ref, pin := c.Booking.Ref, c.PIN
	wrong := "000000"
	if pin == wrong {
		wrong = "111111"
	}
	if _, err := m.Get(ctx, ref, pin); err != nil {
		t.Fatalf("right PIN: %v", err)
	}
	// Failures older than the window do not count.
	for range 4 {
		if _, err := m.Get(ctx, ref, wrong); !errors.Is(err, bookings.ErrWrongPIN) {
			t.Fatalf("wrong PIN: err = %v", err)
		}
	}
	clk.Add(16 * time.Minute)
	for range 4 {
		if _, err := m.Get(ctx, ref, wrong); !errors.Is(err, bookings.ErrWrongPIN) {
			t.Fatalf("wrong PIN after the window: err = %v", err)
		}
	}
	if _, err := m.Get(ctx, ref, wrong); !errors.Is(err, bookings.ErrLocked) {
		t.Fatalf("fifth wrong PIN: err = %v, want ErrLocked", err)
	}
	for name, try := range map[string]func() error{
		"get":    func() error { _, err := m.Get(ctx, ref, pin); return err },
		"move":   func() error { _, err := m.Move(ctx, ref, pin, at(monday, 1000)); return err },
		"cancel": func() error { _, err := m.Cancel(ctx, ref, pin); return err },
	} {
		if err := try(); !errors.Is(err, bookings.ErrLocked) {
			t.Errorf("%s with the right PIN while locked: err = %v", name, err)
		}
	}
	clk.Add(31 * time.Minute)
	if _, err := m.Get(ctx, ref, pin); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	// A success clears the count.
	for range 4 {
		m.Get(ctx, ref, wrong)
	}
	if _, err := m.Get(ctx, ref, pin); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Get(ctx, ref, wrong); !errors.Is(err, bookings.ErrWrongPIN) {
		t.Fatalf("count not cleared by success: %v", err)
	}
	if _, err := m.Get(ctx, "22222222", pin); !errors.Is(err, bookings.ErrNotFound) {
		t.Fatalf("unknown reference: %v", err)
	}
}

func testParallelWrongPINsAreAllCounted(t *testing.T, s Backend) {
	ctx := context.Background()
	m, _ := newManager(t, s, bookings.Config{})
	c, err := m.Book(ctx, req(at(monday, 900), "D-asylum"))
	if err != nil {
		t.Fatal(err)
	}
	var wrong atomic.Int64
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			_, err := m.Get(ctx, c.Booking.Ref, fmt.Sprintf("9%05d", i))
			if errors.Is(err, bookings.ErrWrongPIN) {
				wrong.Add(1)
			}
		})
	}
	wg.Wait()
	if wrong.Load() > 4 {
		t.Fatalf("%d guesses were checked before the lock, want at most 4", wrong.Load())
	}
}

func testMoveAndCancel(t *testing.T, s Backend) {
	ctx := context.Background()
	m, clk := newManager(t, s, bookings.Config{})
	c, err := m.Book(ctx, req(at(monday, 900), ""))
	if err != nil {
		t.Fatal(err)
	}
	ref, pin := c.Booking.Ref, c.PIN
	before := m.Changes(brussels, interview)
	if _, err := m.Move(ctx, ref, "999999x", at(monday, 1000)); !errors.Is(err, bookings.ErrWrongPIN) {
		t.Fatalf("move with a wrong PIN: %v", err)
	}
	// Fill 10:00 (2 desks), then a move there fails and changes nothing.
	for range 2 {
		if _, err := m.Book(ctx, req(at(monday, 1000), "")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.Move(ctx, ref, pin, at(monday, 1000)); !errors.Is(err, bookings.ErrSlotFull) {
		t.Fatalf("move to a full slot: %v", err)
	}
	if b, _ := m.Get(ctx, ref, pin); !b.Start.Equal(at(monday, 900)) || b.Sequence != 0 {
		t.Fatalf("failed move changed the booking: %+v", b)
	}
	if _, err := m.Move(ctx, ref, pin, at(monday, 945)); !errors.Is(err, bookings.ErrNotOnGrid) {
		t.Fatalf("move off grid: %v", err)
	}
	b, err := m.Move(ctx, ref, pin, at(monday, 1030))
	if err != nil {
		t.Fatal(err)
	}
	if !b.Start.Equal(at(monday, 1030)) || !b.End.Equal(at(monday, 1100)) || b.Sequence != 1 {
		t.Fatalf("moved: %+v", b)
	}
	if after := m.Changes(brussels, interview); after != before+3 { // two bookings and the move
		t.Fatalf("Changes went from %d to %d, want +3", before, after)
	}
	if activeIn(t, s, brussels, interview, at(monday, 900)) != 0 || activeIn(t, s, brussels, interview, at(monday, 1030)) != 1 {
		t.Fatal("move did not release the old slot or take the new one")
	}
	b, err = m.Cancel(ctx, ref, pin)
	if err != nil {
		t.Fatal(err)
	}
	if b.Status != bookings.StatusCancelled || b.Sequence != 2 || b.CancelledBy != "applicant" {
		t.Fatalf("cancelled: %+v", b)
	}
	if activeIn(t, s, brussels, interview, at(monday, 1030)) != 0 {
		t.Fatal("cancel did not free the slot")
	}
	if _, err := m.Cancel(ctx, ref, pin); !errors.Is(err, bookings.ErrCancelled) {
		t.Fatalf("second cancel: %v", err)
	}
	if _, err := m.Move(ctx, ref, pin, at(monday, 1100)); !errors.Is(err, bookings.ErrCancelled) {
		t.Fatalf("move a cancelled booking: %v", err)
	}
	// An appointment that has started cannot be moved or cancelled by the
	// applicant, but staff can cancel it.
	c2, err := m.Book(ctx, req(at(monday, 1100), ""))
	if err != nil {
		t.Fatal(err)
	}
	clk.t = at(monday, 1105)
	if _, err := m.Cancel(ctx, c2.Booking.Ref, c2.PIN); !errors.Is(err, bookings.ErrStarted) {
		t.Fatalf("cancel after the start: %v", err)
	}
	if _, err := m.Move(ctx, c2.Booking.Ref, c2.PIN, at(monday.AddDays(1), 900)); !errors.Is(err, bookings.ErrStarted) {
		t.Fatalf("move after the start: %v", err)
	}
	sb, err := m.StaffCancel(ctx, c2.Booking.Ref, "agent7")
	if err != nil || sb.CancelledBy != "staff:agent7" {
		t.Fatalf("staff cancel: %+v %v", sb, err)
	}
}

func testAvailability(t *testing.T, s Backend) {
	ctx := context.Background()
	m, clk := newManager(t, s, bookings.Config{})
	clk.t = time.Date(2026, 3, 30, 6, 10, 0, 0, time.UTC) // Monday, 08:10 CEST
	week := bookings.Date{Year: 2026, Month: 3, Day: 30}
	// Fill Tuesday entirely: 1 desk per address-help slot.
	tue := week.AddDays(1)
	for _, hhmm := range []int{900, 915, 930, 945, 1000, 1015, 1030, 1045, 1100, 1115, 1130, 1145, 1300, 1315, 1330, 1345, 1400, 1415, 1430, 1445, 1500, 1515, 1530, 1545} {
		r := bookings.Request{OfficeID: brussels, ServiceID: "address_notification_help", Procedure: "short_stay", Start: at(tue, hhmm)}
		if _, err := m.Book(ctx, r); err != nil {
			t.Fatalf("%d: %v", hhmm, err)
		}
	}
	days, err := m.Days(ctx, brussels, "address_notification_help", week, 8)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		reason, holiday string
		slots, free     int
	}{
		{"", "", 23, 23}, // Monday, from 09:15: an hour's notice after 08:10
		{"booking.day.full", "", 24, 0},
		{"", "", 24, 24}, {"", "", 24, 24}, {"", "", 24, 24},
		{"booking.day.closed", "", 0, 0}, {"booking.day.closed", "", 0, 0},
		{"booking.day.holiday", "booking.holiday.easter_monday", 0, 0},
	}
	for i, d := range days {
		free := 0
		for _, sl := range d.Slots {
			free += sl.Remaining
			if sl.Local.Location().String() != "Europe/Brussels" || !sl.Local.Equal(sl.Start) {
				t.Fatalf("slot local time %v", sl.Local)
			}
		}
		if d.Date != week.AddDays(i) || d.Reason != want[i].reason || d.Holiday != want[i].holiday || len(d.Slots) != want[i].slots || free != want[i].free {
			t.Errorf("day %d %s: reason %q holiday %q, %d slots %d free; want %+v", i, d.Date, d.Reason, d.Holiday, len(d.Slots), free, want[i])
		}
	}
	if first := days[0].Slots[0].Local.Format("15:04"); first != "09:15" {
		t.Errorf("first slot today %s, want 09:15", first)
	}
	days, _ = m.Days(ctx, brussels, "address_notification_help", week.AddDays(29), 1)
	if days[0].Reason != "booking.day.too_far" || len(days[0].Slots) != 0 {
		t.Errorf("beyond the horizon: %+v", days[0])
	}
	// The next free slots skip the full Tuesday.
	next, err := m.NextFree(ctx, brussels, "address_notification_help", at(tue, 0), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(next) != 3 || next[0].Local.Format("2006-01-02 15:04") != "2026-04-01 09:00" || next[2].Local.Format("15:04") != "09:30" {
		t.Errorf("next free: %+v", next)
	}
}

func testStaffQueries(t *testing.T, s Backend) {
	ctx := context.Background()
	m, clk := newManager(t, s, bookings.Config{})
	for i, hhmm := range []int{1000, 900, 1300} {
		r := req(at(monday, hhmm), "")
		r.Client = "198.51.100.7"
		if i == 2 {
			r.Client = "203.0.113.9"
		}
		if _, err := m.Book(ctx, r); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Second)
	}
	if _, err := m.Book(ctx, req(at(monday.AddDays(1), 900), "")); err != nil {
		t.Fatal(err)
	}
	day, err := m.DayBookings(ctx, brussels, monday)
	if err != nil {
		t.Fatal(err)
	}
	if len(day) != 3 || !day[0].Start.Equal(at(monday, 900)) || !day[2].Start.Equal(at(monday, 1300)) {
		t.Fatalf("day sheet: %+v", day)
	}
	created, err := m.BookingsCreated(ctx, brussels, time.Date(2026, 2, 27, 12, 0, 0, 0, time.UTC), time.Date(2026, 2, 27, 12, 0, 2, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 2 || created[0].Client == "" || created[0].Client != created[1].Client {
		t.Fatalf("created: %+v", created)
	}
	if c := created[0].Client; c == "198.51.100.7" || len(c) != 12 {
		t.Fatalf("client fingerprint %q", c)
	}
	if _, err := m.DayBookings(ctx, "nowhere", monday); !errors.Is(err, bookings.ErrUnknownOffice) {
		t.Fatalf("unknown office: %v", err)
	}
}

func testPurgeDeletesOldBookingsOnly(t *testing.T, s Backend) {
	ctx := context.Background()
	m, clk := newManager(t, s, bookings.Config{})
	var old []bookings.Confirmation
	for i, hhmm := range []int{900, 920, 940} {
		r := req(at(monday, hhmm), fmt.Sprint("D-asylum-", i))
		r.IdempotencyKey = fmt.Sprint("old-", i)
		c, err := m.Book(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		old = append(old, c)
	}
	if _, err := m.Get(ctx, old[0].Booking.Ref, "wrong!"); !errors.Is(err, bookings.ErrWrongPIN) {
		t.Fatal(err)
	}
	if _, err := m.Cancel(ctx, old[1].Booking.Ref, old[1].PIN); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Book(ctx, req(at(monday.AddDays(14), 900), "D-asylum-0")); !errors.Is(err, bookings.ErrAlreadyBooked) {
		t.Fatalf("dossier with an active booking booked again: %v", err)
	}
	clk.t = at(monday.AddDays(3), 1200)
	later, err := m.Book(ctx, req(at(monday.AddDays(14), 900), "D-asylum-0"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := m.Purge(ctx, 48*time.Hour)
	if err != nil || n != 3 {
		t.Fatalf("purged %d, %v; want 3", n, err)
	}
	for _, c := range old {
		if _, err := m.Booking(ctx, c.Booking.Ref); !errors.Is(err, bookings.ErrNotFound) {
			t.Errorf("%s survived: %v", c.Booking.Ref, err)
		}
	}
	if day, _ := m.DayBookings(ctx, brussels, monday); len(day) != 0 {
		t.Errorf("day sheet still lists %d", len(day))
	}
	if counts, _ := s.SlotCounts(ctx, brussels, documents, at(monday, 0), at(monday.AddDays(1), 0), nil); len(counts) != 0 {
		t.Errorf("slot counts left: %+v", counts)
	}
	if b, err := m.Get(ctx, later.Booking.Ref, later.PIN); err != nil || !b.Active() || activeIn(t, s, brussels, documents, b.Start) != 1 {
		t.Fatalf("future booking harmed: %+v %v", b, err)
	}
	if n, err := m.Purge(ctx, 48*time.Hour); n != 0 || err != nil {
		t.Fatalf("second purge: %d %v", n, err)
	}
	// The purged form token is forgotten too.
	r := req(at(monday.AddDays(7), 900), "D-asylum-1")
	r.IdempotencyKey = "old-0"
	if c, err := m.Book(ctx, r); err != nil || c.Replayed || c.Booking.Ref == old[0].Booking.Ref {
		t.Fatalf("token after purge: %+v %v", c, err)
	}
}

func testOfficesSaved(t *testing.T, s Backend) {
	ctx := context.Background()
	if _, ok, err := s.Offices(ctx); ok || err != nil {
		t.Fatalf("fresh store has offices: %v %v", ok, err)
	}
	offices := bookings.DemoOffices()
	offices[0].Services[0].Capacity = 5
	if err := s.SaveOffices(ctx, offices); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Offices(ctx)
	if !ok || err != nil || len(got) != 3 || got[0].Services[0].Capacity != 5 {
		t.Fatalf("saved offices: %v %v %+v", ok, err, got)
	}
	offices[0].Services[0].Capacity = 0
	if err := s.SaveOffices(ctx, offices); !errors.Is(err, bookings.ErrInvalidConfig) {
		t.Fatalf("invalid offices saved: %v", err)
	}
}
