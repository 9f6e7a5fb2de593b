package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/config"
	"loket/server/locale"
	"loket/server/receipts"
	"loket/server/web/kit"
	"loket/server/web/public"
	"loket/translations"
)

// receiptEnv is the real app on a real store with a receipts service, and
// the log it writes at debug level.
type receiptEnv struct {
	*testApp
	svc  *receipts.Service
	keys *receipts.Keyring
}

var sharedRenderer struct {
	once sync.Once
	r    *receipts.Renderer
	err  error
}

func newReceiptEnv(t testing.TB) *receiptEnv {
	t.Helper()
	r := &receiptEnv{}
	r.testApp = newTestApp(t, appOptions{debugLog: true, start: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), wire: func(e *testApp) {
		var err error
		if r.keys, err = receipts.OpenKeyring(context.Background(), e.store, e.clock.Now); err != nil {
			t.Fatal(err)
		}
		sharedRenderer.once.Do(func() { sharedRenderer.r, sharedRenderer.err = receipts.NewRenderer() })
		if sharedRenderer.err != nil {
			t.Fatal(sharedRenderer.err)
		}
		r.svc, err = receipts.New(e.store, r.keys, receipts.Config{BaseURL: "http://loket.test", Now: e.clock.Now, Renderer: sharedRenderer.r})
		if err != nil {
			t.Fatal(err)
		}
		e.deps.Receipts = r.svc
	}})
	return r
}

// issue records a booking confirmation for tomorrow 14:30 Brussels time.
func (e *receiptEnv) issue(t testing.TB, ref string) (receipts.Receipt, string) {
	t.Helper()
	r, token, err := e.svc.Issue(context.Background(), receipts.Input{Kind: receipts.KindBookingConfirmed,
		Reference: ref, At: time.Date(2026, 3, 3, 13, 30, 0, 0, time.UTC), OfficeID: "brussels-north",
		Fields: map[string]string{"procedure": "family", "desk": "12"}})
	if err != nil {
		t.Fatal(err)
	}
	return r, token
}

// flip changes one byte of the token's decoded form and encodes it again.
func flip(t *testing.T, token string, i int) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Fatal(err)
	}
	if i < 0 {
		i += len(b)
	}
	b[i] ^= 0x01
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestReceiptPageGenuine(t *testing.T) {
	e := newReceiptEnv(t)
	r, token := e.issue(t, "K7M-4QX2")
	tests := []struct {
		path, accept, lang, dir string
	}{
		{"/en/r/" + token, "", "en", "ltr"},
		{"/ar/r/" + token, "", "ar", "rtl"},
		{"/r/" + token, "fr-BE,fr;q=0.9", "fr", "ltr"},
		{"/kiosk/ti/r/" + token, "", "ti", "ltr"},
	}
	for _, tt := range tests {
		res, body := get(t, e.app, tt.path, "Accept-Language", tt.accept)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", tt.path, res.StatusCode)
		}
		if m := htmlAttrs.FindStringSubmatch(body); m == nil || m[1] != tt.lang || m[2] != tt.dir {
			t.Errorf("%s: html attrs %v", tt.path, m)
		}
		p := e.deps.Catalogs.Printer(tt.lang)
		brussels := r.At.In(mustLoc(t))
		family, ok := e.deps.Content.Page(e.deps.Catalogs.Chain(tt.lang), "family")
		if !ok {
			t.Fatal("no information page for family")
		}
		for _, want := range []string{
			`class="receipt-verdict receipt-genuine"`, p.T("receipt.verdict.genuine"), p.T("receipt.title.booking_confirmed"),
			`<bdi dir="ltr">K7M-4QX2</bdi>`, p.Date(brussels) + " 14:30", p.T("receipt.field.procedure"), "<bdi>" + family.Title + "</bdi>",
			`<bdi dir="ltr">12</bdi>`,
		} {
			if !strings.Contains(body, htmlEscape(want)) {
				t.Errorf("%s: page lacks %q", tt.path, want)
			}
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", tt.path, cc)
		}
	}
}

