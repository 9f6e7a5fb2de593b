package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/dossiers"
	"loket/server/mandates"
	"loket/server/notify"
	"loket/server/queue"
)

// race runs fn(i) for i in [0, n) at once and returns the errors by i.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

func ticket(i int) queue.Ticket {
	return queue.Ticket{ID: fmt.Sprintf("t%03d", i), TokenHash: []byte(fmt.Sprintf("token-%03d", i)), OfficeID: "o", ServiceID: "svc",
		Day: "2026-03-02", Kind: queue.KindWalkIn, Status: queue.StatusWaiting, Issued: time.Date(2026, 3, 2, 8, 0, i, 0, time.UTC)}
}

var ticketRule = queue.CreateRule{Limit: 10, Number: func(seq int) string { return fmt.Sprintf("A%03d", seq) }}

// testTicketNumbersUnderConcurrency: kiosks printing at once get numbers
// 1 to Limit, each once, and nobody past the limit.
func testTicketNumbersUnderConcurrency(t *testing.T, s Backend) {
	ctx := context.Background()
	got := make([]queue.Ticket, 30)
	errs := race(30, func(i int) error {
		var err error
		got[i], _, err = s.CreateTicket(ctx, ticket(i), ticketRule)
		return err
	})
	numbers := map[string]bool{}
	for i, err := range errs {
		switch {
		case err == nil:
			if numbers[got[i].Number] {
				t.Fatalf("number %s given twice", got[i].Number)
			}
			numbers[got[i].Number] = true
		case !errors.Is(err, queue.ErrLimitReached):
			t.Fatalf("ticket %d: %v", i, err)
		}
	}
	if len(numbers) != ticketRule.Limit || !numbers["A001"] || !numbers["A010"] {
		t.Fatalf("numbers given: %v", numbers)
	}
	day, err := s.DayTickets(ctx, "o", "2026-03-02")
	if err != nil || len(day) != ticketRule.Limit {
		t.Fatalf("the day holds %d tickets (%v)", len(day), err)
	}
}

// testArrivalCreatesOneTicket: a booking scanned at several kiosks at once
// gets one ticket.
func testArrivalCreatesOneTicket(t *testing.T, s Backend) {
	ctx := context.Background()
	rule := ticketRule
	rule.ArrivalKey = "booking-ABC"
	ids := make([]string, 12)
	created := make([]bool, 12)
	errs := race(12, func(i int) error {
		got, c, err := s.CreateTicket(ctx, ticket(i), rule)
		ids[i], created[i] = got.ID, c
		return err
	})
	n := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("scan %d: %v", i, err)
		}
		if ids[i] != ids[0] {
			t.Fatalf("scans got tickets %s and %s", ids[0], ids[i])
		}
		if created[i] {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d scans say they created the ticket", n)
	}
	if got, err := s.TicketByArrival(ctx, "booking-ABC"); err != nil || got.ID != ids[0] {
		t.Fatalf("by arrival: %v %v", got.ID, err)
	}
}

// testDesksNeverCallTheSameVisitor: desks calling at once each get a
// different visitor, and a desk finding nobody left is told so.
func testDesksNeverCallTheSameVisitor(t *testing.T, s Backend) {
	ctx := context.Background()
	for i := range 8 {
		if _, _, err := s.CreateTicket(ctx, ticket(i), ticketRule); err != nil {
			t.Fatal(err)
		}
	}
	first := func(w []queue.Ticket) int {
		if len(w) == 0 {
			return -1
		}
		best := 0
		for i := range w {
			if w[i].Issued.Before(w[best].Issued) {
				best = i
			}
		}
		return best
	}
	called := make([]queue.Ticket, 12)
	errs := race(12, func(i int) error {
		var err error
		called[i], err = s.CallNext(ctx, "o", "2026-03-02", first, func(t *queue.Ticket) {
			t.Status, t.Desk, t.CalledAt = queue.StatusCalled, fmt.Sprint("desk ", i), time.Date(2026, 3, 2, 9, 0, i, 0, time.UTC)
		})
		return err
	})
	seen := map[string]bool{}
	none := 0
	for i, err := range errs {
		switch {
		case errors.Is(err, queue.ErrNoneWaiting):
			none++
		case err != nil:
			t.Fatalf("desk %d: %v", i, err)
		case seen[called[i].ID]:
			t.Fatalf("ticket %s called by two desks", called[i].ID)
		default:
			seen[called[i].ID] = true
		}
	}
	if len(seen) != 8 || none != 4 {
		t.Fatalf("%d visitors called, %d desks found nobody; want 8 and 4", len(seen), none)
	}
	day, _ := s.DayTickets(ctx, "o", "2026-03-02")
	for _, tk := range day {
		if tk.Status != queue.StatusCalled {
			t.Fatalf("ticket %s is %s after every desk called", tk.ID, tk.Status)
		}
	}
}

