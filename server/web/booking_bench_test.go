package web

import (
	"testing"

	"github.com/valyala/fasthttp"
)

// BenchmarkSlotListing serves one office-service's eight weeks of slots
// through the whole middleware chain: the cached path that most requests
// take.
func BenchmarkSlotListing(b *testing.B) {
	a := newBookingApp(&testing.T{}, nil)
	h := a.app.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var ctx fasthttp.RequestCtx
		for pb.Next() {
			ctx.Request.Reset()
			ctx.Response.Reset()
			ctx.Request.Header.SetMethod("GET")
			ctx.Request.SetRequestURI("/api/v1/slots?office=test&service=information_interview&from=2026-03-02&to=2026-04-27")
			h(&ctx)
			if ctx.Response.StatusCode() != 200 {
				b.Fatalf("status %d", ctx.Response.StatusCode())
			}
		}
	})
}
