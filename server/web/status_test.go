package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"loket/server/audit"
	"loket/server/config"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/web/kit"
	"loket/translations"
)

// statusApp is the real app on a real temporary store with one dossier,
// 10000001 (asylum, born 1990-01-01, access code K7P2W9X4RT), and one
// back-office token.
type statusApp struct {
	*testApp
	svc   *dossiers.Service
	token string
}

func newStatusApp(t testing.TB, mod func(*config.Config)) *statusApp {
	t.Helper()
	sa := &statusApp{}
	sa.testApp = newTestApp(t, appOptions{wallClock: true,
		config: func(c *config.Config) {
			c.DossierFailures = 3
			if mod != nil {
				mod(c)
			}
		},
		wire: func(e *testApp) {
			cat, err := dossiers.LoadCatalog(translations.FS)
			if err != nil {
				t.Fatal(err)
			}
			var langs []string
			for _, m := range e.deps.Catalogs.Languages() {
				langs = append(langs, m.Code)
			}
			cfg := e.deps.Config
			sa.svc = dossiers.New(e.store, cat, dossiers.Options{Key: []byte("k"), AddressLimit: cfg.LookupLimit, Failures: cfg.DossierFailures,
				Window: cfg.LookupWindow, Langs: langs})
			e.deps.Dossiers, e.deps.Tokens = sa.svc, e.store
			e.deps.Audit, e.deps.AuditKey = e.trail, []byte("audit key")
		}})
	plain, tok := dossiers.NewToken("test", time.Now())
	if err := sa.store.CreateToken(tok); err != nil {
		t.Fatal(err)
	}
	sa.token = plain
	res, body := sa.api(t, http.MethodPut, "/api/v1/backoffice/dossiers/10000001", plain, demoDossier())
	if res.StatusCode != 200 {
		t.Fatalf("seed dossier: %d %s", res.StatusCode, body)
	}
	return sa
}

func dayOffset(d int) string { return time.Now().AddDate(0, 0, d).Format(time.DateOnly) }

func demoDossier() string {
	return fmt.Sprintf(`{"procedure":"asylum","received":"%s","birth_date":"1990-01-01","access_code":"K7P2W9X4RT",
		"first_name":"Amina","events":[{"id":"a","code":"received","date":"%s"},{"id":"b","code":"examination","date":"%s","note":"letter_sent"}],
		"documents":[{"kind":"birth_certificate","due":"%s"}]}`, dayOffset(-60), dayOffset(-60), dayOffset(-30), dayOffset(10))
}

func (sa *statusApp) api(t testing.TB, method, path, token, body string, headers ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return do(t, sa.app, req)
}

// post sends a form the way a browser does: it first opens the page for
// its CSRF cookie and token, and follows a 303 (a lookup's way to its
// result) with the cookies it has.
func (sa *statusApp) post(t *testing.T, path string, values url.Values) (*http.Response, string) {
	t.Helper()
	res, page := get(t, sa.app, path)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no CSRF token (%d)", path, res.StatusCode)
	}
	values.Set(kit.FieldCSRF, m[1])
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	jar := res.Cookies()
	for _, c := range jar {
		req.AddCookie(c)
	}
	res, page = do(t, sa.app, req)
	if res.StatusCode != http.StatusSeeOther {
		return res, page
	}
	req = httptest.NewRequest(http.MethodGet, res.Header.Get("Location"), nil)
	for _, c := range append(jar, res.Cookies()...) {
		req.AddCookie(c)
	}
	return do(t, sa.app, req)
}

func (sa *statusApp) t(lang, key string, args ...any) string {
	return sa.deps.Catalogs.Printer(lang).T(key, args...)
}

var titleTag = regexp.MustCompile(`<title>([^<]*)</title>`)