func mustLoc(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func htmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\'':
			b.WriteString("&#39;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestReceiptRevokedShowsWhenAndWhy(t *testing.T) {
	e := newReceiptEnv(t)
	r, token := e.issue(t, "K7M-4QX2")
	// Seen while it stands, in two languages: the pages kept for these
	// views must give way once the receipt is revoked.
	for _, lang := range []string{"en", "ar"} {
		if _, body := get(t, e.app, "/"+lang+"/r/"+token); !strings.Contains(body, "receipt-genuine") {
			t.Fatalf("%s: a standing receipt is not shown genuine", lang)
		}
	}
	e.clock.Add(time.Hour)
	if _, err := e.svc.Revoke(context.Background(), r.ID, "booking_moved"); err != nil {
		t.Fatal(err)
	}
	p := e.deps.Catalogs.Printer("en")
	_, body := get(t, e.app, "/en/r/"+token)
	for _, want := range []string{`receipt-revoked`, p.T("receipt.verdict.revoked"), p.T("receipt.revoked_reason.booking_moved"),
		p.T("receipt.verify.revoked", "date", p.Date(e.clock.Now().In(mustLoc(t))))} {
		if !strings.Contains(body, htmlEscape(want)) {
			t.Errorf("revoked page lacks %q", want)
		}
	}
	_, js := get(t, e.app, "/api/v1/receipts/verify/"+token, "Accept-Language", "en")
	var a map[string]any
	if err := json.Unmarshal([]byte(js), &a); err != nil {
		t.Fatal(err)
	}
	if a["genuine"] != true || a["revoked"] != true || a["reason"] != "booking_moved" || a["revoked_at"] != "2026-03-02T10:00:00Z" {
		t.Errorf("revoked JSON %s", js)
	}
}

func TestReceiptBrokenTokensAreNotGenuine(t *testing.T) {
	e := newReceiptEnv(t)
	_, token := e.issue(t, "SECRET-REF1")
	// A token from another installation: same shape, a key this one lacks.
	other := newReceiptEnv(t)
	_, foreign := other.issue(t, "OTHER-1")
	// A genuine signature for a receipt this store never recorded.
	ghost, err := e.keys.Sign(receipts.Payload{ReceiptID: "aaaaaaaaaaaaa", Kind: receipts.KindQueueTicket, Reference: "Q1",
		At: e.clock.Now(), OfficeID: "brussels-north", Expires: e.clock.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(token)
	tests := []struct {
		name, token, reason string
	}{
		{"version byte", flip(t, token, 0), public.ReasonMalformed},
		{"receipt id", flip(t, token, 4), public.ReasonBadSignature},
		{"reference", flip(t, token, 12), public.ReasonBadSignature},
		{"times", flip(t, token, len(raw)-64-10), public.ReasonBadSignature},
		{"key id", flip(t, token, len(raw)-64-1), public.ReasonUnknownKey},
		{"signature start", flip(t, token, len(raw)-64), public.ReasonBadSignature},
		{"signature end", flip(t, token, -1), public.ReasonBadSignature},
		{"truncated", token[:len(token)-6], public.ReasonMalformed},
		{"one character", "A", public.ReasonMalformed},
		{"not base64", "not*a*token", public.ReasonMalformed},
		{"far too long", strings.Repeat("A", 400), public.ReasonMalformed},
		{"foreign key", foreign, public.ReasonUnknownKey},
		{"unknown receipt", ghost, public.ReasonUnknownReceipt},
	}
	en := e.deps.Catalogs.Printer("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, e.app, "/en/r/"+url.PathEscape(tt.token))
			if res.StatusCode != 200 || !strings.Contains(body, "receipt-invalid") || !strings.Contains(body, htmlEscape(en.T("receipt.verdict.invalid"))) {
				t.Errorf("page: status %d, not marked invalid", res.StatusCode)
			}
			if strings.Contains(body, "SECRET-REF1") || strings.Contains(body, "OTHER-1") {
				t.Error("page shows a reference")
			}
			res, js := get(t, e.app, "/api/v1/receipts/verify/"+url.PathEscape(tt.token), "Accept-Language", "de")
			var a map[string]any
			if err := json.Unmarshal([]byte(js), &a); err != nil || res.StatusCode != 200 {
				t.Fatalf("JSON %d %s", res.StatusCode, js)
			}
			if a["genuine"] != false || a["reason_code"] != tt.reason || a["message"] != e.deps.Catalogs.Printer("de").T("receipt.verify.invalid") || len(a) != 3 {
				t.Errorf("JSON %s, want reason %s", js, tt.reason)
			}
		})
	}
	// An expired token says so.
	e.clock.Add(9 * 24 * time.Hour)
	_, js := get(t, e.app, "/api/v1/receipts/verify/"+token, "Accept-Language", "en")
	if !strings.Contains(js, `"genuine":false,"reason_code":"expired"`) || !strings.Contains(js, en.T("receipt.verify.expired")) {
		t.Errorf("expired: %s", js)
	}
}

func TestReceiptTokensStayOutOfTheLog(t *testing.T) {
	e := newReceiptEnv(t)
	r, token := e.issue(t, "K7M-4QX2")
	get(t, e.app, "/en/r/"+token)
	get(t, e.app, "/kiosk/r/"+flip(t, token, -1))
	get(t, e.app, "/api/v1/receipts/verify/"+token)
	get(t, e.app, "/api/v1/receipts/"+r.ID+".pdf?token="+token)
	logged := e.log.String()
	if !strings.Contains(logged, "route=/r/:token") || !strings.Contains(logged, "route=/api/v1/receipts/verify/:token") {
		t.Fatalf("access log lacks the route patterns:\n%s", logged)
	}
	for _, secret := range []string{token, token[:20], r.ID, "K7M-4QX2"} {
		if strings.Contains(logged, secret) {
			t.Errorf("log holds %q:\n%s", secret, logged)
		}
	}
}

func TestReceiptAnswerShape(t *testing.T) {
	e := newReceiptEnv(t)
	_, token := e.issue(t, "K7M-4QX2")
	res, js := get(t, e.app, "/api/v1/receipts/verify/"+token, "Accept-Language", "fr")
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	var a map[string]any
	if err := json.Unmarshal([]byte(js), &a); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"genuine": true, "kind": "booking_confirmed", "reference": "K7M-4QX2", "office": "brussels-north",
		"at": "2026-03-03T13:30:00Z", "issued": "2026-03-02T09:00:00Z", "revoked": false,
		"message": e.deps.Catalogs.Printer("fr").T("receipt.verify.genuine")}
	for k, v := range want {
		if a[k] != v {
			t.Errorf("%s = %v, want %v", k, a[k], v)
		}
	}
	f, _ := a["fields"].(map[string]any)
	if f["procedure"] != "family" || f["desk"] != "12" {
		t.Errorf("fields %v", a["fields"])
	}
	if _, ok := a["reason_code"]; ok {
		t.Error("a genuine answer carries a reason code")
	}
	// A receipt without fields still says "fields": {}, as documented.
	_, bare, err := e.svc.Issue(context.Background(), receipts.Input{Kind: receipts.KindQueueTicket, Reference: "A-001",
		At: time.Date(2026, 3, 3, 13, 30, 0, 0, time.UTC), OfficeID: "brussels-north"})
	if err != nil {
		t.Fatal(err)
	}
	if _, js := get(t, e.app, "/api/v1/receipts/verify/"+bare); !strings.Contains(js, `"fields":{}`) {
		t.Errorf("receipt without fields: %s", js)
	}
	if _, js := get(t, e.app, "/api/v1/receipts/verify/"+flip(t, token, 20)); strings.Contains(js, `"fields"`) {
		t.Errorf("a token that is not genuine carries fields: %s", js)
	}
}

