package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/server/address"
	"loket/server/bookings"
	"loket/server/notify"
	"loket/server/queue"
)

// Purging a booking, a ticket or an address notification deletes its
// subscriptions (and their addresses) in the same transaction.
func TestPurgeForgetsFollowers(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	old := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	b := bookings.Booking{ID: "b1", Ref: "OLDB0001", OfficeID: "o", ServiceID: "svc", Start: old, End: old.Add(15 * time.Minute),
		Status: bookings.StatusBooked, Email: "gone@example.org", Lang: "en", CreatedAt: old.Add(-48 * time.Hour)}
	if _, err := s.CreateBooking(ctx, b, bookings.CreateRule{Capacity: 1, Now: old.Add(-48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateTicket(ctx, queue.Ticket{ID: "t1", TokenHash: []byte{1}, OfficeID: "o", ServiceID: "svc", Day: "2026-01-05",
		Status: queue.StatusWaiting, Issued: old}, queue.CreateRule{Limit: 5, Number: func(int) string { return "A001" }}); err != nil {
		t.Fatal(err)
	}
	ticket := notify.Subject{Kind: notify.KindTicket, ID: "t1"}
	push := notify.Subscription{ID: notify.NewID(), Subject: ticket, Channel: notify.ChannelPush, Lang: "en", Created: old,
		Push: &notify.PushTarget{Endpoint: "https://push.example.org/x", P256dh: make([]byte, 65), Auth: make([]byte, 16)}}
	if err := s.Subscribe(ctx, push); err != nil {
		t.Fatal(err)
	}
	n := address.Notification{Ref: "AD23456789", Municipality: "21004", Created: old, DepartureDate: "2026-01-10", Email: "a@example.org", Lang: "fr"}
	if err := s.CreateAddressNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	before, _ := s.OutboxStats(ctx)
	if before.Subscriptions["booking/email"] != 1 || before.Subscriptions["ticket/push"] != 1 || before.Subscriptions["address/email"] != 1 {
		t.Fatalf("before: %v", before.Subscriptions)
	}
	if n, err := s.PurgeBookings(ctx, old.Add(time.Hour), 10); err != nil || n != 1 {
		t.Fatalf("purge bookings: %d %v", n, err)
	}
	if n, err := s.PurgeTickets(ctx, "2026-01-06", 10); err != nil || n != 1 {
		t.Fatalf("purge tickets: %d %v", n, err)
	}
	if _, err := s.PurgeAddressNotifications(ctx, "2026-01-11"); err != nil {
		t.Fatal(err)
	}
	after, _ := s.OutboxStats(ctx)
	if len(after.Subscriptions) != 0 || after.Messages[notify.StateQueued] != 0 {
		t.Fatalf("after the purges: %v, %v", after.Subscriptions, after.Messages)
	}
	if _, err := s.Subscription(ctx, push.ID); !errors.Is(err, notify.ErrNotFound) {
		t.Fatalf("ticket subscription: %v", err)
	}
}
