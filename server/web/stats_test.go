package web

import (
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket/server/accounts"
)

// fakeEscalations stands in for the helpdesk.
type fakeEscalations map[string]map[string]int

func (f fakeEscalations) EscalationsByDay(from, to string) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	for d, m := range f {
		if d >= from && d <= to {
			out[d] = m
		}
	}
	return out, nil
}

func TestStatsCountsAndDashboard(t *testing.T) {
	for _, tc := range []struct {
		name string
		esc  fakeEscalations
	}{{"without helpdesk", nil}, {"with escalations", fakeEscalations{}}} {
		t.Run(tc.name, func(t *testing.T) {
			var e *lawyerEnv
			if tc.esc == nil {
				e = newLawyerEnv(t, nil, "")
			} else {
				e = newLawyerEnv(t, tc.esc, "")
			}
			e.putDossier(t, "10000001", "1990-01-01", "received")
			e.addUser(t, "sup@dvz.be", accounts.RoleSupervisor)
			e.addUser(t, "desk@dvz.be", accounts.RoleHelpdesk)
			visitor := e.browser(t)
			visitor.ip = "198.51.100.9"
			visitor.post("/ar/status", "/ar/status", url.Values{"dossier": {"10000001"}, "birth_date": {"1990-01-01"}})
			visitor.post("/ar/status", "/ar/status", url.Values{"dossier": {"10000001"}, "birth_date": {"1991-01-01"}})
			visitor.Get("/fr/info/asylum")
			if err := e.counter.Flush(); err != nil {
				t.Fatal(err)
			}
			today := e.counter.Days(1)[0]
			if tc.esc != nil {
				tc.esc[today] = map[string]int{"documents": 2}
			}
			got, err := e.store.Stats(today, today)
			if err != nil {
				t.Fatal(err)
			}
			for k, want := range map[string]uint64{
				today + "|status_lookup|pwa|ar||asylum|found": 1,
				today + "|status_lookup|pwa|ar|||no_match":    1,
				today + "|info_view|pwa|fr||asylum|":          1,
			} {
				if got[k] != want {
					t.Errorf("%s = %d, want %d (%v)", k, got[k], want, got)
				}
			}
			for k := range got {
				if strings.Contains(k, "10000001") || strings.Contains(k, "1990") {
					t.Errorf("personal data in a key: %s", k)
				}
			}
			desk := e.browser(t)
			desk.signIn("desk@dvz.be", nil)
			if res, _ := desk.Get("/en/staff/stats"); res.StatusCode != 403 {
				t.Errorf("helpdesk on stats: %d", res.StatusCode)
			}
			sup := e.browser(t)
			sup.ip = "192.0.2.33"
			sup.signIn("sup@dvz.be", nil)
			res, page := sup.Get("/en/staff/stats")
			if res.StatusCode != 200 {
				t.Fatalf("stats page: %d", res.StatusCode)
			}
			for _, s := range []string{`role="img"`, "<title>", "<table", e.t("en", "stats.event.status_lookup")} {
				if !strings.Contains(page, s) {
					t.Errorf("stats page lacks %q", s)
				}
			}
			// dir is not an SVG attribute (the validator refuses it);
			// the stylesheet keeps the charts left to right.
			if regexp.MustCompile(`<svg[^>]* dir=`).MatchString(page) {
				t.Error("an inline <svg> carries dir")
			}
			noEsc := strings.Contains(page, e.t("en", "stats.no_escalations"))
			if noEsc != (tc.esc == nil) {
				t.Errorf("'no escalations' shown: %v", noEsc)
			}
			if tc.esc != nil && !strings.Contains(page, e.t("en", "stats.avoided.ratio", "ratio", "1.5", "count", 2)) {
				t.Error("no self-served per escalation ratio (3 sessions / 2 escalations)")
			}
			res, body := sup.Get("/en/staff/stats.csv")
			recs, err := csv.NewReader(strings.NewReader(sheetBody(t, body))).ReadAll()
			if res.StatusCode != 200 || err != nil || len(recs) != 4 || len(recs[0]) != 8 {
				t.Errorf("csv: %d %v %v", res.StatusCode, err, recs)
			}
		})
	}
}

var promLine = regexp.MustCompile(`^(# (HELP|TYPE) .+|[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+)$`)