func TestStatusLookupShowsTheDossier(t *testing.T) {
	sa := newStatusApp(t, nil)
	res, body := get(t, sa.app, "/en/status")
	if res.StatusCode != 200 || !strings.Contains(body, `name="dossier"`) || !strings.Contains(body, `name="birth_date"`) {
		t.Fatalf("form: %d", res.StatusCode)
	}
	res, body = sa.post(t, "/en/status", url.Values{"dossier": {"1000 0001"}, "birth_date": {"1990-01-01"}})
	if res.StatusCode != 200 {
		t.Fatalf("lookup: %d", res.StatusCode)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	cat, _ := dossiers.LoadCatalog(translations.FS)
	want := cat.Text([]string{"en"}, "asylum", "examination")
	for _, s := range []string{want.Title, want.Action, "10000001", sa.t("en", "status.document.birth_certificate"),
		sa.t("en", "status.note.letter_sent"), `aria-current="step"`, `id="remember"`} {
		if !strings.Contains(body, escaped(s)) {
			t.Errorf("result lacks %q", s)
		}
	}
	if title := titleTag.FindStringSubmatch(body); title == nil || strings.Contains(title[1], "10000001") || strings.Contains(title[1], want.Title) {
		t.Errorf("page title tells too much: %v", title)
	}
	if strings.Contains(body, "1990-01-01") {
		t.Error("the birth date is echoed")
	}
}

// escaped escapes like html/template does for the texts compared.
func escaped(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

func TestWrongNumberAndWrongBirthDateLookAlike(t *testing.T) {
	sa := newStatusApp(t, nil)
	strip := regexp.MustCompile(`value="[^"]*"|[0-9a-f]{16}|\d{4} \d{4}`)
	var bodies []string
	for _, v := range []url.Values{
		{"dossier": {"10000001"}, "birth_date": {"1990-01-02"}},
		{"dossier": {"10000009"}, "birth_date": {"1990-01-01"}},
	} {
		res, body := sa.post(t, "/fr/status", v)
		if res.StatusCode != fiber.StatusUnprocessableEntity || !strings.Contains(body, escaped(sa.t("fr", "status.error.no_match"))) {
			t.Fatalf("%v: %d", v, res.StatusCode)
		}
		bodies = append(bodies, strip.ReplaceAllString(body, ""))
	}
	if bodies[0] != bodies[1] {
		t.Error("a wrong number and a wrong birth date give different pages")
	}
	for _, v := range []url.Values{{"dossier": {"10000009"}, "birth_date": {"1990-01-01"}}} {
		a, _ := sa.api(t, http.MethodPost, "/api/v1/status/lookup", "", `{"dossier":"10000009","birth_date":"1990-01-01"}`)
		b, _ := sa.api(t, http.MethodPost, "/api/v1/status/lookup", "", `{"dossier":"10000001","birth_date":"1991-01-01"}`)
		if a.StatusCode != b.StatusCode || a.StatusCode != 404 {
			t.Errorf("API: %d vs %d for %v", a.StatusCode, b.StatusCode, v)
		}
	}
}

func TestRepeatedWrongAnswersLockTheDossier(t *testing.T) {
	sa := newStatusApp(t, nil)
	for i := range 3 {
		res, _ := sa.post(t, "/en/status", url.Values{"dossier": {"10000001"}, "birth_date": {fmt.Sprintf("1980-01-%02d", i+1)}})
		if res.StatusCode != fiber.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: %d", i, res.StatusCode)
		}
	}
	// 3 wrong answers per 15 minutes: the next try is 5 minutes away.
	res, body := sa.post(t, "/ar/status", url.Values{"dossier": {"10000001"}, "birth_date": {"1990-01-01"}})
	if res.StatusCode != fiber.StatusLocked || !strings.Contains(body, sa.t("ar", "status.locked.text", "minutes", 5)) || !strings.Contains(body, `dir="rtl"`) {
		t.Errorf("locked: %d", res.StatusCode)
	}
	res, body = sa.api(t, http.MethodPost, "/api/v1/status/lookup", "", `{"dossier":"10000001","birth_date":"1990-01-01"}`)
	if res.StatusCode != fiber.StatusLocked || !strings.Contains(body, `"code":"locked"`) {
		t.Errorf("API locked: %d %s", res.StatusCode, body)
	}
}

func TestLookupsAreLimitedPerClient(t *testing.T) {
	sa := newStatusApp(t, func(c *config.Config) { c.LookupLimit = 2 })
	for i := range 3 {
		res, _ := sa.api(t, http.MethodPost, "/api/v1/status/lookup", "", `{"dossier":"10000001","birth_date":"1990-01-01"}`)
		want := 200
		if i == 2 {
			want = fiber.StatusTooManyRequests
		}
		if res.StatusCode != want {
			t.Errorf("lookup %d: %d, want %d", i+1, res.StatusCode, want)
		}
	}
}

func TestStatusFormErrorsAreTranslated(t *testing.T) {
	sa := newStatusApp(t, nil)
	res, body := sa.post(t, "/ar/status", url.Values{"dossier": {"12"}, "birth_date": {dayOffset(5)}})
	if res.StatusCode != fiber.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, key := range []string{"form.status_lookup.dossier.error.pattern", "form.status_lookup.birth_date.error.date_future"} {
		if !strings.Contains(body, sa.t("ar", key)) {
			t.Errorf("lacks %s", key)
		}
	}
}

func TestKioskTakesAScannedLetter(t *testing.T) {
	sa := newStatusApp(t, nil)
	res, body := sa.post(t, "/kiosk/en/status", url.Values{"dossier": {"http://loket.test/status/letter#10000001.K7P2W9X4RT"}})
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, "<dd>A</dd>") || strings.Contains(body, "Amina") {
		t.Fatalf("kiosk scan: %d", res.StatusCode)
	}
	res, body = sa.post(t, "/en/status/letter", url.Values{"dossier": {"10000001"}, "access_code": {"k7p2 w9x4rt"}})
	if res.StatusCode != 200 || !strings.Contains(body, "10000001") {
		t.Errorf("letter form: %d", res.StatusCode)
	}
	res, body = sa.post(t, "/en/status/letter", url.Values{"dossier": {"10000001"}, "access_code": {"K7P2W9X4RA"}})
	if res.StatusCode != fiber.StatusUnprocessableEntity || !strings.Contains(body, sa.t("en", "status.error.no_match_code")) {
		t.Errorf("wrong code: %d", res.StatusCode)
	}
}

