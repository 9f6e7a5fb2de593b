package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/notify"
)

// testCloseDay: an office closing a day it took bookings for marks that
// day's active bookings and tells their followers at once (even in quiet
// hours), stores the closure with them, tells nobody twice, and leaves the
// holders a booking they can move to another day.
func testCloseDay(t *testing.T, b Backend) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 21, 30, 0, 0, time.UTC)} // 22:30 in Brussels: quiet hours
	m := outboxManager(t, b, clk)
	day := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	book := func(start time.Time, email string) bookings.Confirmation {
		t.Helper()
		c, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: start, Email: email, Lang: "nl"})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	followed := book(day, "holder@example.org")
	cancelled := book(day.Add(15*time.Minute), "gone@example.org")
	if _, err := m.Cancel(ctx, cancelled.Booking.Ref, cancelled.PIN); err != nil {
		t.Fatal(err)
	}
	silent := book(day.Add(30*time.Minute), "")
	nextDay := book(day.AddDate(0, 0, 1), "next@example.org")
	push := pushSub(notify.BookingSubject(followed.Booking.Ref))
	if err := b.Subscribe(ctx, push); err != nil {
		t.Fatal(err)
	}
	date := bookings.Date{Year: 2026, Month: 3, Day: 4}

	marked, err := m.CloseDay(ctx, "contract", date, "strike")
	if err != nil || len(marked) != 2 {
		t.Fatalf("close: marked %d, %v; want the 2 active bookings of the day", len(marked), err)
	}
	for _, ref := range []bookings.Reference{followed.Booking.Ref, silent.Booking.Ref} {
		got, err := b.Booking(ctx, ref)
		if err != nil || !got.DayClosed || !got.Active() {
			t.Fatalf("%s after the closure: %+v %v", ref, got, err)
		}
	}
	for _, ref := range []bookings.Reference{cancelled.Booking.Ref, nextDay.Booking.Ref} {
		if got, _ := b.Booking(ctx, ref); got.DayClosed {
			t.Fatalf("%s is marked, but is cancelled or on another day", ref)
		}
	}
	notices := func(ref bookings.Reference) []notify.Message {
		var out []notify.Message
		for _, msg := range messagesOf(t, b, notify.BookingSubject(ref)) {
			if msg.Event == notify.EventOfficeNotice {
				out = append(out, msg)
			}
		}
		return out
	}
	got := notices(followed.Booking.Ref)
	if len(got) != 2 {
		t.Fatalf("the holder's e-mail and push got %d notices", len(got))
	}
	for _, msg := range got {
		if !msg.Urgent || !msg.Due.Equal(clk.Now()) || msg.State != notify.StateQueued {
			t.Errorf("notice waits or is not queued: %+v", msg)
		}
		if msg.Channel == notify.ChannelEmail && msg.Data["ref"] != string(followed.Booking.Ref) {
			t.Errorf("the e-mail cannot name the booking: %v", msg.Data)
		}
	}
	if n := len(notices(cancelled.Booking.Ref)) + len(notices(nextDay.Booking.Ref)); n != 0 {
		t.Fatalf("%d notices to bookings the closure does not touch", n)
	}

	// The closure is stored with the marks, and nobody books the day again.
	offices, ok, err := b.Offices(ctx)
	if err != nil || !ok || len(offices) != 1 || len(offices[0].Closures) != 1 || offices[0].Closures[0].From != date {
		t.Fatalf("stored offices: %+v %v %v", offices, ok, err)
	}
	if _, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: day.Add(time.Hour)}); !errors.Is(err, bookings.ErrClosed) {
		t.Fatalf("booking the closed day: %v", err)
	}

	// Closing it again marks and tells nobody.
	if again, err := m.CloseDay(ctx, "contract", date, "strike"); err != nil || len(again) != 0 || len(notices(followed.Booking.Ref)) != 2 {
		t.Fatalf("second close: %d marked, %v", len(again), err)
	}
	// The holder moves with the booking code and PIN alone.
	moved, err := m.Move(ctx, followed.Booking.Ref, followed.PIN, day.AddDate(0, 0, 2))
	if err != nil || moved.DayClosed || !moved.Start.Equal(day.AddDate(0, 0, 2)) {
		t.Fatalf("move off the closed day: %+v %v", moved, err)
	}
	if _, err := m.CloseDay(ctx, "contract", bookings.Date{Year: 2026, Month: 3, Day: 1}, ""); !errors.Is(err, bookings.ErrInPast) {
		t.Fatalf("closing yesterday: %v", err)
	}
	if _, err := m.CloseDay(ctx, "nowhere", date, ""); !errors.Is(err, bookings.ErrUnknownOffice) {
		t.Fatalf("closing an unknown office: %v", err)
	}
}

