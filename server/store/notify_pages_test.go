package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/notify"
)

// With fsync on, a write transaction costs about what it writes: a status
// event on a followed dossier writes no page more than on an unfollowed
// one, as long as the worker keeps up (the change's transaction appends
// one record to the small changes bucket; the worker fans it out in its
// own transaction). The four outbox indexes once made it 16 pages against
// 4, and the messages bucket 5. Pages are counted, not timed, so the test
// holds on any machine.
func TestFollowedStatusEventWritesNoPageMore(t *testing.T) {
	pages := func(followed bool) float64 {
		s := openTemp(t)
		ctx := context.Background()
		d := dossiers.Dossier{Number: "12345678", Procedure: "asylum", Status: "registered", Received: "2026-01-05",
			Events: []dossiers.Event{{ID: "e0", Code: "registered", Date: "2026-01-05"}}, BirthHash: []byte{1}}
		if err := s.PutDossiers([]dossiers.Dossier{d}); err != nil {
			t.Fatal(err)
		}
		if followed {
			sub := notify.Subscription{ID: notify.NewID(), Subject: notify.Subject{Kind: notify.KindDossier, ID: d.Number},
				Channel: notify.ChannelPush, Lang: "ti", Created: time.Now(),
				Push: &notify.PushTarget{Endpoint: "https://push.example.org/x", P256dh: make([]byte, 65), Auth: make([]byte, 16)}}
			if err := s.Subscribe(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
		const warm, n = 300, 300
		var written int64
		for i := range warm + n {
			before := s.db.Stats()
			if _, err := s.UpdateDossier(d.Number, func(d *dossiers.Dossier) error {
				d.Events = append(d.Events[:1], dossiers.Event{ID: fmt.Sprint("e", i+1), Code: "interview", Date: "2026-06-10"})
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			after := s.db.Stats()
			if i >= warm {
				written += after.TxStats.GetWrite() - before.TxStats.GetWrite()
			}
			// The worker: claims (indexing what waits) and settles.
			now := time.Now().Add(48 * time.Hour)
			ds, err := s.ClaimDue(ctx, now, time.Minute, 100)
			if err != nil || len(ds) != map[bool]int{false: 0, true: 1}[followed] {
				t.Fatalf("event %d: claimed %d (%v)", i, len(ds), err)
			}
			for _, d := range ds {
				if err := s.Settle(ctx, []notify.Result{{ID: d.Message.ID, Outcome: notify.OutcomeSent, At: now}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		return float64(written) / n
	}
	plain, followed := pages(false), pages(true)
	t.Logf("pages written per status event: %.2f unfollowed, %.2f followed", plain, followed)
	if followed > plain {
		t.Fatalf("a followed status event writes %.2f pages, an unfollowed one %.2f", followed, plain)
	}
}

// TestBookingWithEmailWritesNoPageMore: a booking with an e-mail address
// writes no page more than one without, as long as the worker keeps up:
// its transaction records the confirmation with the address (one record,
// under the next sequence number); the subscription, under its random id,
// and the message are written by the worker. Written in the booking's
// transaction, they made it 20 pages against 15. A page split now and then
// may fall on either side, hence the tenth of a page.
func TestBookingWithEmailWritesNoPageMore(t *testing.T) {
	pages := func(email string) float64 {
		s := openTemp(t)
		ctx := context.Background()
		start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		all := []bookings.Period{{From: 0, To: 24 * 60}}
		hours := map[string][]bookings.Period{}
		for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
			hours[d] = all
		}
		m, err := bookings.New(bookings.Config{Secret: []byte("pages-secret-pages-secret-pages-secret"), Now: func() time.Time { return start }}, s, nil,
			[]bookings.Office{{ID: "o", Name: "O", Address: "A 1", Languages: []string{"nl"}, Hours: hours,
				Services: []bookings.Service{{ID: "svc", DurationMinutes: 5, Capacity: 1, HorizonDays: 30}}}})
		if err != nil {
			t.Fatal(err)
		}
		const warm, n = 200, 200
		var written int64
		for i := range warm + n {
			before := s.db.Stats()
			if _, err := m.Book(ctx, bookings.Request{OfficeID: "o", ServiceID: "svc", Start: start.Add(time.Duration(i+12*24) * 5 * time.Minute),
				Email: email, Lang: "nl", IdempotencyKey: fmt.Sprint("k", i)}); err != nil {
				t.Fatal(err)
			}
			after := s.db.Stats()
			if i >= warm {
				written += after.TxStats.GetWrite() - before.TxStats.GetWrite()
			}
			now := start.Add(time.Minute)
			ds, err := s.ClaimDue(ctx, now, time.Minute, 100)
			if err != nil || len(ds) != map[bool]int{false: 0, true: 1}[email != ""] {
				t.Fatalf("booking %d: claimed %d (%v)", i, len(ds), err)
			}
			for _, d := range ds {
				if err := s.Settle(ctx, []notify.Result{{ID: d.Message.ID, Outcome: notify.OutcomeSent, At: now}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		return float64(written) / n
	}
	plain, withEmail := pages(""), pages("p@example.org")
	t.Logf("pages written per booking: %.3f without an address, %.3f with one", plain, withEmail)
	if withEmail > plain+0.1 {
		t.Fatalf("a booking with an address writes %.3f pages, one without %.3f", withEmail, plain)
	}
}
