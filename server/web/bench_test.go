package web

import (
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// benchGet serves one GET through the whole middleware chain without a
// network, in parallel, so the figure is the server's own cost per page.
func benchGet(b *testing.B, app *fiber.App, path string) {
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

func BenchmarkHome(b *testing.B)     { benchGet(b, newTestApp(b, shellApp).app, "/en/") }
func BenchmarkInfoPage(b *testing.B) { benchGet(b, newTestApp(b, shellApp).app, "/ar/info/asylum") }
