package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/server/address"
	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/notify"
	"loket/server/queue"
)

// Purging a booking, a ticket or an address notification deletes its
// subscriptions (and the addresses in them) and drops their queued
// messages in the purge's transaction; followers of what stays are kept.
func testPurgeForgetsFollowers(t *testing.T, s Backend) {
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
	ticket := pushSub(notify.Subject{Kind: notify.KindTicket, ID: "t1"})
	ticket.Created = old
	if err := s.Subscribe(ctx, ticket); err != nil {
		t.Fatal(err)
	}
	n := address.Notification{Ref: "AD23456789", Municipality: "21004", Created: old, DepartureDate: "2026-01-10", Email: "a@example.org", Lang: "fr"}
	if err := s.CreateAddressNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	// A dossier's follower has nothing to do with the purges.
	if err := s.PutDossiers([]dossiers.Dossier{{Number: "12345678", Procedure: "asylum", Status: "registered", Received: "2026-01-05",
		BirthHash: []byte{1}}}); err != nil {
		t.Fatal(err)
	}
	kept := pushSub(notify.Subject{Kind: notify.KindDossier, ID: "12345678"})
	if err := s.Subscribe(ctx, kept); err != nil {
		t.Fatal(err)
	}
	before, err := s.OutboxStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Subscriptions["booking/email"] != 1 || before.Subscriptions["ticket/push"] != 1 || before.Subscriptions["address/email"] != 1 ||
		before.Messages[notify.StateQueued] == 0 {
		t.Fatalf("before: %v, %v", before.Subscriptions, before.Messages)
	}
	if n, err := s.PurgeBookings(ctx, old.Add(time.Hour), 10); err != nil || n != 1 {
		t.Fatalf("purge bookings: %d %v", n, err)
	}
	if n, err := s.PurgeTickets(ctx, "2026-01-06", 10); err != nil || n != 1 {
		t.Fatalf("purge tickets: %d %v", n, err)
	}
	if n, err := s.PurgeAddressNotifications(ctx, "2026-01-11"); err != nil || n != 1 {
		t.Fatalf("purge address notifications: %d %v", n, err)
	}
	after, err := s.OutboxStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Subscriptions) != 1 || after.Subscriptions["dossier/push"] != 1 || after.Messages[notify.StateQueued] != 0 {
		t.Fatalf("after the purges: %v, %v", after.Subscriptions, after.Messages)
	}
	if _, err := s.Subscription(ctx, ticket.ID); !errors.Is(err, notify.ErrNotFound) {
		t.Fatalf("purged ticket's subscription: %v", err)
	}
	if _, err := s.Subscription(ctx, kept.ID); err != nil {
		t.Fatalf("the dossier's follower went with the purges: %v", err)
	}
	for _, subject := range []notify.Subject{{Kind: notify.KindBooking, ID: "OLDB0001"}, {Kind: notify.KindAddress, ID: "AD23456789"}} {
		if subs, err := s.Subscriptions(ctx, subject); err != nil || len(subs) != 0 {
			t.Fatalf("%s still followed: %v %v", subject, subs, err)
		}
	}
}
