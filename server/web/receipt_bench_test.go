package web

import (
	"testing"

	"github.com/valyala/fasthttp"
)

// BenchmarkReceiptShow runs the /r/{token} page through the whole
// middleware chain without a network, in parallel; wrk against the real
// binary gives the end-to-end figures (see README).
func BenchmarkReceiptShow(b *testing.B) {
	e := newReceiptEnv(b)
	_, token := e.issue(b, "K7M-4QX2")
	handler := e.app.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var ctx fasthttp.RequestCtx
		for pb.Next() {
			ctx.Request.Reset()
			ctx.Response.Reset()
			ctx.Request.SetRequestURI("/en/r/" + token)
			handler(&ctx)
			if ctx.Response.StatusCode() != 200 {
				b.Fatalf("status %d", ctx.Response.StatusCode())
			}
		}
	})
}