func TestReceiptKeysVerifyTokens(t *testing.T) {
	e := newReceiptEnv(t)
	_, token := e.issue(t, "K7M-4QX2")
	res, body := get(t, e.app, "/.well-known/loket-receipt-keys.json")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "max-age=300") {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	var set receipts.PublicKeySet
	if err := json.Unmarshal([]byte(body), &set); err != nil || len(set.Keys) != 1 || strings.Contains(body, "seed") {
		t.Fatalf("key set %s: %v", body, err)
	}
	v, err := receipts.NewVerifier(set, e.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := v.Verify(token); err != nil || p.Reference != "K7M-4QX2" {
		t.Errorf("published keys do not verify a token: %v", err)
	}
	if _, err := v.Verify(flip(t, token, -3)); err == nil {
		t.Error("published keys accept a flipped token")
	}
}

func TestReceiptPDF(t *testing.T) {
	e := newReceiptEnv(t)
	r, token := e.issue(t, "K7M-4QX2")
	r2, token2 := e.issue(t, "OTHER-2")
	pdf := func(id, query string) (*http.Response, string) {
		return get(t, e.app, "/api/v1/receipts/"+id+".pdf"+query, "Accept-Language", "ar")
	}
	for _, format := range []string{"", "&format=a4", "&format=80mm"} {
		res, body := pdf(r.ID, "?token="+token+format)
		if res.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
			t.Fatalf("format %q: %d %.80s", format, res.StatusCode, body)
		}
		if res.Header.Get("Content-Type") != "application/pdf" || res.Header.Get("Content-Disposition") != `inline; filename="receipt-K7M-4QX2.pdf"` ||
			res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("X-Robots-Tag") != "noindex, nofollow" {
			t.Errorf("headers %v", res.Header)
		}
	}
	res, body := pdf(r.ID, "?format=a5&token="+token)
	if res.StatusCode != 400 || !strings.Contains(body, `"code":"format"`) {
		t.Errorf("bad format: %d %s", res.StatusCode, body)
	}
	notFound, _ := pdf("zzzzzzzzzzzzz", "")
	for name, q := range map[string][2]string{
		"no token":                  {r.ID, ""},
		"another receipt's token":   {r.ID, "?token=" + token2},
		"flipped token":             {r.ID, "?token=" + flip(t, token, -1)},
		"unknown id, a good token":  {"zzzzzzzzzzzzz", "?token=" + token},
		"path-like id":              {"..%2f..%2fetc", "?token=" + token},
		"token for the other as id": {r2.ID, "?token=" + token},
	} {
		res, body := pdf(q[0], q[1])
		if res.StatusCode != 404 || !strings.Contains(body, `"code":"not_found"`) {
			t.Errorf("%s: %d %s", name, res.StatusCode, body)
		}
	}
	if notFound.StatusCode != 404 {
		t.Errorf("unknown id without token: %d", notFound.StatusCode)
	}
	if _, err := e.svc.Revoke(context.Background(), r.ID, "booking_cancelled"); err != nil {
		t.Fatal(err)
	}
	if res, body := pdf(r.ID, "?token="+token); res.StatusCode != fiber.StatusGone || !strings.Contains(body, `"code":"revoked"`) {
		t.Errorf("revoked receipt: %d %s", res.StatusCode, body)
	}
}

