package web

import (
	"testing"

	"github.com/valyala/fasthttp"
)

// benchPage serves one GET through the whole middleware chain without a
// network, so the figure is the server's own cost per page.
func benchPage(b *testing.B, path string) {
	app := newTestApp(b, shellApp).app
	h := app.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var ctx fasthttp.RequestCtx
		for pb.Next() {
			ctx.Request.Reset()
			ctx.Response.Reset()
			ctx.Request.Header.SetMethod("GET")
			ctx.Request.SetRequestURI(path)
			h(&ctx)
			if ctx.Response.StatusCode() != 200 {
				b.Fatalf("status %d", ctx.Response.StatusCode())
			}
		}
	})
}

func BenchmarkHome(b *testing.B)     { benchPage(b, "/en/") }
func BenchmarkInfoPage(b *testing.B) { benchPage(b, "/ar/info/asylum") }
