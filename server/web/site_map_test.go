package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"loket/server/address"
	"loket/server/bookings"
	"loket/server/config"
	"loket/server/dossiers"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/stats"
	"loket/translations"

	"github.com/gofiber/fiber/v2"
)

// newFullApp is the app with every service wired, so that every route of
// the site map is registered.
func newFullApp(t *testing.T) *testApp {
	t.Helper()
	return newTestApp(t, appOptions{staff: true, config: func(c *config.Config) { c.MetricsToken = "metrics-secret" },
		wire: func(e *testApp) {
			keys, err := receipts.OpenKeyring(context.Background(), e.store, e.clock.Now)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := receipts.New(e.store, keys, receipts.Config{BaseURL: "http://loket.test", Now: e.clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			cat, err := dossiers.LoadCatalog(translations.FS)
			if err != nil {
				t.Fatal(err)
			}
			dir, err := address.Curated()
			if err != nil {
				t.Fatal(err)
			}
			addr, err := address.New(e.store, rs, dir, address.NewCountries(), address.Config{Secret: []byte(testSecret), Now: e.clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			bm, err := bookings.New(bookings.Config{Secret: []byte(strings.Repeat("k", 32)), Now: e.clock.Now, PoWBits: 6}, e.store, knownDossier{}, testOffices())
			if err != nil {
				t.Fatal(err)
			}
			lines, _ := queue.AssignLetters([]queue.Line{{ID: "biometrics", DailyLimit: 10}})
			q, err := queue.New(queue.Config{Now: e.clock.Now, Secret: []byte(testSecret), Bookings: oneBooking{},
				Offices: []queue.Office{{ID: "brussels", Name: "Brussels", Languages: []string{"fr", "nl"}, Location: brusselsZone, Services: lines}}}, e.store)
			if err != nil {
				t.Fatal(err)
			}
			desk, err := helpdesk.New(e.store, rs, oneDossier{}, helpdesk.Config{Secret: []byte("0123456789abcdef"), Langs: []string{"en"}, Now: e.clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			e.deps.Receipts, e.deps.Address, e.deps.Bookings, e.deps.Queue, e.deps.Helpdesk = rs, addr, bm, q, desk
			e.deps.Dossiers = dossiers.New(e.store, cat, dossiers.Options{Key: []byte("k"), Failures: 5, Window: time.Minute, Now: e.clock.Now})
			e.deps.Tokens, e.deps.Mandates = e.store, mandates.New(e.store, mandates.Options{Now: e.clock.Now})
			e.deps.Stats = stats.NewCounter(e.store, brusselsZone, e.clock.Now)
		}})
}

// guarded are the prefixes under which no route may be anonymous.
var guarded = []string{"/staff", "/municipality", "/api/v1/backoffice", "/metrics"}

// unguardedRoutes lists the routes of app under a guarded prefix whose
// site-map line names no guard, or names "anonymous".
func unguardedRoutes(routes []routeInfo) []string {
	var bad []string
	for _, r := range routes {
		under := false
		for _, p := range guarded {
			if r.path == p || strings.HasPrefix(r.path, p+"/") || strings.HasPrefix(r.path, p+".") {
				under = true
			}
		}
		g, ok := strings.CutPrefix(r.name, guardPrefix)
		if under && (!ok || g == "" || g == "anonymous") {
			bad = append(bad, r.method+" "+r.path+" ("+r.name+")")
		}
	}
	return bad
}

type routeInfo struct{ method, path, name string }

// TestEveryProtectedRouteHasAGuard walks the app's routes: every route
// under /staff, /municipality, /api/v1/backoffice and /metrics must have
// been registered through the site map with a guard.
func TestEveryProtectedRouteHasAGuard(t *testing.T) {
	e := newFullApp(t)
	var routes []routeInfo
	seen := map[string]bool{}
	for _, r := range e.app.GetRoutes(true) {
		routes = append(routes, routeInfo{r.Method, r.Path, r.Name})
		for _, p := range guarded {
			if strings.HasPrefix(r.Path, p) {
				seen[p] = true
			}
		}
	}
	for _, p := range guarded {
		if !seen[p] {
			t.Errorf("no route under %s: the full app is not fully wired", p)
		}
	}
	if bad := unguardedRoutes(routes); len(bad) > 0 {
		t.Errorf("routes without a guard:\n%s", strings.Join(bad, "\n"))
	}
}

// TestGuardCheckCatchesAMissingGuard: a route added beside the site map,
// or with the anonymous guard, under a guarded prefix is reported.
func TestGuardCheckCatchesAMissingGuard(t *testing.T) {
	bad := unguardedRoutes([]routeInfo{
		{"GET", "/staff/x", ""},
		{"GET", "/staff/y", guardPrefix + "anonymous"},
		{"GET", "/metrics", ""},
		{"GET", "/staffing", ""},
		{"GET", "/staff/z", guardPrefix + "staff admin"},
	})
	if len(bad) != 3 {
		t.Fatalf("reported %v, want /staff/x, /staff/y and /metrics", bad)
	}
}

// TestKioskPrefixIsStrippedLikeALanguage: one route serves a page in both
// shells; the kiosk's own pages are not found on the phone, and the
// phone's, the staff's and the APIs' routes are not found under /kiosk.
func TestKioskPrefixIsStrippedLikeALanguage(t *testing.T) {
	e := newFullApp(t)
	for _, tt := range []struct {
		path   string
		status int
		want   string
	}{
		{"/kiosk/fr/info", 200, `class="kiosk`},
		{"/kiosk/info", 200, `class="kiosk`},
		{"/fr/info", 200, `lang="fr"`},
		{"/kiosk", 200, `class="attract-title"`},
		{"/kiosk/nl", 200, `class="attract-title"`},
		{"/kiosk/en/home", 200, `lang="en"`},
		{"/home", 404, ""},
		{"/en/register", 404, ""},
		{"/ticket", 404, ""},
		{"/kiosk/staff/signin", 404, ""},
		{"/kiosk/api/v1/offices", 404, ""},
		{"/kiosk/en/processing-times.csv", 404, ""},
	} {
		res, body := do(t, e.app, httptest.NewRequest(http.MethodGet, tt.path, nil))
		if res.StatusCode != tt.status || tt.want != "" && !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d, want %d with %q", tt.path, res.StatusCode, tt.status, tt.want)
		}
	}
}

// TestSiteMapRefusesAKioskPath: a route written as "/kiosk/..." would
// never be reached (the prefix is stripped), so registering one fails at
// start-up with the way to write it.
func TestSiteMapRefusesAKioskPath(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), `m.kiosk("/ticket"`) {
			t.Errorf("recovered %v, want the m.kiosk advice", r)
		}
	}()
	siteMap{fiber.New()}.get("/kiosk/ticket", guard{name: "anonymous"}, func(*fiber.Ctx) error { return nil })
}
