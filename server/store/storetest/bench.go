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
)

// Bench runs the store benchmarks; open must return a fresh, empty
// backend (durable or not, as the caller wants to measure).
func Bench(b *testing.B, open func(b *testing.B) Backend) {
	for _, bm := range []struct {
		name string
		fn   func(b *testing.B, s Backend)
	}{
		{"LookupDossier", benchLookupDossier},
		{"BookParallel", benchBookParallel},
		{"Days", benchDays},
		{"BookWithEmail", benchBookWithEmail},
		{"StatusEvent/followed=false", benchStatusEvent(false, true)},
		{"StatusEvent/followed=true", benchStatusEvent(true, true)},
		{"StatusEvent/followed=true/undelivered", benchStatusEvent(true, false)},
		{"StatusEventPaired", benchStatusEventPaired},
		{"BookPaired", benchBookPaired},
	} {
		b.Run(bm.name, func(b *testing.B) { bm.fn(b, open(b)) })
	}
}

// benchLookupDossier is the store's share of a status lookup: one read
// over 100,000 dossiers.
func benchLookupDossier(b *testing.B, s Backend) {
	const n = 100000
	batch := make([]dossiers.Dossier, 0, 10000)
	for i := range n {
		batch = append(batch, testDossier(fmt.Sprintf("%08d", 10000000+i), "asylum", true,
			ev("received", "2026-01-01", false), ev("examination", "2026-02-01", false)))
		if len(batch) == cap(batch) {
			if err := s.PutDossiers(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	since := time.Now().Add(-time.Hour)
	b.ResetTimer()
	for i := range b.N {
		if _, _, ok, err := s.LookupDossier(fmt.Sprintf("%08d", 10000000+(i*7919)%n), since); err != nil || !ok {
			b.Fatal(err)
		}
	}
}

// benchOffice has a 5-minute slot every day and hour of the year, so
// benchmark bookings land on distinct slots.
func benchOffice() []bookings.Office {
	all := []bookings.Period{{From: 0, To: 24 * 60}}
	hours := map[string][]bookings.Period{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		hours[d] = all
	}
	return []bookings.Office{{
		ID: "bench", Name: "Bench", Address: "Bench 1", Languages: []string{"nl"}, Hours: hours,
		Services: []bookings.Service{{ID: "svc", DurationMinutes: 5, Capacity: 3, HorizonDays: 366}},
	}}
}

// benchBooking is a booking manager on store s with benchOffice, its
// clock at 1 March 2026, and the first 100,000 free slots from after
// that moment on.
func benchBooking(b *testing.B, s Backend, after time.Duration) (*bookings.Manager, []bookings.Slot) {
	clk := &fakeClock{t: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	m, err := bookings.New(bookings.Config{Secret: []byte("bench-secret-bench-secret-bench-secret"), Now: clk.Now}, s, nil, benchOffice())
	if err != nil {
		b.Fatal(err)
	}
	slots, err := m.NextFree(context.Background(), "bench", "svc", clk.t.Add(after), 100_000)
	if err != nil {
		b.Fatal(err)
	}
	return m, slots
}

// benchBookParallel books from 64 goroutines, each booking on its own
// slot; with a durable store it measures confirmed bookings per second.
func benchBookParallel(b *testing.B, s Backend) {
	m, slots := benchBooking(b, s, 0)
	var next atomic.Int64
	b.SetParallelism(max(64/runtime.GOMAXPROCS(0), 1)) // 64 goroutines in all
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			r := bookings.Request{OfficeID: "bench", ServiceID: "svc", Start: slots[int(i)%len(slots)].Start, IdempotencyKey: fmt.Sprint("k", i)}
			if _, err := m.Book(context.Background(), r); err != nil && !errors.Is(err, bookings.ErrSlotFull) {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bookings/s")
}

// benchDays lists one week and eight weeks of one office-service with
// every other slot partly booked: the work behind the slot-listing page.
func benchDays(b *testing.B, s Backend) {
	m, _ := newManager(b, s, bookings.Config{SeveralPerDossier: true})
	ctx := context.Background()
	slots, err := m.NextFree(ctx, brussels, documents, time.Time{}, 10_000)
	if err != nil {
		b.Fatal(err)
	}
	for i, sl := range slots {
		if i%2 == 0 {
			if _, err := m.Book(ctx, bookings.Request{OfficeID: brussels, ServiceID: documents, Start: sl.Start, Dossier: fmt.Sprint("D-asylum-", i), BirthDate: birth}); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, n := range []int{7, 56} {
		b.Run(fmt.Sprintf("days=%d", n), func(b *testing.B) {
			listed := 0
			for b.Loop() {
				days, err := m.Days(ctx, brussels, documents, monday, n)
				if err != nil || len(days) != n {
					b.Fatal(err)
				}
				listed = 0
				for _, d := range days {
					listed += len(d.Slots)
				}
			}
			b.ReportMetric(float64(listed), "slots")
		})
	}
}
