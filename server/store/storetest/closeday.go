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
