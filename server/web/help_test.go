package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/dossiers"
	"loket/server/helpdesk"
	"loket/server/receipts"
	"loket/translations"
)

// oneDossier verifies a single dossier number and birth date.
type oneDossier struct{}

func (oneDossier) Verify(cl dossiers.Claim) (*dossiers.Answer, error) {
	if cl.Number == "10000001" && cl.Secret == "1990-01-01" {
		return &dossiers.Answer{Number: cl.Number}, nil
	}
	return nil, dossiers.ErrNoMatch
}

// helpEnv is a real app on a real store with accounts, receipts and the
// helpdesk wired in.
type helpEnv struct {
	*testApp
	desk *helpdesk.Service
}

func newHelpEnv(t *testing.T) *helpEnv {
	t.Helper()
	var desk *helpdesk.Service
	e := newTestApp(t, appOptions{staff: true, wire: func(e *testApp) {
		desk = wireHelpdesk(t, e, oneDossier{})
		// The dossier the help form verifies, for the staff's view of it.
		cat, err := dossiers.LoadCatalog(translations.FS)
		if err != nil {
			t.Fatal(err)
		}
		dos := dossiers.New(e.store, cat, dossiers.Options{Key: []byte("k"), Langs: appLangs(e)})
		var body map[string]any
		if err := json.Unmarshal([]byte(demoDossier()), &body); err != nil {
			t.Fatal(err)
		}
		if err := dos.Put("10000001", body); err != nil {
			t.Fatal(err)
		}
		e.deps.Dossiers = dos
	}})
	return &helpEnv{testApp: e, desk: desk}
}

