package web

import (
	"net/url"
	"strings"
	"testing"

	"loket/server/accounts"
)

// staffShell checks that a page is drawn in the staff console's layout,
// not the phone's: no app manifest or public navigation, the offices'
// time with its zone named.
func staffShell(t *testing.T, name, body string) {
	t.Helper()
	if !strings.Contains(body, `<body class="staff">`) || strings.Contains(body, `rel="manifest"`) {
		t.Errorf("%s: not in the staff layout", name)
	}
	if strings.Contains(body, `href="/en/status"`) {
		t.Errorf("%s: shows the applicants' navigation", name)
	}
	if !strings.Contains(body, `class="staff-clock"`) || !strings.Contains(body, "Europe/Brussels") {
		t.Errorf("%s: no office time with its zone", name)
	}
}

// TestStaffLayoutOnWorkPages: the desk, the day sheet and the
// municipality's pages use the staff layout, with a menu by role and an
// office switcher that offers only the account's offices.
func TestStaffLayoutOnWorkPages(t *testing.T) {
	qa := newQueueApp(t, 50)
	qa.addStaff(t, "desk@example.be", accounts.RoleHelpdesk, "brussels")
	staff := qa.testApp.browser(t)
	staff.signIn("desk@example.be", nil)
	res, body := staff.Get("/en/staff/desk?office=brussels&desk=3")
	if res.StatusCode != 200 {
		t.Fatalf("desk: %d", res.StatusCode)
	}
	staffShell(t, "desk", body)
	if !strings.Contains(body, `id="office-switch"`) || !strings.Contains(body, `href="/en/staff/inbox"`) {
		t.Error("desk: no office switcher or no helpdesk menu")
	}
	if strings.Contains(body, `href="/en/staff/admin/users"`) || strings.Contains(body, `href="/en/staff/stats"`) {
		t.Error("desk: the helpdesk menu offers pages of other roles")
	}

	offices := testOffices()
	gent := offices[0]
	gent.ID, gent.Name = "gent", "Gent office"
	ba := newBookingAppWith(t, append(offices, gent), nil)
	ba.addStaff(t, "sheet@example.be", accounts.RoleSupervisor, "test")
	sup := ba.testApp.browser(t)
	sup.signIn("sheet@example.be", nil)
	res, body = sup.Get("/en/staff/bookings")
	if res.StatusCode != 200 {
		t.Fatalf("day sheet: %d", res.StatusCode)
	}
	staffShell(t, "day sheet", body)
	if !strings.Contains(body, `<option value="test" selected>`) || strings.Contains(body, `value="gent"`) {
		t.Error("day sheet: the switcher does not offer exactly the account's offices")
	}
	if !strings.Contains(body, `href="/en/staff/stats"`) {
		t.Error("day sheet: the supervisor's menu has no statistics")
	}
	if res, _ := sup.Get("/en/staff/bookings?office=gent"); res.StatusCode != 403 {
		t.Errorf("day sheet of another office: %d", res.StatusCode)
	}

	a := newAddressApp(t)
	s := a.Session(t)
	ref, _, _ := a.submit(t, s, "en", validForm())
	_, list := get(t, a.app, "/en/municipality/address", "X-Test-Staff", "ixelles")
	_, show := get(t, a.app, "/en/municipality/address/"+ref, "X-Test-Staff", "ixelles")
	staffShell(t, "municipality list", list)
	staffShell(t, "municipality notification", show)
	p := a.deps.Catalogs.Printer("en")
	for _, applicant := range []string{"address.done.reference", "form.address_notification.entry_date.label", "form.address_notification.title"} {
		if w := esc(p.T(applicant)); strings.Contains(list, w) || strings.Contains(show, w) {
			t.Errorf("municipality pages use the applicants' wording %q", w)
		}
	}
	// The status set is in the notification's history, with its time.
	if res, _ := a.post(t, s, "/en/municipality/address/"+ref+"/status", url.Values{"status": {"checked"}}, "X-Test-Staff", "ixelles"); res.StatusCode != 303 {
		t.Fatalf("mark checked: %d", res.StatusCode)
	}
	_, show = get(t, a.app, "/en/municipality/address/"+ref, "X-Test-Staff", "ixelles")
	at := strings.Index(show, `class="muni-history"`)
	if at < 0 {
		t.Fatal("the notification shows no history")
	}
	history := show[at:]
	if i, j := strings.Index(history, esc(p.T("municipality.address.history.received"))), strings.Index(history, esc(p.T("municipality.address.history.checked"))); i < 0 || j < i {
		t.Errorf("history: %s", history[:min(len(history), 400)])
	}
	if !strings.Contains(list, esc(p.T("municipality.address.col.reference"))) || !strings.Contains(show, esc(p.T("municipality.address.field.entry_date"))) {
		t.Error("municipality pages lack the staff wording")
	}
}