func TestReceiptFilename(t *testing.T) {
	for ref, want := range map[string]string{"K7M-4QX2": "receipt-K7M-4QX2.pdf", "8.123/456": "receipt-8.123-456.pdf"} {
		if got := public.ReceiptFilename(ref); got != want {
			t.Errorf("%s: %s", ref, got)
		}
	}
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func TestReceiptVerifyForm(t *testing.T) {
	e := newReceiptEnv(t)
	_, token := e.issue(t, "K7M-4QX2")
	for _, shell := range []string{"", "/kiosk"} {
		res, body := get(t, e.app, shell+"/en/verify")
		m := csrfInput.FindStringSubmatch(body)
		if res.StatusCode != 200 || m == nil || !strings.Contains(body, `action="`+shell+`/en/verify"`) {
			t.Fatalf("%s form: %d", shell, res.StatusCode)
		}
		var cookie string
		for _, c := range res.Cookies() {
			if c.Name == kit.CookieCSRF {
				cookie = c.Name + "=" + c.Value
			}
		}
		post := func(code string) (*http.Response, string) {
			req := httptest.NewRequest(http.MethodPost, shell+"/en/verify", strings.NewReader(url.Values{"_csrf": {m[1]}, "code": {code}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Cookie", cookie)
			return do(t, e.app, req)
		}
		for _, code := range []string{token, " http://loket.test/r/" + token + " ", "https://elsewhere.example/nl/r/" + token} {
			res, _ := post(code)
			if res.StatusCode != fiber.StatusSeeOther || res.Header.Get("Location") != shell+"/en/r/"+token {
				t.Errorf("%s %q: %d to %q", shell, code, res.StatusCode, res.Header.Get("Location"))
			}
		}
		for _, code := range []string{"", "hello world", "http://loket.test/r/" + token + "?x=1", "javascript:alert(1)//r/" + token} {
			res, body := post(code)
			if res.StatusCode != fiber.StatusUnprocessableEntity || !strings.Contains(body, "error-summary") {
				t.Errorf("%s %q: %d", shell, code, res.StatusCode)
			}
		}
	}
	_, body := get(t, e.app, "/en/")
	if !strings.Contains(body, `href="/en/verify"`) {
		t.Error("footer lacks the verify link")
	}
}

func TestReceiptRoutesWithoutService(t *testing.T) {
	app := newTestApp(t, shellApp).app
	for _, p := range []string{"/r/abc", "/api/v1/receipts/verify/abc", "/.well-known/loket-receipt-keys.json"} {
		if res, _ := get(t, app, p); res.StatusCode != fiber.StatusServiceUnavailable {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

// TestReceiptKeysExist checks the keys the receipt handlers build in code
// (template keys are checked by TestEveryKeyExists) in every language.
func TestReceiptKeysExist(t *testing.T) {
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	need := []string{"receipt.page.title", "receipt.verdict.genuine", "receipt.verdict.revoked", "receipt.verdict.invalid",
		"receipt.verify.genuine", "receipt.verify.revoked", "receipt.verify.expired", "receipt.verify.invalid",
		"receipt.pdf.format", "receipt.pdf.revoked", "receipt.issuer", "receipt.office", "receipt.reference",
		"receipt.time", "receipt.bring", "receipt.verify_hint"}
	need = append(need, public.BringKeys...)
	for reason := range public.RevokeReasons {
		need = append(need, "receipt.revoked_reason."+reason)
	}
	for _, kind := range receipts.Kinds() {
		need = append(need, "receipt.title."+string(kind))
		for _, f := range kind.FieldKeys() {
			need = append(need, "receipt.field."+f)
		}
	}
	langs := cats.Languages()
	if len(langs) != 13 {
		t.Fatalf("%d languages", len(langs))
	}
	for _, m := range langs {
		msgs := cats.Catalog(m.Code).Messages
		for _, k := range need {
			if _, ok := msgs[k]; !ok {
				t.Errorf("%s lacks %s", m.Code, k)
			}
		}
	}
}

func TestReceiptDocument(t *testing.T) {
	cats, lib := sharedCatalogs(t), shared.lib
	cfg := config.Defaults()
	h := &public.Handler{Kit: &kit.Kit{Config: cfg, Catalogs: cats, Office: mustLoc(t)}, Content: lib}
	r := receipts.Receipt{ID: "aaaaaaaaaaaaa", Kind: receipts.KindBookingConfirmed, Reference: "K7M-4QX2",
		At: time.Date(2026, 3, 3, 13, 30, 0, 0, time.UTC), Fields: map[string]string{"procedure": "family", "desk": "12"}}
	ar := cats.Printer("ar")
	d := h.ReceiptDocument(ar, r)
	family, _ := lib.Page([]string{"ar"}, "family")
	familyNL, _ := lib.Page([]string{"nl"}, "family")
	if d.Lang != "ar" || !d.RTL || d.Title != ar.T("receipt.title.booking_confirmed") || d.FieldLabels["desk"] != ar.T("receipt.field.desk") {
		t.Errorf("reader text: %+v", d)
	}
	if d.When != ar.Date(r.At.In(mustLoc(t)))+" 14:30" || d.FieldValues["procedure"] != family.Title || len(d.Bring) != 3 {
		t.Errorf("when %q, procedure %q, bring %v", d.When, d.FieldValues["procedure"], d.Bring)
	}
	if d.Office.Lang != "nl" || d.Office.Title != cats.Printer("nl").T("receipt.title.booking_confirmed") || d.Office.FieldValues["procedure"] != familyNL.Title {
		t.Errorf("office block: %+v", d.Office)
	}
	h.Config.DefaultLang = "fr"
	r.Kind, r.Fields = receipts.KindQueueTicket, map[string]string{"service": "info"}
	d = h.ReceiptDocument(cats.Printer("uk"), r)
	if d.Office.Lang != "fr" || len(d.Bring) != 0 || d.FieldValues != nil || d.RTL {
		t.Errorf("queue ticket: office %s, bring %v, values %v", d.Office.Lang, d.Bring, d.FieldValues)
	}
	h.Config.DefaultLang = "en"
	if d = h.ReceiptDocument(cats.Printer("en"), r); d.Office.Lang != "nl" {
		t.Errorf("English default: office block in %s", d.Office.Lang)
	}
	// Codes print as words: a help topic, a queue service.
	uk, nl := cats.Printer("uk"), cats.Printer("nl")
	for _, tt := range []struct {
		kind        receipts.Kind
		field, code string
		key         string
	}{
		{receipts.KindEscalation, "topic", "appointment", "help.category.appointment"},
		{receipts.KindQueueTicket, "service", "information_interview", "booking.service.information_interview"},
	} {
		r.Kind, r.Fields = tt.kind, map[string]string{tt.field: tt.code, "ticket": "H012"}
		d = h.ReceiptDocument(uk, r)
		if d.FieldValues[tt.field] != uk.T(tt.key) || d.Office.FieldValues[tt.field] != nl.T(tt.key) || uk.T(tt.key) == nl.T(tt.key) {
			t.Errorf("%s %s: reader %q, office %q", tt.kind, tt.field, d.FieldValues[tt.field], d.Office.FieldValues[tt.field])
		}
	}
}
