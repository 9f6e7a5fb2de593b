package storetest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
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
	m, slots := benchBooking(b, s, 48*time.Hour)
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

// pairs times two kinds of one write alternately in the same store, so
// that both see the same machine: on a shared machine the load drifts more
// between runs than the outbox costs. It reports each one's median (a
// few fsyncs held up by other work would sway a mean) and the second's
// overhead over the first.
type pairs struct {
	plain, outbox []time.Duration
}

func (p *pairs) time(outbox bool, fn func()) {
	start := time.Now()
	fn()
	if outbox {
		p.outbox = append(p.outbox, time.Since(start))
	} else {
		p.plain = append(p.plain, time.Since(start))
	}
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func (p *pairs) report(b *testing.B, plain, outbox string) {
	mp, mo := median(p.plain), median(p.outbox)
	b.ReportMetric(float64(mp.Microseconds()), "µs/"+plain)
	b.ReportMetric(float64(mo.Microseconds()), "µs/"+outbox)
	b.ReportMetric(100*(float64(mo)/float64(mp)-1), "%overhead")
}

// benchStatusEventPaired appends status events to a followed and an
// unfollowed dossier in turn (which goes first alternates), with a worker
// keeping up off the clock.
func benchStatusEventPaired(b *testing.B, s Backend) {
	var ds []dossiers.Dossier
	for _, n := range []string{"12345678", "12345679"} {
		ds = append(ds, dossiers.Dossier{Number: n, Procedure: "asylum", Status: "registered", Received: "2026-01-05",
			Events: []dossiers.Event{{ID: "e0", Code: "registered", Date: "2026-01-05"}}, BirthHash: []byte{1}})
	}
	if err := s.PutDossiers(ds); err != nil {
		b.Fatal(err)
	}
	if err := s.Subscribe(context.Background(), pushSub(notify.Subject{Kind: notify.KindDossier, ID: ds[1].Number})); err != nil {
		b.Fatal(err)
	}
	var p pairs
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range 2 {
			followed := (i+k)%2 == 1
			d := ds[map[bool]int{false: 0, true: 1}[followed]]
			p.time(followed, func() {
				if _, err := s.UpdateDossier(d.Number, func(d *dossiers.Dossier) error {
					d.Events = append(d.Events[:1], dossiers.Event{ID: fmt.Sprint("e", i+1), Code: "interview", Date: "2026-06-10"})
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			})
		}
		b.StopTimer()
		drain(b, s)
		b.StartTimer()
	}
	p.report(b, "unfollowed", "followed")
}

// benchBookPaired books one at a time, without and with an e-mail address
// in turn (which goes first alternates), with a worker keeping up off the
// clock: the latency of one booking.
func benchBookPaired(b *testing.B, s Backend) {
	m, slots := benchBooking(b, s, 48*time.Hour)
	var p pairs
	next := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range 2 {
			email := (i+k)%2 == 1
			r := bookings.Request{OfficeID: "bench", ServiceID: "svc", Start: slots[next%len(slots)].Start, Lang: "nl", IdempotencyKey: fmt.Sprint("k", next)}
			if email {
				r.Email = "p@example.org"
			}
			next++
			p.time(email, func() {
				if _, err := m.Book(context.Background(), r); err != nil && !errors.Is(err, bookings.ErrSlotFull) {
					b.Fatal(err)
				}
			})
		}
		b.StopTimer()
		drain(b, s)
		b.StartTimer()
	}
	p.report(b, "booking", "with-email")
}