// testClosePartOfADay: closing part of a day (an outage from 10:00 to
// 11:00) marks only the active bookings running into it and stores the
// closure with them in one transaction; the rest of the day stays
// bookable. A closure that told people cannot be lifted; one that told
// nobody can, and the stored offices lose it.
func testClosePartOfADay(t *testing.T, b Backend) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	m := outboxManager(t, b, clk)
	at := func(h, min int) time.Time { return time.Date(2026, 3, 4, h, min, 0, 0, time.UTC) }
	var refs []bookings.Reference
	for _, start := range []time.Time{at(9, 45), at(10, 0), at(10, 45), at(11, 0)} {
		c, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: start, Email: "p@example.org", Lang: "nl"})
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, c.Booking.Ref)
	}
	date := bookings.Date{Year: 2026, Month: 3, Day: 4}
	outage := bookings.Closure{From: date, To: date, Start: 10 * 60, End: 11 * 60, Reason: "outage"}
	affected, err := m.Affected(ctx, "contract", outage)
	if err != nil || len(affected) != 2 || affected[0].Ref != refs[1] || affected[1].Ref != refs[2] {
		t.Fatalf("affected: %+v %v", affected, err)
	}
	marked, err := m.Close(ctx, "contract", outage)
	if err != nil || len(marked) != 2 {
		t.Fatalf("close 10:00-11:00: %d marked, %v", len(marked), err)
	}
	for i, ref := range refs {
		got, err := b.Booking(ctx, ref)
		if err != nil || got.DayClosed != (i == 1 || i == 2) {
			t.Errorf("booking at %d after the outage: marked %v, %v", i, got.DayClosed, err)
		}
	}
	offices, _, err := b.Offices(ctx)
	if err != nil || len(offices[0].Closures) != 1 || offices[0].Closures[0] != outage {
		t.Fatalf("stored closures: %+v %v", offices, err)
	}
	if _, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: at(10, 30)}); !errors.Is(err, bookings.ErrNotOnGrid) {
		t.Fatalf("booking inside the outage: %v", err)
	}
	if _, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: at(11, 15)}); err != nil {
		t.Fatalf("booking after the outage: %v", err)
	}
	if err := m.Reopen(ctx, "contract", outage); !errors.Is(err, bookings.ErrClosureTold) {
		t.Fatalf("lifting a closure that told people: %v", err)
	}
	quiet := bookings.Closure{From: date, To: date, Start: 15 * 60, End: 16 * 60}
	if n, err := m.Close(ctx, "contract", quiet); err != nil || len(n) != 0 {
		t.Fatalf("closing an empty hour: %d, %v", len(n), err)
	}
	if err := m.Reopen(ctx, "contract", quiet); err != nil {
		t.Fatalf("lifting a closure that told nobody: %v", err)
	}
	if offices, _, _ = b.Offices(ctx); len(offices[0].Closures) != 1 {
		t.Fatalf("stored closures after lifting one: %+v", offices[0].Closures)
	}
	if err := m.Reopen(ctx, "contract", quiet); !errors.Is(err, bookings.ErrNoClosure) {
		t.Fatalf("lifting it twice: %v", err)
	}
	// A closure that begins during an appointment (12:05, the 12:00 one
	// runs until 12:15) closes it too; the one that ends as it begins does not.
	var noon []bookings.Reference
	for _, start := range []time.Time{at(11, 45), at(12, 0)} {
		c, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: start, Email: "p@example.org", Lang: "nl"})
		if err != nil {
			t.Fatal(err)
		}
		noon = append(noon, c.Booking.Ref)
	}
	lunch := bookings.Closure{From: date, To: date, Start: 12*60 + 5, End: 13 * 60, Reason: "outage"}
	if affected, err := m.Affected(ctx, "contract", lunch); err != nil || len(affected) != 1 || affected[0].Ref != noon[1] {
		t.Fatalf("affected by a closure beginning at 12:05: %+v %v", affected, err)
	}
	if marked, err := m.Close(ctx, "contract", lunch); err != nil || len(marked) != 1 || marked[0].Ref != noon[1] {
		t.Fatalf("close 12:05-13:00: %+v, %v", marked, err)
	}
	if got, err := b.Booking(ctx, noon[0]); err != nil || got.DayClosed {
		t.Errorf("the 11:45 booking, over when the closure begins, was marked: %v", err)
	}
	if err := m.Reopen(ctx, "contract", lunch); !errors.Is(err, bookings.ErrClosureTold) {
		t.Fatalf("lifting a closure that told the 12:00 booking: %v", err)
	}
	clk.t = at(10, 30)
	if err := m.Reopen(ctx, "contract", outage); !errors.Is(err, bookings.ErrClosureEnded) {
		t.Fatalf("lifting a closure that began: %v", err)
	}
}

// testOfficeEditsKeepEachOther: two instances on one store (two managers)
// change the same office one after the other, the second before it heard
// of the first: both changes are kept, and the second sees the first's
// value as the "before" it records.
func testOfficeEditsKeepEachOther(t *testing.T, b Backend) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	one, other := outboxManager(t, b, clk), outboxManager(t, b, clk)
	if _, _, err := one.UpdateOffice(ctx, "contract", func(o *bookings.Office) error {
		o.Hours["mon"] = []bookings.Period{{From: 8 * 60, To: 12 * 60}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	before, after, err := other.UpdateOffice(ctx, "contract", func(o *bookings.Office) error {
		o.SilentCalls = true
		return nil
	})
	if err != nil || bookings.FormatPeriods(before.Hours["mon"]) != "08:00-12:00" || !after.SilentCalls {
		t.Fatalf("second edit: before %v, after silent %v, %v", before.Hours["mon"], after.SilentCalls, err)
	}
	saved, ok, err := b.Offices(ctx)
	if err != nil || !ok || bookings.FormatPeriods(saved[0].Hours["mon"]) != "08:00-12:00" || !saved[0].SilentCalls {
		t.Fatalf("stored: %+v %v %v", saved, ok, err)
	}
	if _, _, err := one.UpdateOffice(ctx, "contract", func(o *bookings.Office) error {
		o.Hours["tue"] = []bookings.Period{{From: 12 * 60, To: 9 * 60}}
		return nil
	}); !errors.Is(err, bookings.ErrInvalidConfig) {
		t.Fatalf("invalid hours: %v", err)
	}
	if saved, _, _ = b.Offices(ctx); len(saved[0].Hours["tue"]) != 1 || saved[0].Hours["tue"][0].From != 9*60 {
		t.Fatalf("a refused edit was stored: %+v", saved[0].Hours["tue"])
	}
}
