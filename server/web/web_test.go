package web

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/config"
	"loket/server/web/kit"
)

// shellApp is the app without domain services, with a small body limit.
var shellApp = appOptions{wallClock: true, config: func(c *config.Config) { c.BodyLimit = 4096 }}

func do(t testing.TB, app *fiber.App, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := app.Test(req, 5000)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	// Every answer of a route the OpenAPI document describes must match it.
	if p := req.URL.Path; (strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/.well-known/")) && apiChecker(t).Documented(req) {
		if err := apiChecker(t).CheckAnswer(req, res, b); err != nil {
			t.Errorf("OpenAPI: %v", err)
		}
	}
	return res, string(b)
}

func get(t *testing.T, app *fiber.App, path string, headers ...string) (*http.Response, string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return do(t, app, req)
}

var htmlAttrs = regexp.MustCompile(`<html lang="([^"]+)" dir="([^"]+)"`)

func TestPagesCarryLanguageAndDirection(t *testing.T) {
	app := newTestApp(t, shellApp).app
	tests := []struct {
		path, accept, cookie string
		lang, dir            string
	}{
		{"/", "", "", "nl", "ltr"},
		{"/", "fr-BE,fr;q=0.9", "", "fr", "ltr"},
		{"/ar/", "", "", "ar", "rtl"},
		{"/fa/info", "en", "", "fa", "rtl"},
		{"/info", "de", "loket_lang=ps", "ps", "rtl"},
		{"/kiosk/ti/home", "", "", "ti", "ltr"},
		{"/kiosk/uk/info", "", "", "uk", "ltr"},
		{"/en/offline", "ar", "", "en", "ltr"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		if tt.accept != "" {
			req.Header.Set("Accept-Language", tt.accept)
		}
		if tt.cookie != "" {
			req.Header.Set("Cookie", tt.cookie)
		}
		res, body := do(t, app, req)
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d", tt.path, res.StatusCode)
			continue
		}
		m := htmlAttrs.FindStringSubmatch(body)
		if m == nil || m[1] != tt.lang || m[2] != tt.dir {
			t.Errorf("%s (accept %q, cookie %q): html attrs %v, want %s %s", tt.path, tt.accept, tt.cookie, m, tt.lang, tt.dir)
		}
	}
}

func TestExplicitLanguageIsRemembered(t *testing.T) {
	app := newTestApp(t, shellApp).app
	res, _ := get(t, app, "/es/info")
	var found bool
	for _, c := range res.Cookies() {
		if c.Name == kit.CookieLang && c.Value == "es" {
			found = true
		}
	}
	if !found {
		t.Fatal("explicit language not kept in a cookie")
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	app := newTestApp(t, shellApp).app
	for _, path := range []string{"/", "/kiosk", "/healthz", "/nope", "/api/v1/nope", "/sw.js", "/manifest.webmanifest"} {
		res, body := get(t, app, path)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: missing headers %v", path, res.Header)
		}
		if strings.Contains(body, "goroutine ") || strings.Contains(body, ".go:") {
			t.Errorf("%s: response leaks a stack trace", path)
		}
	}
}

func TestNotFoundIsTranslated(t *testing.T) {
	app := newTestApp(t, shellApp).app
	res, body := get(t, app, "/fr/no/such/page")
	if res.StatusCode != 404 || !strings.Contains(body, `lang="fr"`) {
		t.Fatalf("status %d", res.StatusCode)
	}
	if want := sharedCatalogs(t).Printer("fr").T("error.not_found.title"); !strings.Contains(body, want) {
		t.Errorf("404 page lacks %q", want)
	}
	// The reference "for the helpdesk" comes with the way to reach it.
	if !strings.Contains(body, `href="/fr/contact"`) {
		t.Error("the error page names the helpdesk but does not link to the contact page")
	}
	// An unknown language prefix is an unknown page, in the negotiated language.
	res, body = get(t, app, "/xx/info", "Accept-Language", "ar")
	if res.StatusCode != 404 || !strings.Contains(body, `dir="rtl"`) {
		t.Errorf("/xx/info: %d", res.StatusCode)
	}
	res, _ = get(t, app, "/info/not_a_procedure")
	if res.StatusCode != 404 {
		t.Errorf("unknown procedure: %d", res.StatusCode)
	}
}