// testKioskEnrolsOnce: an enrolment code used from two browsers at once
// enrols one of them.
func testKioskEnrolsOnce(t *testing.T, s Backend) {
	ctx := context.Background()
	k := queue.Kiosk{ID: "k1", OfficeID: "o", Name: "Hall", CodeHash: []byte("code-hash"), CodeExpires: time.Now().Add(time.Hour), Created: time.Now()}
	if err := s.CreateKiosk(ctx, k); err != nil {
		t.Fatal(err)
	}
	errs := race(6, func(i int) error {
		_, err := s.EnrolKiosk(ctx, []byte("code-hash"), func(k *queue.Kiosk) error {
			k.CodeHash, k.SecretHash, k.Enrolled = nil, []byte(fmt.Sprint("secret-", i)), time.Now()
			return nil
		})
		return err
	})
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, queue.ErrBadCode):
			t.Fatal(err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d browsers enrolled with one code", ok)
	}
	all, _ := s.Kiosks(ctx)
	if len(all) != 1 || len(all[0].SecretHash) == 0 {
		t.Fatalf("kiosks: %+v", all)
	}
	if got, err := s.KioskBySecret(ctx, all[0].SecretHash); err != nil || got.ID != "k1" {
		t.Fatalf("by secret: %v %v", got.ID, err)
	}
}

// testMandateCodeRedeemedOnce: two lawyers redeeming one code at once:
// one mandate.
func testMandateCodeRedeemedOnce(t *testing.T, s Backend) {
	if err := s.PutDossiers([]dossiers.Dossier{testDossier("10000001", "study", false, ev("received", "2026-01-01", false))}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	if err := s.CreateMandateCode(mandates.Code{Hash: []byte("h"), Dossier: "10000001", Created: now, Expires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	errs := race(8, func(i int) error {
		_, err := s.RedeemMandateCode([]byte("h"), now, mandates.Mandate{Lawyer: fmt.Sprint("a", i), Created: now})
		return err
	})
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, mandates.ErrCodeUsed):
			t.Fatal(err)
		}
	}
	if ms, _ := s.DossierMandates("10000001"); ok != 1 || len(ms) != 1 {
		t.Fatalf("%d redemptions succeeded, the dossier has %d mandates", ok, len(ms))
	}
}

// testOneAccountPerAddressUnderConcurrency: admins creating the same
// address at once make one account.
func testOneAccountPerAddressUnderConcurrency(t *testing.T, s Backend) {
	ctx := context.Background()
	errs := race(8, func(i int) error {
		_, err := s.CreateAccount(ctx, accounts.Account{Email: "same@loket.test", Role: accounts.RoleAdmin})
		return err
	})
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, accounts.ErrDuplicate):
			t.Fatal(err)
		}
	}
	if all, _ := s.Accounts(ctx); ok != 1 || len(all) != 1 {
		t.Fatalf("%d creations succeeded, %d accounts stored", ok, len(all))
	}
}