// wireHelpdesk puts receipts and a helpdesk checking dossiers with dos
// into e's services.
func wireHelpdesk(t *testing.T, e *testApp, dos helpdesk.DossierChecker) *helpdesk.Service {
	t.Helper()
	keys, err := receipts.OpenKeyring(context.Background(), e.store, e.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := receipts.New(e.store, keys, receipts.Config{BaseURL: "http://loket.test", Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	desk, err := helpdesk.New(e.store, rs, dos, helpdesk.Config{Secret: []byte("0123456789abcdef"), Langs: appLangs(e), Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.deps.Receipts, e.deps.Helpdesk = rs, desk
	return desk
}

// appLangs are the codes of the app's catalogs.
func appLangs(e *testApp) []string {
	var langs []string
	for _, m := range e.deps.Catalogs.Languages() {
		langs = append(langs, m.Code)
	}
	return langs
}

var (
	helpRef = regexp.MustCompile(`id="help-reference"><bdi dir="ltr">([A-Z0-9-]+)<`)
	helpPIN = regexp.MustCompile(`id="help-pin"><bdi dir="ltr">([0-9]+)<`)
)

func validHelpForm() url.Values {
	return url.Values{"category": {"status"}, "message": {"Where is my card? <script>alert(1)</script>"}, "lang": {"ar"},
		"contact": {"app"}, "from": {"status_result"}, "status": {"examination"}}
}

// escalate sends the form and returns the reference and PIN.
func (e *helpEnv) escalate(t *testing.T, b *browser, shell string, form url.Values) (string, string) {
	t.Helper()
	res, page := b.post(shell+"/en/help", shell+"/en/help", form)
	ref, pin := helpRef.FindStringSubmatch(page), helpPIN.FindStringSubmatch(page)
	if res.StatusCode != http.StatusOK || ref == nil || pin == nil {
		t.Fatalf("escalate: %d\n%s", res.StatusCode, page)
	}
	return ref[1], pin[1]
}

func TestHelpFormKeepsContextAndValidates(t *testing.T) {
	e := newHelpEnv(t)
	b := e.browser(t)
	res, page := b.Get("/en/help?from=status_result&status=examination")
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("form: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	for _, want := range []string{`name="from" value="status_result"`, `name="status" value="examination"`,
		`<option value="status" selected`, `<option value="en" selected`} {
		if !strings.Contains(page, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	// Context that is not an identifier is dropped, not echoed.
	if _, page := b.Get(`/en/help?from=%22%3E%3Cscript%3E`); strings.Contains(page, "<script>") || strings.Contains(page, `name="from"`) {
		t.Error("a hostile page key was echoed")
	}
	tests := []struct {
		name   string
		change func(url.Values)
		field  string
	}{
		{"no message", func(v url.Values) { v.Set("message", " ") }, "message"},
		{"long message", func(v url.Values) { v.Set("message", strings.Repeat("x", 1001)) }, "message"},
		{"phone without number", func(v url.Values) { v.Set("contact", "phone") }, "phone"},
		{"unknown category", func(v url.Values) { v.Set("category", "weather") }, "category"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := validHelpForm()
			tc.change(form)
			res, page := b.post("/en/help", "/en/help", form)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="f-`+tc.field+`-error"`) {
				t.Errorf("status %d, no error on %s", res.StatusCode, tc.field)
			}
		})
	}
}

func TestHelpNeedsCSRF(t *testing.T) {
	e := newHelpEnv(t)
	res, _ := e.browser(t).post("/en/help", "", validHelpForm())
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("post without token: %d", res.StatusCode)
	}
}

func TestHelpStatusShowsAnswerOnlyWithPINAndLocks(t *testing.T) {
	e := newHelpEnv(t)
	b := e.browser(t)
	ref, pin := e.escalate(t, b, "", validHelpForm())
	// The link in the confirmation only fills the reference in.
	res, page := b.Get("/en/help/" + ref)
	if res.StatusCode != 200 || !strings.Contains(page, `value="`+ref+`"`) || strings.Contains(page, "Where is my card") {
		t.Fatalf("GET /help/{ref}: %d", res.StatusCode)
	}
	if res, _ := b.Get("/en/help/H2345678"); res.StatusCode != http.StatusNotFound {
		t.Errorf("malformed reference: %d", res.StatusCode)
	}
	look := func(p string) (*http.Response, string) {
		return b.post("/en/help/status", "/en/help/status", url.Values{"reference": {ref}, "pin": {p}})
	}
	res, page = look(pin)
	if res.StatusCode != 200 || !strings.Contains(page, "Where is my card? &lt;script&gt;") || strings.Contains(page, "<script>alert") {
		t.Fatalf("status: %d, message missing or not escaped", res.StatusCode)
	}
	wrong := "000000"
	if pin == wrong {
		wrong = "111111"
	}
	for i := range 5 {
		if res, _ := look(wrong); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong PIN %d: %d", i, res.StatusCode)
		}
	}
	if res, page := look(pin); res.StatusCode != http.StatusTooManyRequests || strings.Contains(page, "Where is my card") {
		t.Fatalf("right PIN while locked: %d", res.StatusCode)
	}
	e.clock.Add(16 * time.Minute)
	if res, _ := look(pin); res.StatusCode != 200 {
		t.Errorf("after the lock: %d", res.StatusCode)
	}
}

func TestHelpLinkOnEveryShell(t *testing.T) {
	e := newHelpEnv(t)
	b := e.browser(t)
	for path, want := range map[string]string{
		"/en/":            `href="/en/help?from=home"`,
		"/en/info":        `href="/en/help?from=info_index"`,
		"/kiosk/en/home":  `href="/kiosk/en/help?from=home"`,
		"/kiosk/en/info":  `href="/kiosk/en/help?from=info_index"`,
		"/kiosk/en/help":  `href="/kiosk/en/help?from=help_form"`,
		"/en/help/status": `href="/en/help?from=help_lookup"`,
	} {
		if _, page := b.Get(path); !strings.Contains(page, want) {
			t.Errorf("%s lacks %s", path, want)
		}
	}
	// The kiosk's attract screen asks for the language first: help comes
	// after it, in that language (issue 15).
	if _, page := b.Get("/kiosk"); strings.Contains(page, "/help") {
		t.Error("the attract screen offers help before the language")
	}
}

func TestStaffInboxOfficeIsolationAndCannedArabic(t *testing.T) {
	e := newHelpEnv(t)
	ctx := context.Background()
	// A kiosk escalation at another office (ant) and one from the phone
	// with a verified dossier.
	other, err := e.desk.Create(ctx, helpdesk.Input{Category: "other", Message: "antwerp", Lang: "en", Contact: "app",
		Channel: helpdesk.ChannelKiosk, Office: "ant"})
	if err != nil {
		t.Fatal(err)
	}
	applicant := e.browser(t)
	form := validHelpForm()
	form.Set("dossier", "10000001")
	form.Set("birth_date", "1990-01-01")
	ref, pin := e.escalate(t, applicant, "/kiosk", form)

	helper := e.addUser(t, "helper@loket.test", accounts.RoleHelpdesk) // office BXL
	e.addUser(t, "sup@loket.test", accounts.RoleSupervisor)
	hb := e.browser(t)
	hb.signIn("helper@loket.test", nil)

	res, page := hb.Get("/en/staff/inbox")
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("inbox: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if !strings.Contains(page, ref) || strings.Contains(page, other.Escalation.Ref.String()) {
		t.Errorf("inbox shows the wrong escalations")
	}
	for _, want := range []string{"status_result", "examination"} {
		if !strings.Contains(page, want) {
			t.Errorf("inbox lacks the context %q", want)
		}
	}
	if res, _ := hb.Get("/en/staff/escalations/" + other.Escalation.Ref.String()); res.StatusCode != http.StatusNotFound {
		t.Errorf("another office's ticket: %d", res.StatusCode)
	}
	if res, _ := hb.post("/en/staff/escalations/"+other.Escalation.Ref.String()+"/resolve", "/en/staff/inbox", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("resolving another office's ticket: %d", res.StatusCode)
	}
	if res, _ := hb.post("/en/staff/escalations/"+ref+"/resolve", "", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff action without a CSRF token: %d", res.StatusCode)
	}
	if res, _ := hb.Get("/en/staff/canned"); res.StatusCode != http.StatusForbidden {
		t.Errorf("helpdesk on canned answers: %d", res.StatusCode)
	}
	res, page = hb.Get("/en/staff/escalations/" + ref)
	if res.StatusCode != 200 || !strings.Contains(page, "10000001") {
		t.Fatalf("ticket: %d", res.StatusCode)
	}
	// The verified dossier beside the question: status, since when, the
	// timeline, in the staff member's language; the reply form starts in
	// the asker's language.
	cat, _ := dossiers.LoadCatalog(translations.FS)
	for _, want := range []string{`class="ticket-dossier"`, escaped(cat.Text([]string{"en"}, "asylum", "examination").Title),
		escaped(cat.Text([]string{"en"}, "asylum", "received").Title), e.deps.Catalogs.Printer("en").T("status.result.timeline"), `aria-current="step"`,
		`<option value="ar" selected>`} {
		if !strings.Contains(page, want) {
			t.Errorf("ticket page lacks %q", want)
		}
	}
	// A number whose birth date does not match is recorded all the same
	// (the form is no lookup oracle) and shown to staff as unverified.
	form.Set("birth_date", "1990-01-02")
	unverified, _ := e.escalate(t, applicant, "/kiosk", form)
	if _, page := hb.Get("/en/staff/escalations/" + unverified); !strings.Contains(page, `10000001</bdi> (not verified`) {
		t.Errorf("an unverified number is not shown as such")
	}

	sb := e.browser(t)
	sb.signIn("sup@loket.test", nil)
	if res, _ := sb.post("/en/staff/canned", "/en/staff/canned", url.Values{"title": {"Card"}, "text_ar": {"بطاقتك جاهزة."}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("canned answer without English: %d", res.StatusCode)
	}
	res, _ = sb.post("/en/staff/canned", "/en/staff/canned", url.Values{"title": {"Card"}, "text_en": {"Your card is ready."}, "text_ar": {"بطاقتك جاهزة."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save canned: %d", res.StatusCode)
	}
	list, _ := e.desk.CannedAnswers(ctx)
	if len(list) != 1 {
		t.Fatalf("%d canned answers", len(list))
	}
	res, _ = hb.post("/en/staff/escalations/"+ref+"/reply", "/en/staff/escalations/"+ref, url.Values{"canned": {list[0].ID}, "lang": {"en"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	res, page = applicant.post("/ar/help/status", "/ar/help/status", url.Values{"reference": {ref}, "pin": {pin}})
	if res.StatusCode != 200 || !strings.Contains(page, "بطاقتك جاهزة.") || strings.Contains(page, "Your card is ready.") {
		t.Fatalf("applicant in Arabic: %d", res.StatusCode)
	}
	// A free-text reply in another language than the asker's is held
	// back with a warning, the text kept, until staff confirm it.
	res, page = hb.post("/en/staff/escalations/"+ref+"/reply", "/en/staff/escalations/"+ref, url.Values{"text": {"Call us."}, "lang": {"en"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="reply-lang-warning"`) || !strings.Contains(page, ">Call us.</textarea>") ||
		!strings.Contains(page, `<option value="en" selected>`) {
		t.Fatalf("reply in another language: %d", res.StatusCode)
	}
	if _, page = applicant.post("/ar/help/status", "/ar/help/status", url.Values{"reference": {ref}, "pin": {pin}}); strings.Contains(page, "Call us.") {
		t.Fatal("a reply in another language was sent without confirmation")
	}
	// A free-text reply is shown as written, with its language.
	hb.post("/en/staff/escalations/"+ref+"/reply", "/en/staff/escalations/"+ref, url.Values{"text": {"Call us."}, "lang": {"en"}, "other_lang": {"yes"}})
	if _, page = applicant.post("/ar/help/status", "/ar/help/status", url.Values{"reference": {ref}, "pin": {pin}}); !strings.Contains(page, `lang="en"`) || !strings.Contains(page, "Call us.") {
		t.Error("free-text reply not shown as written with its language")
	}

	// A resolved ticket cannot be assigned: the refusal is shown, and no
	// assignment lands in the audit trail.
	if res, _ := hb.post("/en/staff/escalations/"+ref+"/resolve", "/en/staff/escalations/"+ref, url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: %d", res.StatusCode)
	}
	if res, _ := hb.post("/en/staff/escalations/"+ref+"/assign", "/en/staff/escalations/"+ref, url.Values{"to": {"me"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("assigning a resolved ticket: %d", res.StatusCode)
	}
	if got, _ := e.trail.Search(ctx, audit.Filter{Action: helpdesk.ActionAssign}); len(got) != 0 {
		t.Errorf("a refused assignment was audited: %+v", got)
	}

	entries, err := e.trail.Search(ctx, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, en := range entries {
		if en.Actor == helper.ID {
			seen[en.Action+" "+en.Object] = true
		}
	}
	for _, want := range []string{audit.ActionDossierView + " 10000001", helpdesk.ActionReply + " " + strings.ReplaceAll(ref, "-", "")} {
		if !seen[want] {
			t.Errorf("audit trail lacks %q: %v", want, seen)
		}
	}
}

// TestOldEscalationAddressRedirects: an escalation bookmarked under its
// old address (/staff/tickets/{ref}) opens at /staff/escalations/{ref}.
func TestOldEscalationAddressRedirects(t *testing.T) {
	env := newHelpEnv(t)
	env.addUser(t, "hd@example.be", accounts.RoleHelpdesk)
	b := env.browser(t)
	b.signIn("hd@example.be", nil)
	res, _ := b.Get("/en/staff/tickets/H-ABC")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/en/staff/escalations/H-ABC" {
		t.Errorf("old address: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}
