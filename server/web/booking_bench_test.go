package web

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"loket/server/bookings"
	"loket/server/config"
)

// BenchmarkSlotListing serves one office-service's eight weeks of slots
// through the whole middleware chain: the cached path that most requests
// take.
func BenchmarkSlotListing(b *testing.B) {
	a := newBookingApp(b, nil)
	benchGet(b, a.app, "/api/v1/slots?office=test&service=information_interview&from=2026-03-02&to=2026-04-27")
}

// BenchmarkBookingCreate books distinct 5-minute slots through the whole
// middleware chain, proof of work and limits off, on a store without
// fsync: the HTTP layer's and the domain's cost per booking.
func BenchmarkBookingCreate(b *testing.B) {
	allDay := []bookings.Period{{From: 0, To: 24 * 60}}
	hours := map[string][]bookings.Period{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		hours[d] = allDay
	}
	offices := []bookings.Office{{ID: "bench", Name: "Bench", Address: "Benchstraat 1", Languages: []string{"nl"}, Hours: hours,
		Services: []bookings.Service{{ID: "quick", DurationMinutes: 5, Capacity: 1, HorizonDays: 366}}}}
	a := newBookingAppWith(b, offices, func(c *config.Config) { c.BookingPoW = false; c.BookingLimit = 1 << 30 })
	h := a.app.Handler()
	first := time.Date(2026, 3, 3, 0, 0, 0, 0, bookingZone)
	var next atomic.Int64
	b.SetParallelism(32) // 64 goroutines on 2 cores, as many as wrk's connections
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var ctx fasthttp.RequestCtx
		for pb.Next() {
			start := first.Add(time.Duration(next.Add(1)) * 5 * time.Minute).UTC().Format(time.RFC3339)
			ctx.Request.Reset()
			ctx.Response.Reset()
			ctx.Request.Header.SetMethod("POST")
			ctx.Request.Header.SetContentType("application/json")
			ctx.Request.SetRequestURI("/api/v1/bookings")
			ctx.Request.SetBodyString(`{"office":"bench","service":"quick","start":"` + start + `"}`)
			h(&ctx)
			if s := ctx.Response.StatusCode(); s != 201 && s != 422 { // 422: a public holiday
				b.Fatalf("status %d: %s", s, ctx.Response.Body())
			}
		}
	})
}