// testSubscriptionLimitUnderConcurrency: browsers subscribing at once
// stop at notify.MaxPerSubject.
func testSubscriptionLimitUnderConcurrency(t *testing.T, s Backend) {
	ctx := context.Background()
	if err := s.PutDossiers([]dossiers.Dossier{testDossier("10000002", "study", false, ev("received", "2026-01-01", false))}); err != nil {
		t.Fatal(err)
	}
	subject := notify.Subject{Kind: notify.KindDossier, ID: "10000002"}
	errs := race(notify.MaxPerSubject+6, func(int) error { return s.Subscribe(ctx, pushSub(subject)) })
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, notify.ErrTooMany):
			t.Fatal(err)
		}
	}
	if subs, _ := s.Subscriptions(ctx, subject); ok != notify.MaxPerSubject || len(subs) != ok {
		t.Fatalf("%d subscriptions accepted, %d stored; want %d", ok, len(subs), notify.MaxPerSubject)
	}
}

// testLookupFailuresCountedAcrossWriters: wrong answers given at once are
// all counted.
func testLookupFailuresCountedAcrossWriters(t *testing.T, s Backend) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, err := range race(25, func(int) error { return s.RecordLookupFailure("99999999", now, time.Hour) }) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, n, _, err := s.LookupDossier("99999999", now.Add(-time.Minute)); err != nil || n != 25 {
		t.Fatalf("%d failures counted (%v), want 25", n, err)
	}
}

// testConcurrentLookupsGetTheirOwnAnswers: lookups asked at once (which a
// store may read together) each get their own dossier and failure count,
// and nothing for a number without a dossier, also when two ask the same
// number with different windows.
func testConcurrentLookupsGetTheirOwnAnswers(t *testing.T, s Backend) {
	const n = 40
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var stored []dossiers.Dossier
	for i := 0; i < n; i += 2 { // even numbers have a dossier, odd ones none
		stored = append(stored, testDossier(fmt.Sprintf("%08d", 20000000+i), "study", true,
			ev("received", fmt.Sprintf("2026-01-%02d", 1+i/2), false)))
	}
	if err := s.PutDossiers(stored); err != nil {
		t.Fatal(err)
	}
	// Number i has i%4 failures, the last one i minutes ago.
	for i := range n {
		for f := range i % 4 {
			if err := s.RecordLookupFailure(fmt.Sprintf("%08d", 20000000+i), now.Add(time.Duration(f-i)*time.Minute), 24*time.Hour); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Each number is asked twice at once: counting the whole window, and
	// from a minute after its window started (no failures).
	errs := race(4*n, func(k int) error {
		i, late := k%n, k/n%2 == 1
		number := fmt.Sprintf("%08d", 20000000+i)
		since, want := now.Add(-24*time.Hour), i%4
		if late {
			since, want = now.Add(time.Duration(1-i)*time.Minute), 0
		}
		d, failures, found, err := s.LookupDossier(number, since)
		switch {
		case err != nil:
			return err
		case found != (i%2 == 0):
			return fmt.Errorf("%s: found %v", number, found)
		case found && (d.Number != number || d.Received != fmt.Sprintf("2026-01-%02d", 1+i/2)):
			return fmt.Errorf("%s: got dossier %s received %s", number, d.Number, d.Received)
		case failures != want:
			return fmt.Errorf("%s since %s: %d failures, want %d", number, since.Format(time.TimeOnly), failures, want)
		}
		return nil
	})
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// testTicketHistoryKept: a desk's steps, with the staff account, are kept
// with the ticket and read back as written.
func testTicketHistoryKept(t *testing.T, s Backend) {
	ctx := context.Background()
	created, _, err := s.CreateTicket(ctx, ticket(1), ticketRule)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 8, 5, 0, 0, time.UTC)
	step := queue.Step{At: at, Action: queue.StepTransferred, Desk: "3", By: "a7", Service: "other"}
	if _, err := s.UpdateTicket(ctx, created.ID, func(t *queue.Ticket) error {
		t.CalledBy, t.History = "a7", append(t.History, step)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Ticket(ctx, created.ID)
	if err != nil || got.CalledBy != "a7" || len(got.History) != 1 {
		t.Fatalf("ticket read back: %+v %v", got, err)
	}
	if h := got.History[0]; !h.At.Equal(at) || h.Action != step.Action || h.Desk != "3" || h.By != "a7" || h.Service != "other" {
		t.Errorf("ticket read back: %+v %v", got, err)
	}
}