func TestMetricsFormatAndAuth(t *testing.T) {
	if res, _ := get(t, newLawyerEnv(t, nil, "").app, "/metrics"); res.StatusCode != 404 {
		t.Errorf("without a token: %d", res.StatusCode)
	}
	token := "metrics-token-0123456789"
	e := newLawyerEnv(t, nil, token)
	get(t, e.app, "/en/info")
	get(t, e.app, "/en/info/asylum")
	get(t, e.app, "/en/info/asylum")
	for _, auth := range []string{"", "Bearer wrong-token-wrong-token", token} {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if res, _ := do(t, e.app, req); res.StatusCode != 401 {
			t.Errorf("auth %q: %d", auth, res.StatusCode)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, body := do(t, e.app, req)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if !promLine.MatchString(l) {
			t.Errorf("not Prometheus text: %q", l)
		}
	}
	for _, want := range []string{
		`loket_http_requests_total{code="200",method="GET",route="/info/:key"} 2`,
		`loket_http_request_duration_seconds_bucket{method="GET",route="/info/:key",le="+Inf"} 2`,
		`loket_http_request_duration_seconds_count{method="GET",route="/info/:key"} 2`,
		"loket_store_size_bytes ", "go_goroutines ", "go_memstats_heap_alloc_bytes ", "process_cpu_seconds_total ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "/info/asylum") {
		t.Error("a concrete path became a label")
	}
}

func TestStatsFlushedAtShutdown(t *testing.T) {
	e := newLawyerEnv(t, nil, "")
	get(t, e.app, "/en/info/asylum")
	if err := e.app.Shutdown(); err != nil {
		t.Fatal(err)
	}
	day := e.counter.Days(1)[0]
	got, err := e.store.Stats(day, day)
	if err != nil || got[day+"|info_view|pwa|en||asylum|"] != 1 {
		t.Errorf("after shutdown: %v %v", got, err)
	}
}

// TestStatsIgnoreMachineFetches: the service worker keeping information
// pages for offline reading, and a browser's link prefetch, change no
// figure; the same page opened by a person counts once.
func TestStatsIgnoreMachineFetches(t *testing.T) {
	e := newLawyerEnv(t, nil, "")
	for _, h := range [][2]string{{"Loket-Fetch", "keep"}, {"Sec-Purpose", "prefetch"}, {"Purpose", "prefetch"}, {"Sec-Purpose", "prefetch;prerender"}} {
		req := httptest.NewRequest(http.MethodGet, "/fr/info/asylum", nil)
		req.Header.Set(h[0], h[1])
		res, err := e.app.Test(req, -1)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %v %v", h[0], res, err)
		}
	}
	if err := e.counter.Flush(); err != nil {
		t.Fatal(err)
	}
	today := e.counter.Days(1)[0]
	got, err := e.store.Stats(today, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("machine fetches counted: %v", got)
	}
	if res, _ := e.browser(t).Get("/fr/info/asylum"); res.StatusCode != http.StatusOK {
		t.Fatalf("person: %d", res.StatusCode)
	}
	if err := e.counter.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, _ = e.store.Stats(today, today); got[today+"|info_view|pwa|fr||asylum|"] != 1 {
		t.Errorf("a person's view: %v", got)
	}
}

// TestForbiddenIsNotExpired: a helpdesk account opening the supervisors'
// statistics reads that the page is not for its role, and a form posted
// with a stale token reads that the form expired; not the other way round.
func TestForbiddenIsNotExpired(t *testing.T) {
	e := newLawyerEnv(t, nil, "")
	e.addUser(t, "desk@dvz.be", accounts.RoleHelpdesk)
	desk := e.browser(t)
	desk.signIn("desk@dvz.be", nil)
	res, page := desk.Get("/en/staff/stats")
	if res.StatusCode != 403 || !strings.Contains(page, escaped(e.t("en", "error.forbidden.title"))) ||
		strings.Contains(page, escaped(e.t("en", "error.expired.title"))) {
		t.Errorf("helpdesk on stats: %d\n%s", res.StatusCode, page)
	}
	res, page = e.browser(t).post("/en/status", "", url.Values{"dossier": {"10000001"}, "_csrf": {"stale"}})
	if res.StatusCode != 403 || !strings.Contains(page, escaped(e.t("en", "error.expired.title"))) {
		t.Errorf("stale form: %d\n%s", res.StatusCode, page)
	}
}
