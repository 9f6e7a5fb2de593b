package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket/server/accounts"
	"loket/server/queue"
)

// TestDeskScreenListsQueuesAndUndoesServed: the desk shows who waits for
// which service in calling order, follows the office's event stream, and
// offers to take back a "served" that it then undoes; the supervisor's
// overview shows every desk, and is only for supervisors of the office.
func TestDeskScreenListsQueuesAndUndoesServed(t *testing.T) {
	qa := newQueueApp(t, 50)
	k := qa.registered(t)
	for _, s := range []string{"documents", "biometrics", "documents"} {
		k.post("/kiosk/en/ticket", "/kiosk/en/ticket", url.Values{"service": {s}})
	}
	qa.addStaff(t, "desk@example.be", accounts.RoleHelpdesk, "brussels")
	qa.addStaff(t, "boss@example.be", accounts.RoleSupervisor, "brussels")
	qa.addStaff(t, "boss-elsewhere@example.be", accounts.RoleSupervisor, "antwerpen")
	staff := qa.testApp.browser(t)
	staff.signIn("desk@example.be", nil)
	desk := url.Values{"office": {"brussels"}, "desk": {"3"}, "s": {"documents"}}
	_, page := staff.Get("/en/staff/desk?" + desk.Encode())
	if !strings.Contains(page, `data-events="/display/brussels/events"`) || !strings.Contains(page, `data-key="n"`) {
		t.Error("the desk neither follows the office's stream nor has its shortcuts")
	}
	docs := regexp.MustCompile(`(?s)<tr data-service="documents">.*?</tr>`).FindString(page)
	if n := regexp.MustCompile(`waiting-number">([A-Z0-9]+)<`).FindAllStringSubmatch(docs, -1); len(n) != 2 || n[0][1] != "A001" || n[1][1] != "A002" {
		t.Errorf("documents waiting list: %v", n)
	}
	act := func(action, ticket string) *url.URL {
		form := url.Values{"office": desk["office"], "desk": desk["desk"], "s": desk["s"], "action": {action}, "ticket": {ticket}}
		res, _ := staff.post("/staff/desk", "/en/staff/desk?"+desk.Encode(), form)
		if res.StatusCode != 303 {
			t.Fatalf("%s: %d", action, res.StatusCode)
		}
		u, _ := url.Parse(res.Header.Get("Location"))
		return u
	}
	called := act("call", "").Query().Get("t")
	served := act("served", called)
	if served.Query().Get("msg") != "queue.desk.done.served" {
		t.Fatalf("served: %s", served)
	}
	_, page = staff.Get(served.String())
	if !strings.Contains(page, `value="undo_served"`) {
		t.Fatal("no undo after served")
	}
	if u := act("undo_served", called); u.Query().Get("msg") != "queue.desk.done.undo_served" {
		t.Errorf("undo: %s", u)
	}
	if at, _ := qa.q.AtDesk(t.Context(), "brussels", "3"); len(at) != 1 || at[0].ID != called || at[0].Status != queue.StatusCalled {
		t.Errorf("after undo desk 3 serves %+v", at)
	}
	// Undone once, it cannot be undone again, and the page offers nothing.
	if u := act("undo_served", called); u.Query().Get("msg") != "queue.error.not_served" {
		t.Errorf("second undo: %s", u)
	}
	_, page = staff.Get(served.String())
	if strings.Contains(page, `value="undo_served"`) {
		t.Error("the page offers to undo a ticket that is not served")
	}

	if res, _ := staff.Get("/en/staff/desk/overview?office=brussels"); res.StatusCode != 403 {
		t.Errorf("overview for a helpdesk account: %d", res.StatusCode)
	}
	other := qa.testApp.browser(t)
	other.signIn("boss-elsewhere@example.be", nil)
	if res, _ := other.Get("/en/staff/desk/overview?office=brussels"); res.StatusCode != 403 {
		t.Errorf("overview of another office: %d", res.StatusCode)
	}
	boss := qa.testApp.browser(t)
	boss.signIn("boss@example.be", nil)
	res, page := boss.Get("/en/staff/desk/overview")
	if res.StatusCode != 200 {
		t.Fatalf("overview: %d", res.StatusCode)
	}
	row := regexp.MustCompile(`(?s)<bdi dir="ltr">3</bdi></th>.*?</tr>`).FindString(page)
	if !strings.Contains(row, `serving-number">A001<`) {
		t.Errorf("overview's desk 3: %q", row)
	}
	if !strings.Contains(page, `data-events="/display/brussels/events"`) {
		t.Error("the overview does not follow the office's stream")
	}
}
