package bodylimit

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// bomb is n MiB of zeros gzipped twice: the inner layer is one gzip
// member of 1 MiB repeated (gzip readers read every member in turn).
func bomb(t testing.TB, mib int) []byte {
	t.Helper()
	var member bytes.Buffer
	w, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	if _, err := io.Copy(w, io.LimitReader(zeros{}, 1<<20)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	var outer bytes.Buffer
	w, _ = gzip.NewWriterLevel(&outer, gzip.BestCompression)
	w.Write(bytes.Repeat(member.Bytes(), mib))
	w.Close()
	return outer.Bytes()
}

// app is a Fiber app whose one handler reports how many bytes Ctx.Body
// gave it, behind Guard or not.
func app(guard bool) *fiber.App {
	a := fiber.New(fiber.Config{BodyLimit: 64 << 10})
	a.Post("/*", func(c *fiber.Ctx) error { return c.SendString(fmt.Sprint(len(c.Body()))) })
	if guard {
		a.Server().Handler = Guard(a.Server().Handler)
	}
	return a
}

// serve runs a through a real listener, as the server does.
func serve(t *testing.T, a *fiber.App) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	go a.Listener(srv.Listener)
	t.Cleanup(func() { a.Shutdown() })
	return "http://" + srv.Listener.Addr().String()
}

func post(t *testing.T, url, encoding string, body []byte) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for _, e := range strings.Split(encoding, "|") {
		if e != "" {
			req.Header.Add("Content-Encoding", e)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// TestUnguardedFiberDecodesPastTheLimit shows the hole: a 64 KiB body
// limit lets through a body that Ctx.Body turns into 32 MiB.
func TestUnguardedFiberDecodesPastTheLimit(t *testing.T) {
	b := bomb(t, 32)
	if len(b) > 64<<10 {
		t.Fatalf("bomb of %d bytes is over the limit", len(b))
	}
	_, got, _ := post(t, serve(t, app(false))+"/api/v1/status/lookup", "gzip, gzip", b)
	if got != fmt.Sprint(32<<20) {
		t.Fatalf("unguarded body decoded to %s bytes", got)
	}
}

func TestGuardRefusesEveryEncoding(t *testing.T) {
	url := serve(t, app(true))
	b := bomb(t, 32)
	for _, enc := range []string{"gzip, gzip", "gzip", "br", "deflate", "GZIP", "identity, gzip", "identity|gzip", "x-custom"} {
		for _, path := range []string{"/api/v1/bookings", "/en/help"} {
			status, body, h := post(t, url+path, enc, b)
			if status != 415 || h.Get("Accept-Encoding") != "identity" || strings.Contains(body, "33554432") {
				t.Errorf("%s %q: %d %q", path, enc, status, body)
			}
			if strings.HasPrefix(path, "/api/") != strings.HasPrefix(body, `{"error":{"code":"unsupported_media_type"`) {
				t.Errorf("%s: body %q", path, body)
			}
		}
	}
	for _, enc := range []string{"", "identity", " identity "} {
		if status, body, _ := post(t, url+"/api/v1/x", enc, []byte(`{"a":1}`)); status != 200 || body != "7" {
			t.Errorf("plain body with %q: %d %q", enc, status, body)
		}
	}
}
