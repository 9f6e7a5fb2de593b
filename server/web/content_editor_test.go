package web

import (
	"context"
	"net/url"
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
