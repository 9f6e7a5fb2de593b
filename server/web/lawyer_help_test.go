package web

import (
	"context"
	"html"
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
	"loket/server/mandates"
	"loket/translations"
)

// newLawyerHelpEnv is an app with dossiers, mandates and the helpdesk.
func newLawyerHelpEnv(t *testing.T) (*testApp, *dossiers.Service) {
	t.Helper()
	var dos *dossiers.Service
	e := newTestApp(t, appOptions{staff: true, start: time.Now().UTC().Truncate(time.Second), wire: func(e *testApp) {
		cat, err := dossiers.LoadCatalog(translations.FS)
		if err != nil {
			t.Fatal(err)
		}
		dos = dossiers.New(e.store, cat, dossiers.Options{Key: []byte("k"), Langs: appLangs(e), Now: e.clock.Now})
		wireHelpdesk(t, e, dos)
		e.deps.Dossiers = dos
		e.deps.Mandates = mandates.New(e.store, mandates.Options{Now: e.clock.Now})
	}})
	return e, dos
}

// TestLawyerHelpChannel: a signed-in lawyer asks the helpdesk about one of
// their clients' dossiers from the console; staff see the lawyer and the
// verified dossier; the answer reaches the lawyer's console. Another
// dossier is refused, and the public form lets nobody pass for a lawyer.
func TestLawyerHelpChannel(t *testing.T) {
	e, dos := newLawyerHelpEnv(t)
	msgArgs := func(key string, args ...any) string {
		return html.EscapeString(e.deps.Catalogs.Printer("en").T(key, args...))
	}
	msg := func(key string) string { return msgArgs(key) }
	for _, n := range []string{"10000001", "10000002"} {
		body := map[string]any{"procedure": "asylum", "received": dayOffset(-2), "birth_date": "1990-01-01", "office": "bxl",
			"events": []any{map[string]any{"id": "1", "code": "received", "date": dayOffset(-2)}}}
		if err := dos.Put(n, body); err != nil {
			t.Fatal(err)
		}
	}
	anna := e.addUser(t, "anna@firm.be", accounts.RoleLawyer)
	e.addStaff(t, "desk@dvz.be", accounts.RoleHelpdesk, "bxl")
	m := mandates.New(e.store, mandates.Options{Now: e.clock.Now})
	mine, err := m.Register("10000001", anna.ID, anna.Email, "a0")
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		all, err := e.store.EscalationsSince(context.Background(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return len(all)
	}
	a := e.browser(t)
	a.signIn("anna@firm.be", nil)
	_, page := a.Get("/en/staff/lawyer")
	if strings.Count(page, `href="/en/staff/lawyer/help"`) != 2 {
		t.Error("the lawyer console has no help link in its menu and on My clients")
	}
	res, page := a.Get("/en/staff/lawyer/help")
	if res.StatusCode != 200 || !strings.Contains(page, `<option value="10000001"`) || strings.Contains(page, `value="10000002"`) {
		t.Fatalf("help page: %d, lists its client only: %v", res.StatusCode, !strings.Contains(page, `value="10000002"`))
	}
	// A dossier that is not theirs, or no question: refused, nothing sent.
	res, page = a.post("/en/staff/lawyer/help", "/en/staff/lawyer/help", url.Values{"dossier": {"10000002"}, "message": {"Status?"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, msg("lawyer.help.error.dossier")) ||
		!strings.Contains(page, ">Status?</textarea>") {
		t.Errorf("another dossier: %d", res.StatusCode)
	}
	res, page = a.post("/en/staff/lawyer/help", "/en/staff/lawyer/help", url.Values{"dossier": {"10000001"}, "message": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="help-message-error"`) {
		t.Errorf("empty question: %d", res.StatusCode)
	}
	if n := count(); n != 0 {
		t.Fatalf("refused questions recorded %d escalations", n)
	}
	res, page = a.post("/en/staff/lawyer/help", "/en/staff/lawyer/help", url.Values{"dossier": {"10000001"},
		"message": {"Has the interview report been added?"}})
	ref := regexp.MustCompile(`reference ([A-Z0-9-]+)\.`).FindStringSubmatch(page)
	if res.StatusCode != 200 || ref == nil {
		t.Fatalf("question: %d", res.StatusCode)
	}
	// Staff see a lawyer asking about dossier 10000001.
	d := e.browser(t)
	d.signIn("desk@dvz.be", nil)
	_, page = d.Get("/en/staff/inbox?category=lawyer")
	row := regexp.MustCompile(`(?s)<tr>\s*<td><input[^>]*value="` + ref[1] + `".*?</tr>`).FindString(page)
	if !strings.Contains(row, msg("staff.inbox.channel.lawyer")+` · <bdi dir="ltr">anna@firm.be</bdi>`) {
		t.Errorf("inbox row: %q", row)
	}
	_, page = d.Get("/en/staff/escalations/" + ref[1])
	if !strings.Contains(page, `id="ticket-lawyer"><bdi dir="ltr">anna@firm.be</bdi>`) ||
		!strings.Contains(page, `id="ticket-dossier"><bdi dir="ltr">10000001</bdi>`) ||
		!strings.Contains(page, msg("help.category.lawyer")) {
		t.Error("the escalation page does not show the lawyer and the dossier")
	}
	e.clock.Add(time.Minute)
	if res, _ = d.post("/en/staff/escalations/"+ref[1]+"/reply", "/en/staff/escalations/"+ref[1],
		url.Values{"text": {"Yes, on 3 December."}, "lang": {"en"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	// The answer reaches the lawyer's console, in Arabic too.
	// "My clients" says so once, then not at the next visit.
	_, page = a.Get("/en/staff/lawyer")
	if !strings.Contains(page, `id="lawyer-answers">`+msgArgs("lawyer.dashboard.answers", "count", 1)+`</a>`) {
		t.Error("My clients does not tell of the answer")
	}
	if _, page = a.Get("/en/staff/lawyer"); strings.Contains(page, `id="lawyer-answers"`) {
		t.Error("My clients tells of the answer again at the next visit")
	}
	for _, lang := range []string{"en", "ar"} {
		res, page = a.Get("/" + lang + "/staff/lawyer/help")
		if res.StatusCode != 200 || !strings.Contains(page, `lang="en" dir="auto">Yes, on 3 December.</div>`) || !strings.Contains(page, ref[1]) {
			t.Errorf("%s: the lawyer does not read the answer", lang)
		}
	}
	// Trail: the question by the lawyer about the dossier, the refusal.
	var asked, refused int
	if err := e.trail.Each(context.Background(), audit.Filter{}, func(en audit.Entry) error {
		switch {
		case en.Action == "helpdesk.lawyer_ask" && en.Actor == anna.ID && en.Object == "10000001":
			asked++
		case en.Action == "dossier.view_refused" && en.Actor == anna.ID && en.Object == "10000002":
			refused++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if asked != 1 || refused != 1 {
		t.Errorf("trail: %d questions, %d refusals", asked, refused)
	}
	// The public form has no lawyer category: nobody there passes for one.
	pub := e.browser(t)
	form := url.Values{"category": {helpdesk.CategoryLawyer}, "message": {"I am a lawyer"}, "lang": {"en"}, "contact": {"app"}}
	if res, _ = pub.post("/en/help", "/en/help", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("public help as a lawyer: %d", res.StatusCode)
	}
	if _, page = pub.Get("/en/help"); strings.Contains(page, `value="lawyer"`) {
		t.Error("the public form offers the lawyer category")
	}
	if n := count(); n != 1 {
		t.Errorf("%d escalations, want the lawyer's one", n)
	}
	// Once the mandate ends, the lawyer no longer sees that dossier's questions.
	if _, err := m.Revoke(mine.ID, "applicant"); err != nil {
		t.Fatal(err)
	}
	if _, page = a.Get("/en/staff/lawyer/help"); strings.Contains(page, ref[1]) || strings.Contains(page, "10000001") {
		t.Error("after the mandate the lawyer still sees the question")
	}

}