func TestStatusAPI(t *testing.T) {
	sa := newStatusApp(t, nil)
	res, body := sa.api(t, http.MethodPost, "/api/v1/status/lookup", "", `{"dossier":"10000001","birth_date":"1990-01-01"}`, "Accept-Language", "fr-BE")
	var v struct {
		Dossier  string `json:"dossier"`
		Language string `json:"language"`
		Status   struct{ Code, Title string }
		Timeline []struct{ Code string }
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil || res.StatusCode != 200 {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	cat, _ := dossiers.LoadCatalog(translations.FS)
	if v.Language != "fr" || v.Status.Code != "examination" || v.Status.Title != cat.Text([]string{"fr"}, "asylum", "examination").Title || len(v.Timeline) != 2 {
		t.Errorf("answer %+v", v)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Error("API answer may be cached")
	}
	tests := []struct {
		body   string
		status int
		fields []string
	}{
		{`{"dossier":"10000001","access_code":"K7P2W9X4RT"}`, 200, nil},
		{`{"dossier":12345678,"birth_date":"1990-01-01"}`, 422, []string{"dossier:type"}},
		{`{"dossier":"123","birth_date":"1990-02-30"}`, 422, []string{"dossier:pattern", "birth_date:date"}},
		{`{"dossier":"","birth_date":"` + dayOffset(3) + `"}`, 422, []string{"dossier:required", "birth_date:date_future"}},
		{`{"dossier":"10000001","access_code":"` + strings.Repeat("A", 300) + `"}`, 422, []string{"access_code:too_long"}},
		{`[1,2]`, 400, nil},
		{`{"dossier":`, 400, nil},
	}
	for _, tt := range tests {
		res, body := sa.api(t, http.MethodPost, "/api/v1/status/lookup", "", tt.body, "Accept-Language", "de")
		if res.StatusCode != tt.status {
			t.Errorf("%.60s: %d, want %d: %s", tt.body, res.StatusCode, tt.status, body)
			continue
		}
		for _, f := range tt.fields {
			field, code, _ := strings.Cut(f, ":")
			if !strings.Contains(body, fmt.Sprintf(`"field":"%s","code":"%s"`, field, code)) {
				t.Errorf("%.60s: lacks %s in %s", tt.body, f, body)
			}
		}
	}
}

func TestBackOfficeFeed(t *testing.T) {
	sa := newStatusApp(t, nil)
	path := "/api/v1/backoffice/dossiers/10000002"
	if res, body := sa.api(t, http.MethodPut, path, "", demoDossier()); res.StatusCode != 401 || !strings.Contains(body, `"code":"unauthorized"`) {
		t.Errorf("no token: %d %s", res.StatusCode, body)
	}
	if res, _ := sa.api(t, http.MethodPut, path, "lkt_wrong", demoDossier()); res.StatusCode != 401 {
		t.Errorf("wrong token: %d", res.StatusCode)
	}
	bad := `{"procedure":"piracy","received":"2026-02-30","birth_date":"` + dayOffset(1) + `","events":[{"code":"x"}],"colour":"red"}`
	res, body := sa.api(t, http.MethodPut, path, sa.token, bad, "Accept-Language", "nl")
	if res.StatusCode != 422 {
		t.Fatalf("invalid: %d %s", res.StatusCode, body)
	}
	for _, f := range []string{"procedure:procedure", "received:date", "birth_date:future", "events[0].date:required", "colour:unknown_field"} {
		field, code, _ := strings.Cut(f, ":")
		if !strings.Contains(body, fmt.Sprintf(`"field":"%s","code":"%s","message":"%s"`, field, code, sa.t("nl", "dossier.error."+code))) {
			t.Errorf("lacks %s: %s", f, body)
		}
	}
	if _, err := sa.svc.Verify(dossiers.Claim{Number: "10000002", By: dossiers.ByBirth, Secret: "1990-01-01", Client: "192.0.2.1"}); err == nil {
		t.Error("an invalid payload was written")
	}
	if res, _ := sa.api(t, http.MethodPut, path, sa.token, demoDossier()); res.StatusCode != 200 {
		t.Fatalf("put: %d", res.StatusCode)
	}
	ev := `{"id":"dec-1","code":"granted","date":"` + dayOffset(0) + `"}`
	res, body = sa.api(t, http.MethodPost, path+"/events", sa.token, ev)
	if res.StatusCode != 201 || !strings.Contains(body, `"status":"granted"`) {
		t.Fatalf("event: %d %s", res.StatusCode, body)
	}
	res, body = sa.api(t, http.MethodPost, path+"/events", sa.token, ev)
	if res.StatusCode != 200 || !strings.Contains(body, `"duplicate":true`) {
		t.Errorf("repeated event: %d %s", res.StatusCode, body)
	}
	a, err := sa.svc.Verify(dossiers.Claim{Number: "10000002", By: dossiers.ByBirth, Secret: "1990-01-01", Client: "192.0.2.1"})
	if err != nil || a.Status.Code != "granted" || len(a.Timeline) != 3 {
		t.Errorf("event not visible at once: %v %+v", err, a)
	}
	if res, _ := sa.api(t, http.MethodPost, "/api/v1/backoffice/dossiers/10000003/events", sa.token, ev); res.StatusCode != 404 {
		t.Errorf("event for a missing dossier: %d", res.StatusCode)
	}
	if res, body := sa.api(t, http.MethodPost, path+"/events", sa.token, `{"id":"z","code":"granted","date":"1990-01-01"}`); res.StatusCode != 422 || !strings.Contains(body, `"code":"order"`) {
		t.Errorf("event out of order: %d %s", res.StatusCode, body)
	}
}

// TestStatusKeysExist checks the keys the Go code prints (documents,
// notes, feed errors) against the English catalog.
func TestStatusKeysExist(t *testing.T) {
	cats, _ := locale.Load(translations.FS, locale.Options{Default: "en"})
	en := cats.Catalog("en").Messages
	var keys []string
	for _, k := range dossiers.DocumentKinds {
		keys = append(keys, "status.document."+k)
	}
	for _, k := range dossiers.NoteKeys {
		keys = append(keys, "status.note."+k)
	}
	for _, c := range dossiers.ErrorCodes {
		keys = append(keys, "dossier.error."+c)
	}
	keys = append(keys, "status.document.days_left", "status.appointment.when", "status.estimate.median", "status.estimate.p80",
		"status.estimate.basis", "status.queue", "status.overdue.title", "status.overdue.text", "status.overdue.ask",
		"status.locked.text", "status.error.no_match", "status.error.no_match_code", "error.unauthorized.text")
	for _, k := range keys {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
}

// BenchmarkStatusAPILookup is the lookup path through Fiber's handler
// (every middleware, form validation, one read transaction, the answer in
// JSON) over 10,000 dossiers, without the network.
func BenchmarkStatusAPILookup(b *testing.B) {
	sa := newStatusApp(b, func(c *config.Config) { c.LookupLimit = 1 << 30 })
	var ds []dossiers.Dossier
	for i := range 10000 {
		d, err := sa.svc.Parse(fmt.Sprintf("%08d", 20000000+i), map[string]any{"procedure": "asylum", "received": dayOffset(-60),
			"birth_date": "1990-01-01", "events": []any{map[string]any{"code": "received", "date": dayOffset(-60)}}})
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, d)
	}
	if err := sa.svc.Import(ds); err != nil {
		b.Fatal(err)
	}
	handle := sa.app.Handler()
	var ctx fasthttp.RequestCtx
	b.ResetTimer()
	for i := range b.N {
		ctx.Request.Reset()
		ctx.Response.Reset()
		ctx.Request.Header.SetMethod(http.MethodPost)
		ctx.Request.SetRequestURI("/api/v1/status/lookup")
		ctx.Request.Header.SetContentType("application/json")
		ctx.Request.SetBodyString(fmt.Sprintf(`{"dossier":"%08d","birth_date":"1990-01-01"}`, 20000000+(i*7919)%10000))
		handle(&ctx)
		if ctx.Response.StatusCode() != 200 {
			b.Fatalf("status %d: %s", ctx.Response.StatusCode(), ctx.Response.Body())
		}
	}
}

func TestDayIndex(t *testing.T) {
	seen := map[int]string{}
	for d := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2100; d = d.AddDate(0, 0, 1) {
		s := d.Format(time.DateOnly)
		i, ok := kit.DayIndex(s)
		if !ok || seen[i] != "" {
			t.Fatalf("%s: index %d %v, also %s", s, i, ok, seen[i])
		}
		seen[i] = s
	}
	for _, s := range []string{"1999-12-31", "2100-01-01", "2026-13-01", "2026-1-01", "abcd-ef-gh", ""} {
		if _, ok := kit.DayIndex(s); ok {
			t.Errorf("%q has an index", s)
		}
	}
}

// TestBackOfficeWritesAreAudited replays issue 14 item 7: back-office
// dossier writes left no trace in the audit trail. Each PUT and each new
// event now appends backoffice.push naming the token and the dossier; a
// refused write and a repeated event append nothing.
func TestBackOfficeWritesAreAudited(t *testing.T) {
	sa := newStatusApp(t, nil) // PUTs 10000001 with the token "test"
	ev := fmt.Sprintf(`{"id":"c","code":"interview","date":"%s"}`, dayOffset(0))
	if res, body := sa.api(t, http.MethodPost, "/api/v1/backoffice/dossiers/10000001/events", sa.token, ev); res.StatusCode != 201 {
		t.Fatalf("event: %d %s", res.StatusCode, body)
	}
	sa.api(t, http.MethodPost, "/api/v1/backoffice/dossiers/10000001/events", sa.token, ev) // the same again
	sa.api(t, http.MethodPut, "/api/v1/backoffice/dossiers/10000009", sa.token, `{"procedure":"piracy"}`)
	got, err := sa.trail.Search(context.Background(), audit.Filter{Action: audit.ActionBackOfficePush})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range got {
		lines = append(lines, e.Actor+" "+e.Object+" "+e.Detail+" "+e.Channel)
	}
	want := []string{"token:test 10000001 event interview api", "token:test 10000001 dossier.put api"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("audit entries %q, want %q", lines, want)
	}
}

// TestStatusResultSurvivesBackAndLanguage: a lookup leads to
// /status/result with a grant in a strict, HttpOnly cookie bound to the
// browser; the result opens again (Back, reload) and in another
// language; nothing personal is in a URL; a copied cookie does not work
// in another browser; "finish" ends it; after "no match" what was typed
// is still in the form.
func TestStatusResultSurvivesBackAndLanguage(t *testing.T) {
	sa := newStatusApp(t, nil)
	b := sa.browser(t)
	res, page := b.post("/en/status", "/en/status", url.Values{"dossier": {"10000001"}, "birth_date": {"1990-01-02"}})
	if res.StatusCode != fiber.StatusUnprocessableEntity || !strings.Contains(page, `value="1000 0001"`) || !strings.Contains(page, `value="1990-01-02"`) {
		t.Fatalf("no match keeps what was typed: %d %s", res.StatusCode, page)
	}
	res, _ = b.post("/en/status", "/en/status", url.Values{"dossier": {"10000001"}, "birth_date": {"1990-01-01"}})
	if res.StatusCode != fiber.StatusSeeOther || res.Header.Get("Location") != "/en/status/result" {
		t.Fatalf("lookup: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var grant *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "loket_status" {
			grant = c
		}
	}
	if grant == nil || !grant.HttpOnly || grant.SameSite != http.SameSiteStrictMode || grant.Path != "/" || grant.Expires.IsZero() {
		t.Fatalf("grant cookie: %+v", grant)
	}
	cat, _ := dossiers.LoadCatalog(translations.FS)
	for _, lang := range []string{"en", "en", "ar", "ti", "nl"} {
		res, page := b.Get("/" + lang + "/status/result")
		want := cat.Text([]string{lang}, "asylum", "examination")
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(page, "10000001") ||
			!strings.Contains(page, escaped(want.Title)) || !strings.Contains(page, `lang="`+lang+`"`) {
			t.Fatalf("%s result: %d", lang, res.StatusCode)
		}
	}
	if res, page := b.Get("/kiosk/en/status"); res.StatusCode != 200 || strings.Contains(page, "10000001") {
		t.Fatalf("kiosk form: %d", res.StatusCode)
	}

	// Another browser with the grant copied into it sees the form.
	other := sa.browser(t)
	other.Get("/en/status")
	other.cookies["loket_status"] = b.cookies["loket_status"]
	res, page = other.Get("/en/status/result")
	if res.StatusCode != 200 || strings.Contains(page, "10000001") || !strings.Contains(page, escaped(sa.t("en", "status.result.expired"))) {
		t.Fatalf("copied grant: %d", res.StatusCode)
	}

	res, _ = b.post("/en/status/finish", "/en/status/result", url.Values{})
	if res.StatusCode != fiber.StatusSeeOther || res.Header.Get("Location") != "/en/status" || b.cookies["loket_status"] != nil {
		t.Fatalf("finish: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, page := b.Get("/ar/status/result"); res.StatusCode != 200 || strings.Contains(page, "10000001") {
		t.Fatalf("after finish: %d", res.StatusCode)
	}
}
