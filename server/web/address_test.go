package web

import (
	"context"
	"encoding/json"
	htmltemplate "html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/address"
	"loket/server/config"
	"loket/server/dossiers"
	"loket/server/receipts"
	"loket/server/web/kit"
	"loket/server/web/public"
)

// fakeStaff is a signed-in municipal employee.
type fakeStaff struct {
	id    string
	munis []string
}

func (s fakeStaff) ID() string               { return s.id }
func (s fakeStaff) Municipalities() []string { return s.munis }

// fakeAudit records the audit trail.
type fakeAudit struct {
	mu      sync.Mutex
	entries []string
}

func (a *fakeAudit) Append(_ context.Context, actor, action, object string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = append(a.entries, actor+" "+action+" "+object)
	return nil
}

func (a *fakeAudit) has(prefix string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, e := range a.entries {
		if strings.HasPrefix(e, prefix) {
			return true
		}
	}
	return false
}

// staffUsers are the test accounts, chosen with the X-Test-Staff header.
var staffUsers = map[string]fakeStaff{
	"ixelles": {"u-ixelles", []string{"elsene"}},
	"ghent":   {"u-ghent", []string{"gent"}},
}

type addressApp struct {
	*testApp
	svc      *address.Service
	receipts *receipts.Service
	audit    *fakeAudit
	// token is a back-office bearer token named "case-system".
	token string
}

// newAddressApp builds the app on a real store with a real receipts
// service, fake staff sessions, audit trail and back-office tokens.
func newAddressApp(t *testing.T) *addressApp {
	t.Helper()
	a := &addressApp{audit: &fakeAudit{}}
	// One test client sends many notifications: lift the per-address
	// budget of anonymous writes (its own test is in package resilience).
	a.testApp = newTestApp(t, appOptions{start: time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC),
		config: func(c *config.Config) { c.WriteLimit = 1000 }, wire: func(e *testApp) {
			keys, err := receipts.OpenKeyring(context.Background(), e.store, e.clock.Now)
			if err != nil {
				t.Fatal(err)
			}
			if a.receipts, err = receipts.New(e.store, keys, receipts.Config{BaseURL: "http://loket.test", Now: e.clock.Now}); err != nil {
				t.Fatal(err)
			}
			dir, err := address.Curated()
			if err != nil {
				t.Fatal(err)
			}
			if a.svc, err = address.New(e.store, a.receipts, dir, address.NewCountries(), address.Config{
				Secret: []byte(testSecret), Now: e.clock.Now}); err != nil {
				t.Fatal(err)
			}
			e.deps.Address, e.deps.AddressAudit, e.deps.Tokens = a.svc, a.audit, e.store
			e.deps.CurrentStaff = func(c *fiber.Ctx) (kit.StaffIdentity, bool) {
				s, ok := staffUsers[c.Get("X-Test-Staff")]
				return s, ok
			}
		}})
	plain, tok := dossiers.NewToken("case-system", time.Now())
	if err := a.store.CreateToken(tok); err != nil {
		t.Fatal(err)
	}
	a.token = plain
	return a
}

// session is a browser: its CSRF cookie and token.
type session struct {
	cookie, token string
}

func (a *addressApp) Session(t *testing.T) session {
	t.Helper()
	res, body := get(t, a.app, "/en/address")
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on the form")
	}
	for _, c := range res.Cookies() {
		if c.Name == kit.CookieCSRF {
			return session{cookie: c.Value, token: m[1]}
		}
	}
	t.Fatal("no CSRF cookie")
	return session{}
}

func (a *addressApp) post(t *testing.T, s session, path string, v url.Values, headers ...string) (*http.Response, string) {
	t.Helper()
	v.Set("_csrf", s.token)
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", kit.CookieCSRF+"="+s.cookie)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return do(t, a.app, req)
}

func validForm() url.Values {
	return url.Values{
		"surname": {"Kovalenko"}, "given_names": {"Olena"}, "birth_date": {"1990-04-02"}, "nationality": {"UA"},
		"doc_type": {"passport"}, "doc_number": {"fe 123456"}, "entry_date": {"2026-05-01"},
		"street": {"Rue du Trône"}, "number": {"12b"}, "postcode": {"1050"}, "municipality": {"elsene"},
		"departure_date": {"2026-06-20"}, "phone": {"+32 470 12 34 56"}, "consent": {"yes"},
	}
}

