package web

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/translations"
)

// newEditorApp is the app with the content editor over its own copies of
// the pages and status texts (publishing changes them).
func newEditorApp(t *testing.T) (*testApp, *dossiers.Catalog) {
	t.Helper()
	var cat *dossiers.Catalog
	e := newTestApp(t, appOptions{staff: true, wire: func(e *testApp) {
		lib, err := content.Load(translations.FS, dossiers.Procedures)
		if err != nil {
			t.Fatal(err)
		}
		if cat, err = dossiers.LoadCatalog(translations.FS); err != nil {
			t.Fatal(err)
		}
		e.deps.Content = lib
		e.deps.Dossiers = dossiers.New(e.store, cat, dossiers.Options{Key: []byte("k"), Failures: 5, Window: time.Minute, Now: e.clock.Now})
		e.deps.Editor = editor.New(e.store, editor.LiveTexts{Pages: lib, Statuses: cat, Languages: translations.Languages}, e.clock.Now)
	}})
	return e, cat
}

// TestEditorChangesAStatusText: an editor edits a status text in
// Ukrainian (the form without JavaScript), previews, saves and publishes
// it; the live catalog serves it at once and every step is in the audit
// trail. Helpdesk staff cannot open the editor; bad input is answered in
// the page, never with a 500.
func TestEditorChangesAStatusText(t *testing.T) {
	e, cat := newEditorApp(t)
	e.addStaff(t, "ed@example.be", accounts.RoleEditor)
	e.addStaff(t, "desk@example.be", accounts.RoleHelpdesk, "BXL")
	desk := e.browser(t)
	desk.signIn("desk@example.be", nil)
	if res, _ := desk.Get("/en/staff/content"); res.StatusCode != 403 {
		t.Errorf("helpdesk opened the editor: %d", res.StatusCode)
	}

	b := e.browser(t)
	b.signIn("ed@example.be", nil)
	_, list := b.Get("/en/staff/content?lang=uk")
	if !strings.Contains(list, "key=temporary_protection.granted") || !strings.Contains(list, "key=reception") {
		t.Fatal("the list lacks the new status or page")
	}
	edit := "/en/staff/content/edit?kind=status&lang=uk&key=temporary_protection.granted"
	_, page := b.Get(edit)
	if !strings.Contains(page, "title: Temporary protection granted") || !strings.Contains(page, "title: Тимчасовий захист надано") {
		t.Fatal("source or translation missing")
	}
	cur, _ := editor.ParseStatus(editor.FormatStatus(map[string]string{"title": "Тимчасовий захист надано!", "meaning": "М", "action": "Д", "next": "Н"}))
	body := editor.FormatStatus(cur)
	form := func(action string, n string) url.Values {
		return url.Values{"kind": {"status"}, "lang": {"uk"}, "key": {"temporary_protection.granted"}, "body": {body}, "action": {action}, "n": {n}}
	}
	res, page := b.post("/en/staff/content/edit", edit, form("preview", ""))
	if res.StatusCode != 200 || !strings.Contains(page, "<dd>Тимчасовий захист надано!</dd>") {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	res, _ = b.post("/en/staff/content/edit", edit, form("save", ""))
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "done=saved&n=1") {
		t.Fatalf("save: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got := cat.Text([]string{"uk"}, "temporary_protection", "granted"); got.Edited {
		t.Fatal("a draft went live")
	}
	if res, _ := b.post("/en/staff/content/edit", edit, form("publish", "1")); res.StatusCode != 303 {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if got := cat.Text([]string{"uk"}, "temporary_protection", "granted"); got.Title != "Тимчасовий захист надано!" {
		t.Errorf("live text: %+v", got)
	}
	entries, err := e.trail.Search(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, en := range entries {
		if strings.HasPrefix(en.Action, "content.") {
			actions = append(actions, en.Action+" "+en.Object)
		}
	}
	if strings.Join(actions, ",") != "content.save status/uk/temporary_protection.granted,content.publish status/uk/temporary_protection.granted" &&
		strings.Join(actions, ",") != "content.publish status/uk/temporary_protection.granted,content.save status/uk/temporary_protection.granted" {
		t.Errorf("audit: %v", actions)
	}
	// Refusals: the same text again, a status without its title, an
	// unknown text, a missing revision.
	if res, page := b.post("/en/staff/content/edit", edit, form("save", "")); res.StatusCode != 422 || !strings.Contains(page, "Nothing changed") {
		t.Errorf("unchanged: %d", res.StatusCode)
	}
	bad := form("save", "")
	bad.Set("body", "meaning: only\n")
	if res, page := b.post("/en/staff/content/edit", edit, bad); res.StatusCode != 422 || !strings.Contains(page, "cannot be shown") {
		t.Errorf("invalid: %d", res.StatusCode)
	}
	unknown := form("save", "")
	unknown.Set("key", "asylum.nope")
	if res, _ := b.post("/en/staff/content/edit", edit, unknown); res.StatusCode != 404 {
		t.Errorf("unknown text: %d", res.StatusCode)
	}
	if res, _ := b.post("/en/staff/content/edit", edit, form("publish", "9")); res.StatusCode != 404 {
		t.Errorf("missing revision: %d", res.StatusCode)
	}
	if res, _ := b.post("/en/staff/content/edit", edit, form("launch", "1")); res.StatusCode != 400 {
		t.Errorf("unknown action: %d", res.StatusCode)
	}
}

// TestReviewedStatusTextDropsTheNotice: a status text published in the
// content editor still carries the "not yet checked" notice on the status
// result until a translator marks it reviewed; then the result in that
// language has none, and the same status in another language keeps it.
func TestReviewedStatusTextDropsTheNotice(t *testing.T) {
	e, _ := newEditorApp(t)
	svc := e.deps.Dossiers
	err := svc.Put("10000013", map[string]any{"procedure": "temporary_protection", "received": "2026-03-02", "birth_date": "1990-01-01",
		"events": []any{map[string]any{"id": "a", "code": "received", "date": "2026-03-02"}, map[string]any{"id": "b", "code": "granted", "date": "2026-03-20"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Refresh(); err != nil {
		t.Fatal(err)
	}
	lookup := func(lang string) string {
		t.Helper()
		b := e.browser(t)
		res, page := b.post("/"+lang+"/status", "/"+lang+"/status", url.Values{"dossier": {"10000013"}, "birth_date": {"1990-01-01"}})
		if res.StatusCode == 303 { // a result with an address of its own
			res, page = b.Get(res.Header.Get("Location"))
		}
		if res.StatusCode != 200 {
			t.Fatalf("%s lookup: %d", lang, res.StatusCode)
		}
		return page
	}
	notice := `class="unreviewed"`
	if page := lookup("uk"); !strings.Contains(page, notice) || !strings.Contains(page, "Тимчасовий захист надано") {
		t.Fatal("the machine-drafted Ukrainian result lacks the notice or the status")
	}
	e.addStaff(t, "ed@example.be", accounts.RoleEditor)
	ed := e.browser(t)
	ed.signIn("ed@example.be", nil)
	edit := "/en/staff/content/edit?kind=status&lang=uk&key=temporary_protection.granted"
	_, page := ed.Get(edit)
	body := html.UnescapeString(textareaBody.FindStringSubmatch(page)[1])
	body = strings.Replace(body, "title: Тимчасовий захист надано", "title: Тимчасовий захист надано вам", 1)
	form := func(action, n string) url.Values {
		return url.Values{"kind": {"status"}, "lang": {"uk"}, "key": {"temporary_protection.granted"}, "body": {body}, "action": {action}, "n": {n}}
	}
	for _, step := range []url.Values{form("save", ""), form("publish", "1")} {
		if res, _ := ed.post("/en/staff/content/edit", edit, step); res.StatusCode != 303 {
			t.Fatalf("%s: %d", step.Get("action"), res.StatusCode)
		}
	}
	if page := lookup("uk"); !strings.Contains(page, "Тимчасовий захист надано вам") || !strings.Contains(page, notice) {
		t.Fatal("a published but unreviewed text lost its notice, or is not live")
	}
	if res, _ := ed.post("/en/staff/content/edit", edit, form("review", "1")); res.StatusCode != 303 {
		t.Fatalf("review: %d", res.StatusCode)
	}
	if page := lookup("uk"); strings.Contains(page, notice) {
		t.Error("the reviewed status text still carries the notice")
	}
	if page := lookup("ru"); !strings.Contains(page, notice) {
		t.Error("the Russian text, not reviewed, lost its notice")
	}
}

var textareaBody = regexp.MustCompile(`(?s)<textarea[^>]*name="body"[^>]*>\n?(.*?)</textarea>`)

// TestEditorComparesAnyTwoVersions: besides the changes against the live
// text, an editor compares any two versions, the shipped text included;
// a version that does not exist is a 404, not a 500.
func TestEditorComparesAnyTwoVersions(t *testing.T) {
	e, _ := newEditorApp(t)
	e.addStaff(t, "ed@example.be", accounts.RoleEditor)
	ed := e.browser(t)
	ed.signIn("ed@example.be", nil)
	edit := "/en/staff/content/edit?kind=page&lang=fr&key=reception"
	_, page := ed.Get(edit)
	shipped := html.UnescapeString(textareaBody.FindStringSubmatch(page)[1])
	v1 := shipped + "\nPremier ajout.\n"
	v2 := strings.Replace(v1, "Premier ajout.", "Second ajout.", 1)
	for _, body := range []string{v1, v2} {
		form := url.Values{"kind": {"page"}, "lang": {"fr"}, "key": {"reception"}, "body": {body}, "action": {"save"}}
		if res, _ := ed.post("/en/staff/content/edit", edit, form); res.StatusCode != 303 {
			t.Fatalf("save: %d", res.StatusCode)
		}
	}
	diff := func(q string) (int, string) {
		res, page := ed.Get(edit + q)
		m := regexp.MustCompile(`(?s)<pre class="editor-diff"[^>]*>(.*?)</pre>`).FindStringSubmatch(page)
		if m == nil {
			return res.StatusCode, ""
		}
		return res.StatusCode, m[1]
	}
	if code, d := diff("&from=1&to=2"); code != 200 || !strings.Contains(d, "<del>- Premier ajout.</del>") || !strings.Contains(d, "<ins>+ Second ajout.</ins>") || strings.Count(d, "<ins>") != 1 {
		t.Errorf("version 1 to 2: %d\n%s", code, d)
	}
	if code, d := diff("&from=0&to=1"); code != 200 || !strings.Contains(d, "<ins>+ Premier ajout.</ins>") || strings.Contains(d, "<del>") {
		t.Errorf("shipped to version 1: %d\n%s", code, d)
	}
	if _, page := ed.Get(edit + "&from=2&to=0"); !strings.Contains(page, "Changes from Version 2 to Shipped text") || !strings.Contains(page, `<option value="2" selected>`) {
		t.Error("the comparison is not named, or its versions are not selected")
	}
	// Without a choice: the text in the editor (version 2) against the
	// live text (the shipped one, as nothing is published).
	if code, d := diff(""); code != 200 || !strings.Contains(d, "<ins>+ Second ajout.</ins>") {
		t.Errorf("default: %d\n%s", code, d)
	}
	if code, _ := diff("&from=9&to=1"); code != 404 {
		t.Errorf("a missing version: %d", code)
	}
	if code, _ := diff("&from=x&to=-1"); code != 200 {
		t.Errorf("a malformed choice: %d", code)
	}
}
