package storetest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/notify"
)

// The outbox's cost on the writes that feed it. Each runs with and
// without a follower: without one the hook only looks for subscriptions;
// with one it also writes the messages (see README, Notifications).

// benchBookWithEmail books with an e-mail address from 64 goroutines: since
// the outbox, each booking also stores the address's subscription, the
// confirmation and the reminder.
func benchBookWithEmail(b *testing.B, s Backend) {
	clk := &fakeClock{t: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	m, err := bookings.New(bookings.Config{Secret: []byte("bench-secret-bench-secret-bench-secret"), Now: clk.Now}, s, nil, benchOffice())
	if err != nil {
		b.Fatal(err)
	}
	slots, err := m.NextFree(context.Background(), "bench", "svc", clk.t.Add(48*time.Hour), 100_000)
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	b.SetParallelism(max(64/runtime.GOMAXPROCS(0), 1))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			r := bookings.Request{OfficeID: "bench", ServiceID: "svc", Start: slots[int(i)%len(slots)].Start, Email: "p@example.org", Lang: "nl",
				IdempotencyKey: fmt.Sprint("k", i)}
			if _, err := m.Book(context.Background(), r); err != nil && !errors.Is(err, bookings.ErrSlotFull) {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bookings/s")
}

// drain delivers every due message at once, as a worker that keeps up
// does: the outbox stays in its steady state.
func drain(b *testing.B, s Backend) {
	ctx := context.Background()
	now := time.Now().Add(48 * time.Hour) // past any quiet hours
	for {
		ds, err := s.ClaimDue(ctx, now, time.Minute, 100)
		if err != nil || len(ds) == 0 {
			if err != nil {
				b.Fatal(err)
			}
			return
		}
		rs := make([]notify.Result, len(ds))
		for i, d := range ds {
			rs[i] = notify.Result{ID: d.Message.ID, Outcome: notify.OutcomeSent, At: now}
		}
		if err := s.Settle(ctx, rs); err != nil {
			b.Fatal(err)
		}
	}
}

// benchStatusEvent appends status events to one dossier, one write
// transaction each, as the back office's event API does; followed or not.
// With drained, a worker delivers each message off the clock, so what is
// timed is the event's own transaction with the outbox as a worker that
// keeps up leaves it; without, messages pile up as if no worker ran.
func benchStatusEvent(followed, drained bool) func(b *testing.B, s Backend) {
	return func(b *testing.B, s Backend) {
		d := dossiers.Dossier{Number: "12345678", Procedure: "asylum", Status: "registered", Received: "2026-01-05",
			Events: []dossiers.Event{{ID: "e0", Code: "registered", Date: "2026-01-05"}}, BirthHash: []byte{1}}
		if err := s.PutDossiers([]dossiers.Dossier{d}); err != nil {
			b.Fatal(err)
		}
		if followed {
			if err := s.Subscribe(context.Background(), pushSub(notify.Subject{Kind: notify.KindDossier, ID: d.Number})); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, err := s.UpdateDossier(d.Number, func(d *dossiers.Dossier) error {
				// A dossier keeps a bounded history: replace the last event.
				d.Events = append(d.Events[:1], dossiers.Event{ID: fmt.Sprint("e", i+1), Code: "interview", Date: "2026-06-10"})
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			if drained {
				b.StopTimer()
				drain(b, s)
				b.StartTimer()
			}
		}
	}
}