var (
	refPattern = regexp.MustCompile(`id="address-reference"><bdi dir="ltr">(A[0-9A-Z]{3}-[0-9A-Z]{5})</bdi>`)
	pinPattern = regexp.MustCompile(`id="address-pin"><bdi dir="ltr">([0-9]{6})</bdi>`)
)

// submit posts a valid notification and returns its reference and PIN.
func (a *addressApp) submit(t *testing.T, s session, lang string, v url.Values) (string, string, string) {
	t.Helper()
	res, body := a.post(t, s, "/"+lang+"/address", v)
	if res.StatusCode != 200 {
		t.Fatalf("submit: status %d\n%s", res.StatusCode, body)
	}
	ref, pin := refPattern.FindStringSubmatch(body), pinPattern.FindStringSubmatch(body)
	if ref == nil || pin == nil {
		t.Fatalf("confirmation lacks reference or PIN:\n%s", body)
	}
	return ref[1], pin[1], body
}

func TestAddressFormInUkrainian(t *testing.T) {
	a := newAddressApp(t)
	res, body := get(t, a.app, "/uk/address")
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, cache %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	for _, want := range []string{`<option value="UA">Україна</option>`, `<option value="luik">Liège</option>`,
		`<option value="elsene">Elsene / Ixelles</option>`, `action="/uk/address"`, `name="consent"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	_, kiosk := get(t, a.app, "/kiosk/ar/address")
	if !strings.Contains(kiosk, `action="/kiosk/ar/address"`) || !strings.Contains(kiosk, `dir="rtl"`) {
		t.Error("kiosk form in Arabic does not post back to the kiosk")
	}
}

func TestAddressBadInputKeepsValues(t *testing.T) {
	a := newAddressApp(t)
	s := a.Session(t)
	v := validForm()
	v.Set("surname", "Коваленко")
	v.Set("postcode", "1000")
	v.Set("doc_number", "AB-12")
	v.Set("entry_date", "2026-02-30")
	v.Set("street", strings.Repeat("x", 101))
	res, body := a.post(t, s, "/uk/address", v)
	if res.StatusCode != fiber.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	p := a.deps.Catalogs.Printer("uk")
	for _, want := range []string{
		p.T("address.error.latin"), p.T("address.error.postcode_mismatch"),
		p.T("address.error.doc_number.passport"), p.T("form.error.date"),
		`id="f-surname-error"`, `id="f-postcode-error"`, `id="f-doc_number-error"`, `id="f-entry_date-error"`, `id="f-street-error"`,
		// Valid answers stay.
		`value="Olena"`, `<option value="UA" selected>`, `<option value="elsene" selected>`, `value="2026-06-20"`,
	} {
		if !strings.Contains(body, esc(want)) {
			t.Errorf("page lacks %q", want)
		}
	}
	if st, _ := a.svc.Stats(context.Background()); st.Submitted != 0 {
		t.Error("a refused form was recorded")
	}
}

// esc escapes a message as the page prints it; HTML snippets stay as
// they are.
func esc(s string) string {
	if strings.HasPrefix(s, "<") || strings.Contains(s, "=\"") {
		return s
	}
	return htmltemplate.HTMLEscapeString(s)
}

func TestAddressLongStayExplainedWithoutLosingAnswers(t *testing.T) {
	a := newAddressApp(t)
	s := a.Session(t)
	v := validForm()
	v.Set("departure_date", "2026-08-15")
	res, body := a.post(t, s, "/ar/address", v)
	if res.StatusCode != fiber.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`href="/ar/info/short_stay"`, `href="/ar/info/work"`, `value="Kovalenko"`,
		`value="2026-08-15"`, `value="FE123456"`, `class="notice notice-warn address-long-stay"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestAddressSubmitStatusAndChange(t *testing.T) {
	a := newAddressApp(t)
	s := a.Session(t)
	ref, pin, body := a.submit(t, s, "uk", validForm())
	if !strings.Contains(body, `href="/uk/api/v1/receipts/`) || !strings.Contains(body, ".pdf?token=") {
		t.Errorf("no receipt link:\n%s", body)
	}
	p := a.deps.Catalogs.Printer("uk")
	// The visitor looks the notification up.
	res, body := a.post(t, s, "/uk/address/status", url.Values{"reference": {strings.ToLower(ref)}, "pin": {pin}})
	if res.StatusCode != 200 || !strings.Contains(body, esc(p.T("address.status.status.new"))) {
		t.Fatalf("status page %d:\n%s", res.StatusCode, body)
	}
	res, body = a.post(t, s, "/uk/address/status", url.Values{"reference": {ref}, "pin": {"000000"}})
	if res.StatusCode != fiber.StatusUnprocessableEntity || !strings.Contains(body, esc(p.T("address.error.not_found"))) ||
		strings.Contains(body, `value="000000"`) {
		t.Errorf("wrong PIN: %d", res.StatusCode)
	}
	// The municipality asks them to come in; the visitor sees it.
	res, _ = a.post(t, s, "/en/municipality/address/"+ref+"/status", url.Values{"status": {"come_in"}}, "X-Test-Staff", "ixelles")
	if res.StatusCode != fiber.StatusSeeOther {
		t.Fatalf("come in: %d", res.StatusCode)
	}
	_, body = a.post(t, s, "/uk/address/status", url.Values{"reference": {ref}, "pin": {pin}})
	if !strings.Contains(body, esc(p.T("address.status.status.come_in"))) {
		t.Error("the visitor does not see the request to come in")
	}
	// An address change: reference and PIN, then the form prefilled.
	res, body = a.post(t, s, "/uk/address/change", url.Values{"reference": {ref}, "pin": {pin}})
	if res.StatusCode != 200 || !strings.Contains(body, `name="previous_ref" value="`+ref+`"`) || !strings.Contains(body, `value="Kovalenko"`) {
		t.Fatalf("change form %d:\n%s", res.StatusCode, body)
	}
	v := validForm()
	v.Set("municipality", "luik")
	v.Set("postcode", "4000")
	v.Set("previous_ref", ref)
	v.Set("previous_pin", pin)
	newRef, _, _ := a.submit(t, s, "uk", v)
	_, body = a.post(t, s, "/uk/address/status", url.Values{"reference": {ref}, "pin": {pin}})
	if !strings.Contains(body, newRef) {
		t.Error("the old notification does not point to the new one")
	}
	n, err := a.svc.Get(context.Background(), []string{"luik"}, newRef)
	if err != nil || string(n.Previous) != strings.ReplaceAll(ref, "-", "") {
		t.Errorf("new notification %+v %v", n, err)
	}
}

func TestMunicipalityIsolation(t *testing.T) {
	a := newAddressApp(t)
	s := a.Session(t)
	ixRef, _, _ := a.submit(t, s, "en", validForm())
	v := validForm()
	v.Set("municipality", "gent")
	v.Set("postcode", "9000")
	v.Set("surname", "Gentenaar")
	gentRef, _, _ := a.submit(t, s, "en", v)

	res, body := get(t, a.app, "/en/municipality/address", "X-Test-Staff", "ixelles")
	if res.StatusCode != 200 || !strings.Contains(body, ixRef) || strings.Contains(body, gentRef) || strings.Contains(body, "Gentenaar") {
		t.Fatalf("Ixelles list %d: own %v, Ghent's %v", res.StatusCode, strings.Contains(body, ixRef), strings.Contains(body, gentRef))
	}
	if res, _ := get(t, a.app, "/en/municipality/address/"+gentRef, "X-Test-Staff", "ixelles"); res.StatusCode != 404 {
		t.Errorf("Ixelles opened Ghent's notification: %d", res.StatusCode)
	}
	if res, _ := a.post(t, s, "/en/municipality/address/"+gentRef+"/status", url.Values{"status": {"checked"}}, "X-Test-Staff", "ixelles"); res.StatusCode != 404 {
		t.Errorf("Ixelles marked Ghent's notification: %d", res.StatusCode)
	}
	res, body = get(t, a.app, "/en/municipality/address/"+ixRef, "X-Test-Staff", "ixelles")
	if res.StatusCode != 200 || !strings.Contains(body, "Kovalenko") || !strings.Contains(body, "FE123456") {
		t.Errorf("detail %d", res.StatusCode)
	}
	res, body = get(t, a.app, "/en/municipality/address.csv?status=new", "X-Test-Staff", "ixelles")
	body = sheetBody(t, body)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(body, ixRef+",") || !strings.Contains(body, ",UKR,") || strings.Contains(body, gentRef) {
		t.Errorf("CSV %d:\n%s", res.StatusCode, body)
	}
	a.post(t, s, "/en/municipality/address/"+ixRef+"/status", url.Values{"status": {"checked"}}, "X-Test-Staff", "ixelles")
	_, body = get(t, a.app, "/en/municipality/address?status=checked", "X-Test-Staff", "ixelles")
	if !strings.Contains(body, ixRef) {
		t.Error("checked filter lacks the checked notification")
	}
	_, body = get(t, a.app, "/en/municipality/address?status=new", "X-Test-Staff", "ixelles")
	if strings.Contains(body, ixRef) {
		t.Error("new filter shows a checked notification")
	}
	for _, want := range []string{"u-ixelles address.list", "u-ixelles address.view " + strings.ReplaceAll(ixRef, "-", ""),
		"u-ixelles address.export", "u-ixelles address.status.checked"} {
		if !a.audit.has(want) {
			t.Errorf("audit trail lacks %q", want)
		}
	}
	if a.audit.has("u-ixelles address.view " + strings.ReplaceAll(gentRef, "-", "")) {
		t.Error("a refused view was audited as a view")
	}
	if res, _ := get(t, a.app, "/en/municipality/address"); res.StatusCode != 403 {
		t.Errorf("no session: %d, want 403", res.StatusCode)
	}
}

func TestBackofficeExportEachOnce(t *testing.T) {
	a := newAddressApp(t)
	s := a.Session(t)
	made := map[string]bool{}
	for i := range 7 {
		a.clock.Add(time.Duration(i%2) * time.Second)
		ref, _, _ := a.submit(t, s, "en", validForm())
		made[ref] = true
	}
	call := func(method, path, token, body string) (*http.Response, string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		return do(t, a.app, req)
	}
	if res, _ := call("GET", "/api/v1/backoffice/address-notifications", "", ""); res.StatusCode != 401 {
		t.Errorf("no token: %d", res.StatusCode)
	}
	if res, _ := call("GET", "/api/v1/backoffice/address-notifications", "bad", ""); res.StatusCode != 401 {
		t.Errorf("bad token: %d", res.StatusCode)
	}
	seen := map[string]int{}
	cursor, pages := "", 0
	for {
		res, body := call("GET", "/api/v1/backoffice/address-notifications?limit=3&since=2026-05-01&cursor="+url.QueryEscape(cursor), a.token, "")
		if res.StatusCode != 200 {
			t.Fatalf("page %d: %d %s", pages, res.StatusCode, body)
		}
		var p struct {
			Items []struct {
				Reference   string `json:"reference"`
				Nationality string `json:"nationality"`
			} `json:"items"`
			Next string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		pages++
		for _, it := range p.Items {
			seen[it.Reference]++
			if it.Nationality != "UKR" {
				t.Errorf("nationality %q, want UKR", it.Nationality)
			}
		}
		if p.Next == "" || pages > 10 {
			break
		}
		cursor = p.Next
	}
	if len(seen) != len(made) || pages != 3 {
		t.Errorf("saw %d of %d in %d pages", len(seen), len(made), pages)
	}
	for ref, n := range seen {
		if n != 1 || !made[ref] {
			t.Errorf("%s seen %d times", ref, n)
		}
	}
	if res, _ := call("GET", "/api/v1/backoffice/address-notifications?cursor=forged", a.token, ""); res.StatusCode != 400 {
		t.Errorf("forged cursor: %d", res.StatusCode)
	}
	var any string
	for ref := range made {
		any = ref
		break
	}
	res, body := call("PUT", "/api/v1/backoffice/address-notifications/"+any+"/status", a.token, `{"status":"matched"}`)
	if res.StatusCode != 200 || !strings.Contains(body, `"backoffice_status":"matched"`) {
		t.Errorf("set status: %d %s", res.StatusCode, body)
	}
	if res, _ := call("PUT", "/api/v1/backoffice/address-notifications/"+any+"/status", a.token, `{"status":"gone"}`); res.StatusCode != 422 {
		t.Errorf("bad status: %d", res.StatusCode)
	}
	if !a.audit.has("token:case-system address.export") {
		t.Error("export not audited")
	}
}

// TestAddressReceiptPDF draws the receipt the confirmation links to, in
// Ukrainian and in the municipality's language, and checks its QR token
// offline with the public keys alone.
func TestAddressReceiptPDF(t *testing.T) {
	a := newAddressApp(t)
	s := a.Session(t)
	v := validForm()
	v.Set("municipality", "luik")
	v.Set("postcode", "4000")
	_, _, body := a.submit(t, s, "uk", v)
	m := regexp.MustCompile(`"/uk/api/v1/receipts/([a-z2-7]{13})\.pdf\?token=([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no receipt link:\n%s", body)
	}
	token, err := url.QueryUnescape(m[2])
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := receipts.NewVerifier(a.receipts.PublicKeys(), a.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := verifier.Verify(token)
	if err != nil || payload.Kind != receipts.KindAddressNotification || payload.ReceiptID != m[1] {
		t.Fatalf("offline check: %+v %v", payload, err)
	}
	r, err := a.receipts.Get(context.Background(), m[1])
	if err != nil {
		t.Fatal(err)
	}
	h := &public.Handler{Kit: &kit.Kit{Catalogs: sharedCatalogs(t)}, Address: a.svc}
	doc, ok := h.AddressReceiptDocument("uk", r)
	if !ok || doc.Office.Lang != "fr" || doc.FieldValues["municipality"] != "Liège" || doc.Lang != "uk" {
		t.Fatalf("document: %+v", doc)
	}
	pdf, err := a.receipts.PDF(context.Background(), r.ID, receipts.FormatA4, doc)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("pdf: %v", err)
	}
	checkReceiptPDF(t, pdf, a.receipts.URL(token), []string{r.Reference, doc.Title, doc.Office.Title, "Liège"})
	if _, ok := h.AddressReceiptDocument("uk", receipts.Receipt{Kind: receipts.KindQueueTicket}); ok {
		t.Error("a queue ticket got an address receipt text")
	}
}

// checkReceiptPDF extracts the PDF's text and scans its QR code with
// poppler-utils and zbar-tools, when they are installed (required in CI).
func checkReceiptPDF(t *testing.T, pdf []byte, wantURL string, phrases []string) {
	t.Helper()
	tools := map[string]string{}
	for _, name := range []string{"pdftotext", "pdftoppm", "zbarimg"} {
		p, err := exec.LookPath(name)
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required when CI=true", name)
			}
			t.Logf("%s not installed: receipt text and QR not scanned", name)
			return
		}
		tools[name] = p
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "receipt.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tools["pdftotext"], path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range phrases {
		if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("receipt text lacks %q:\n%s", want, text)
		}
	}
	png := filepath.Join(dir, "qr")
	if out, err := exec.Command(tools["pdftoppm"], "-png", "-r", "300", "-singlefile", path, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	got, err := exec.Command(tools["zbarimg"], "-q", "--nodbus", "--raw", png+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	if strings.TrimSpace(string(got)) != wantURL {
		t.Errorf("QR code holds %q, want %q", strings.TrimSpace(string(got)), wantURL)
	}
}

// TestCSVFormulaInjection replays issue 14 item 9: an e-mail address
// "a;=HYPERLINK(...);@evil.example" was accepted and exported as it was;
// Excel in a Belgian locale splits on ";" and ran the formula. The form
// now refuses the address, and an address already stored (here written
// past the form) is exported defused after every separator.
func TestCSVFormulaInjection(t *testing.T) {
	a := newAddressApp(t)
	s := a.Session(t)
	const evil = `a;=HYPERLINK("http://evil.example","x");@evil.example`
	v := validForm()
	v.Set("email", evil)
	if res, _ := a.post(t, s, "/en/address", v); res.StatusCode != 422 {
		t.Fatalf("the form took the e-mail: %d", res.StatusCode)
	}
	in := address.Input{Surname: "Kovalenko", GivenNames: "Olena", BirthDate: "1990-04-02", Nationality: "UA",
		DocType: address.DocPassport, DocNumber: "FE123456", EntryDate: "2026-05-01", Street: "Rue du Trône", Number: "12",
		Postcode: "1050", Municipality: "elsene", DepartureDate: "2026-06-20", Email: evil, Lang: "en"}
	if _, err := a.svc.Submit(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	res, body := get(t, a.app, "/en/municipality/address.csv", "X-Test-Staff", "ixelles")
	if res.StatusCode != 200 || !strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, "\r\n") {
		t.Fatalf("CSV %d %q", res.StatusCode, body)
	}
	for _, sep := range []string{",", ";", "\t"} {
		for _, line := range strings.Split(strings.TrimPrefix(body, "\ufeff"), "\r\n") {
			for _, cell := range strings.Split(line, sep) {
				cell = strings.TrimLeft(cell, ` "`)
				if cell != "" && strings.ContainsRune("=@", rune(cell[0])) {
					t.Errorf("split on %q, cell %q would run as a formula", sep, cell)
				}
			}
		}
	}
}