func TestAPIErrorShape(t *testing.T) {
	app := newTestApp(t, shellApp).app
	res, body := get(t, app, "/api/v1/nothing", "Accept-Language", "de")
	if res.StatusCode != 404 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !regexp.MustCompile(`^\{"error":\{"code":"not_found","message":"[^"]+"`).MatchString(body) {
		t.Errorf("body %s", body)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/anything", strings.NewReader("a=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, body = do(t, app, req)
	if res.StatusCode != fiber.StatusUnsupportedMediaType || !strings.Contains(body, `"code":"media_type"`) {
		t.Errorf("form post to API: %d %s", res.StatusCode, body)
	}
}

func TestFormPostWithoutCSRFTokenIsRefused(t *testing.T) {
	app := newTestApp(t, shellApp).app
	req := httptest.NewRequest(http.MethodPost, "/en/info", strings.NewReader(url.Values{"x": {"1"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, body := do(t, app, req)
	if res.StatusCode != fiber.StatusForbidden || !strings.Contains(body, `lang="en"`) {
		t.Errorf("status %d", res.StatusCode)
	}
}

func TestKioskPagesAreNeverStored(t *testing.T) {
	app := newTestApp(t, shellApp).app
	for _, path := range []string{"/kiosk", "/kiosk/nl/home", "/kiosk/ar/info"} {
		res, body := get(t, app, path)
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, res.Header.Get("Cache-Control"))
		}
		if !strings.Contains(body, `data-idle="60"`) || !strings.Contains(body, `data-warn="30"`) {
			t.Errorf("%s: idle timer settings missing", path)
		}
	}
	res, _ := get(t, app, "/kiosk", "Cookie", "loket_lang=ar")
	cleared := false
	for _, c := range res.Cookies() {
		if c.Name == kit.CookieLang && (c.Value == "" || c.MaxAge < 0 || c.Expires.Before(time.Now())) {
			cleared = true
		}
	}
	if !cleared {
		t.Error("attract screen keeps the last visitor's language")
	}
}

func TestAssetsAreHashedAndImmutable(t *testing.T) {
	app := newTestApp(t, shellApp).app
	_, body := get(t, app, "/en/")
	m := regexp.MustCompile(`href="(/assets/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no hashed stylesheet link")
	}
	res, _ := get(t, app, m[1])
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("asset: %d %v", res.StatusCode, res.Header)
	}
	if res, _ := get(t, app, "/assets/app.0000000000.css"); res.StatusCode != 404 {
		t.Errorf("stale hash: %d", res.StatusCode)
	}
	if strings.Contains(body, "/assets/missing-") {
		t.Error("a template names an asset that does not exist")
	}
}

func TestServiceWorkerAndManifest(t *testing.T) {
	app := newTestApp(t, shellApp).app
	res, body := get(t, app, "/sw.js")
	if res.Header.Get("Cache-Control") != "no-cache" || !strings.HasPrefix(body, "const VERSION = \"") || !strings.Contains(body, "/ar/offline") {
		t.Errorf("sw.js: %v %.120s", res.Header, body)
	}
	res, body = get(t, app, "/fa/manifest.webmanifest")
	if res.StatusCode != 200 || !strings.Contains(body, `"dir":"rtl"`) || !strings.Contains(body, `"start_url":"/fa/"`) {
		t.Errorf("manifest: %d %s", res.StatusCode, body)
	}
}

func TestHealth(t *testing.T) {
	app := newTestApp(t, shellApp).app
	res, body := get(t, app, "/healthz")
	if res.StatusCode != 200 || strings.TrimSpace(body) != `{"database":"bbolt","status":"ok"}` {
		t.Errorf("healthz: %d %s", res.StatusCode, body)
	}
}

// deadStore is a database that no longer answers.
type deadStore struct{}

func (deadStore) Ping() error { return errors.New("connection refused") }

// TestHealthWithoutTheDatabase: with the database gone, /healthz answers
// 503 naming it, so that a load balancer takes the instance out.
func TestHealthWithoutTheDatabase(t *testing.T) {
	app := newTestApp(t, appOptions{wallClock: true, config: func(c *config.Config) {
		c.Database = "postgres://loket@db.invalid/loket"
	}, wire: func(e *testApp) { e.deps.Store = deadStore{} }}).app
	res, body := get(t, app, "/healthz")
	if res.StatusCode != 503 || strings.TrimSpace(body) != `{"database":"postgresql","status":"unavailable"}` {
		t.Errorf("healthz: %d %s", res.StatusCode, body)
	}
}

func TestDemoBanner(t *testing.T) {
	banner := sharedCatalogs(t).Printer("en").T("layout.demo")
	_, body := get(t, newTestApp(t, shellApp).app, "/en/")
	if strings.Contains(body, banner) {
		t.Error("banner shown without demo")
	}
	demo := shellApp
	demo.config = func(c *config.Config) { c.BodyLimit = 4096; c.Demo = true }
	_, body = get(t, newTestApp(t, demo).app, "/en/")
	if !strings.Contains(body, banner) {
		t.Error("demo banner missing")
	}
}

// TestRobotsKeepCrawlersToPublicPages reads robots.txt with Python's
// urllib.robotparser, as a crawler would: the home, information, contact
// and trust pages may be fetched in every language; forms, answers for one
// person, the endless weeks of free times, the kiosk, the console and the
// API may not.
func TestRobotsKeepCrawlersToPublicPages(t *testing.T) {
	app := newTestApp(t, shellApp).app
	res, body := get(t, app, "/robots.txt")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is required when CI=true")
		}
		t.Skip("python3 not installed: robots.txt not read by an independent parser")
	}
	allowed := []string{"/", "/en/", "/ar/", "/en/info", "/ti/info/asylum", "/fr/contact", "/fa/privacy", "/de/accessibility", "/en/processing-times", "/robots.txt"}
	refused := []string{"/en/status", "/ar/status/result", "/en/appointments/demo-brussels/information_interview?week=2027-01-04",
		"/en/help", "/uk/address", "/kiosk", "/kiosk/ar/home", "/staff/", "/en/staff/inbox", "/municipality/address",
		"/api/v1/status", "/display/demo-brussels", "/q/abc", "/en/verify", "/feeds/lawyer/x.atom"}
	script := `
import sys, urllib.robotparser
r = urllib.robotparser.RobotFileParser()
r.parse(sys.stdin.read().splitlines())
for p in sys.argv[1:]:
    print(p, r.can_fetch("SomeBot", "https://loket.example" + p))
`
	cmd := exec.Command(python, append([]string{"-c", script}, append(allowed, refused...)...)...)
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("robotparser: %v\n%s", err, out)
	}
	want := map[string]string{}
	for _, p := range allowed {
		want[p] = "True"
	}
	for _, p := range refused {
		want[p] = "False"
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, got, _ := strings.Cut(line, " ")
		if got != want[path] {
			t.Errorf("robots.txt: may a crawler fetch %s? %s, want %s", path, got, want[path])
		}
		delete(want, path)
	}
	if len(want) > 0 {
		t.Errorf("robotparser did not answer for %v", want)
	}
}
