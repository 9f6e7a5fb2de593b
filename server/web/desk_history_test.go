package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket/server/accounts"
	"loket/server/audit"
)

// TestDeskActionsCarryTheStaffAccount: each call, recall and end names the
// staff account that did it, in the ticket's history and on the trail; the
// supervisor's overview shows who works each desk and leads to a ticket's
// history; the public display never shows who called.
func TestDeskActionsCarryTheStaffAccount(t *testing.T) {
	qa := newQueueApp(t, 50)
	k := qa.registered(t)
	for range 2 {
		k.post("/kiosk/en/ticket", "/kiosk/en/ticket", url.Values{"service": {"documents"}})
	}
	anna := qa.addStaff(t, "anna@example.be", accounts.RoleHelpdesk, "brussels")
	bert := qa.addStaff(t, "bert@example.be", accounts.RoleHelpdesk, "brussels")
	qa.addStaff(t, "boss@example.be", accounts.RoleSupervisor, "brussels")
	qa.addStaff(t, "boss-elsewhere@example.be", accounts.RoleSupervisor, "antwerpen")
	e := func(lang, key string) string { return qa.deps.Catalogs.Printer(lang).T(key) }
	act := func(b *browser, deskName, action, ticket string) string {
		desk := url.Values{"office": {"brussels"}, "desk": {deskName}, "s": {"documents"}}
		form := url.Values{"office": desk["office"], "desk": desk["desk"], "s": desk["s"], "action": {action}, "ticket": {ticket}}
		res, _ := b.post("/staff/desk", "/en/staff/desk?"+desk.Encode(), form)
		u, _ := url.Parse(res.Header.Get("Location"))
		if res.StatusCode != 303 || !strings.HasPrefix(u.Query().Get("msg"), "queue.desk.done.") {
			t.Fatalf("%s at desk %s: %d %s", action, deskName, res.StatusCode, u)
		}
		return u.Query().Get("t")
	}
	a := qa.testApp.browser(t)
	a.signIn("anna@example.be", nil)
	b := qa.testApp.browser(t)
	b.signIn("bert@example.be", nil)
	first := act(a, "3", "call", "")
	second := act(b, "4", "call", "")
	act(b, "4", "recall", second)
	act(a, "3", "served", first)

	boss := qa.testApp.browser(t)
	boss.signIn("boss@example.be", nil)
	res, page := boss.Get("/en/staff/desk/overview?office=brussels")
	if res.StatusCode != 200 {
		t.Fatalf("overview: %d", res.StatusCode)
	}
	for desk, who := range map[string]string{"3": "anna@example.be", "4": "bert@example.be"} {
		row := regexp.MustCompile(`(?s)<bdi dir="ltr">` + desk + `</bdi></th>.*?</tr>`).FindString(page)
		if !strings.Contains(row, `<td class="desk-staff"><bdi dir="ltr">`+who+`</bdi>`) {
			t.Errorf("overview's desk %s: %q", desk, row)
		}
	}
	if !strings.Contains(page, `href="/en/staff/desk/ticket?office=brussels&amp;number=A002"`) {
		t.Error("the ticket a desk serves does not lead to its history")
	}
	steps := func(lang, number string) []string {
		res, page := boss.Get("/" + lang + "/staff/desk/ticket?office=brussels&number=" + number)
		if res.StatusCode != 200 {
			t.Fatalf("history of %s in %s: %d", number, lang, res.StatusCode)
		}
		var out []string
		for _, m := range regexp.MustCompile(`(?s)<tr><td><span dir="ltr">[0-9:]+</span></td><td>(.*?)</td><td><bdi dir="ltr">(.*?)</bdi></td><td class="step-staff"><bdi dir="ltr">(.*?)</bdi>`).FindAllStringSubmatch(page, -1) {
			out = append(out, m[1]+" | "+m[2]+" | "+m[3])
		}
		return out
	}
	want := []string{e("en", "queue.history.action.called") + " | 3 | anna@example.be", e("en", "queue.history.action.served") + " | 3 | anna@example.be"}
	if got := steps("en", "A001"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history of A001:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	want = []string{e("ar", "queue.history.action.called") + " | 4 | bert@example.be", e("ar", "queue.history.action.recalled") + " | 4 | bert@example.be"}
	if got := steps("ar", "a002"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history of A002 in Arabic:\n%s", strings.Join(got, "\n"))
	}
	if res, page = boss.Get("/en/staff/desk/ticket?office=brussels&number=A099"); res.StatusCode != 404 || !strings.Contains(page, e("en", "queue.history.not_found")) {
		t.Errorf("unknown number: %d", res.StatusCode)
	}
	if res, _ = a.Get("/en/staff/desk/ticket?office=brussels&number=A001"); res.StatusCode != 403 {
		t.Errorf("history for a helpdesk account: %d", res.StatusCode)
	}
	elsewhere := qa.testApp.browser(t)
	elsewhere.signIn("boss-elsewhere@example.be", nil)
	if res, _ = elsewhere.Get("/en/staff/desk/ticket?office=brussels&number=A001"); res.StatusCode != 403 {
		t.Errorf("history of another office: %d", res.StatusCode)
	}
	// The display in the hall shows numbers and desks, never who.
	if _, page = get(t, qa.app, "/display/brussels"); strings.Contains(page, "@example.be") || !strings.Contains(page, "A002") {
		t.Error("the public display shows a staff account or misses the call")
	}
	// The trail names the account of each desk action.
	by := map[string][]string{}
	if err := qa.trail.Each(context.Background(), audit.Filter{}, func(en audit.Entry) error {
		if strings.HasPrefix(en.Action, "queue.") {
			by[en.Action] = append(by[en.Action], en.Actor)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(by["queue.call"], ",") != anna.ID+","+bert.ID || strings.Join(by["queue.recall"], ",") != bert.ID ||
		strings.Join(by["queue.served"], ",") != anna.ID || len(by["queue.history"]) != 2 {
		t.Errorf("trail: %v", by)
	}
}
