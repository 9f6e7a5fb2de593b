package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/helpdesk"
)

// TestInboxBulkActionsAndSavedFilters: a helpdesk worker ticks requests
// and resolves or assigns them at once (one audit entry each), a request
// of another office in the lot changes nothing, and filters are kept per
// account under a name.
func TestInboxBulkActionsAndSavedFilters(t *testing.T) {
	e := newHelpEnv(t)
	ctx := context.Background()
	var refs []string
	for _, lang := range []string{"ar", "ar", "uk"} {
		sub, err := e.desk.Create(ctx, helpdesk.Input{Category: "status", Message: "where is my card", Lang: lang, Contact: "app",
			Channel: helpdesk.ChannelKiosk, Office: "BXL"})
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, sub.Escalation.Ref.String())
	}
	other, err := e.desk.Create(ctx, helpdesk.Input{Category: "other", Message: "antwerp", Lang: "en", Contact: "app",
		Channel: helpdesk.ChannelKiosk, Office: "ant"})
	if err != nil {
		t.Fatal(err)
	}
	me := e.addUser(t, "worker@loket.test", accounts.RoleHelpdesk) // office BXL
	mate := e.addUser(t, "mate@loket.test", accounts.RoleHelpdesk)
	b := e.browser(t)
	b.signIn("worker@loket.test", nil)
	p := e.deps.Catalogs.Printer("en")

	_, page := b.Get("/en/staff/inbox")
	for _, want := range []string{`form="bulk"`, `value="` + refs[0] + `"`, `data-keyboard-rows`, `<option value="` + mate.ID + `">`} {
		if !strings.Contains(page, want) {
			t.Errorf("inbox lacks %s", want)
		}
	}
	bulk := func(v url.Values) *url.URL {
		t.Helper()
		res, _ := b.post("/en/staff/inbox/bulk", "/en/staff/inbox", v)
		if res.StatusCode != 303 {
			t.Fatalf("bulk %v: %d", v, res.StatusCode)
		}
		u, _ := url.Parse(res.Header.Get("Location"))
		return u
	}
	// Another office's request in the lot: nothing changes.
	u := bulk(url.Values{"action": {"resolve"}, "ref": {refs[0], other.Escalation.Ref.String()}, "back": {"lang=ar"}})
	if u.Query().Get("error") != "selection" || u.Query().Get("lang") != "ar" {
		t.Errorf("bulk with another office's request: %s", u)
	}
	if got, _ := e.desk.Get(ctx, helpdesk.Viewer{All: true}, refs[0]); got.State != helpdesk.StateOpen {
		t.Errorf("a refused bulk resolved %s", refs[0])
	}
	u = bulk(url.Values{"action": {"assign"}, "to": {mate.ID}, "ref": {refs[0], refs[1]}})
	if u.Query().Get("done") != "assign" || u.Query().Get("count") != "2" {
		t.Fatalf("bulk assign: %s", u)
	}
	_, page = b.Get(u.String())
	if !strings.Contains(page, esc(p.T("staff.inbox.bulk.done.assign", "count", 2))) {
		t.Error("the inbox does not say what the bulk action did")
	}
	u = bulk(url.Values{"action": {"resolve"}, "ref": refs})
	if u.Query().Get("count") != "3" {
		t.Errorf("bulk resolve: %s", u)
	}
	for _, ref := range refs {
		got, _ := e.desk.Get(ctx, helpdesk.Viewer{All: true}, ref)
		if got.State != helpdesk.StateResolved {
			t.Errorf("%s is %s after bulk resolve", ref, got.State)
		}
	}
	assigned, _ := e.trail.Search(ctx, audit.Filter{Action: helpdesk.ActionAssign})
	resolved, _ := e.trail.Search(ctx, audit.Filter{Action: helpdesk.ActionResolve})
	if len(assigned) != 2 || len(resolved) != 3 || resolved[0].Actor != me.ID {
		t.Errorf("audit: %d assignments, %d resolutions", len(assigned), len(resolved))
	}
	if u := bulk(url.Values{"action": {"resolve"}}); u.Query().Get("error") != "none" {
		t.Errorf("bulk with nothing ticked: %s", u)
	}

	// A saved filter, kept for this account only.
	res, _ := b.post("/en/staff/inbox/filters", "/en/staff/inbox?lang=ar&state=open", url.Values{"name": {"Arabic, open"}, "query": {"lang=ar&state=open&evil=1"}})
	if res.StatusCode != 303 {
		t.Fatalf("save filter: %d", res.StatusCode)
	}
	_, page = b.Get("/en/staff/inbox")
	if !strings.Contains(page, `href="/en/staff/inbox?lang=ar&amp;state=open">Arabic, open</a>`) {
		t.Errorf("the saved filter is not listed: %s", page[strings.Index(page, "saved-title"):][:600])
	}
	mb := e.browser(t)
	mb.signIn("mate@loket.test", nil)
	if _, page := mb.Get("/en/staff/inbox"); strings.Contains(page, "Arabic, open") {
		t.Error("a colleague sees my saved filter")
	}
	if res, _ := b.post("/en/staff/inbox/filters/delete", "/en/staff/inbox", url.Values{"name": {"Arabic, open"}}); res.StatusCode != 303 {
		t.Fatalf("delete filter: %d", res.StatusCode)
	}
	if _, page = b.Get("/en/staff/inbox"); strings.Contains(page, "Arabic, open") {
		t.Error("the deleted filter is still listed")
	}
}
