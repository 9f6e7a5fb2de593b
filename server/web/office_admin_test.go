package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/notify"
	"loket/translations"
)

// adminApp is a booking app with two offices, "test" (BXL staff serve
// it) and "other", and a supervisor of each, an admin and a helpdesk
// member of "test" and a lawyer, all signed in.
type adminApp struct {
	*bookingApp
	sup, otherSup, admin, desk, lawyer *browser
}

func newAdminApp(t *testing.T) *adminApp {
	t.Helper()
	offices := testOffices()
	other := offices[0].Clone()
	other.ID, other.Name = "other", "Other office"
	offices = append(offices, other)
	a := &adminApp{bookingApp: newBookingAppWith(t, offices, nil)}
	a.addStaff(t, "sup@dvz.be", accounts.RoleSupervisor, "test")
	a.addStaff(t, "othersup@dvz.be", accounts.RoleSupervisor, "other")
	a.addStaff(t, "admin@dvz.be", accounts.RoleAdmin)
	a.addStaff(t, "desk@dvz.be", accounts.RoleHelpdesk, "test")
	a.addStaff(t, "lawyer@dvz.be", accounts.RoleLawyer)
	sign := func(email string) *browser {
		b := a.browser(t)
		b.signIn(email, nil)
		return b
	}
	a.sup, a.otherSup, a.admin, a.desk, a.lawyer = sign("sup@dvz.be"), sign("othersup@dvz.be"), sign("admin@dvz.be"), sign("desk@dvz.be"), sign("lawyer@dvz.be")
	return a
}

// officeForm is the office page's details form as it is filled in now,
// with changes.
func officeForm(o bookings.Office, change func(url.Values)) url.Values {
	v := url.Values{"name": {o.Name}, "address": {o.Address}}
	for l, n := range o.Accessibility {
		v.Set("note_"+l, n)
	}
	for _, d := range bookings.WeekdayKeys {
		v.Set("hours_"+d, bookings.FormatPeriods(o.Hours[d]))
	}
	for _, l := range o.CallLanguages {
		v.Add("call", l)
	}
	if o.SilentCalls {
		v.Set("silent", "on")
	}
	if change != nil {
		change(v)
	}
	return v
}

// TestOfficeAdministrationGuards: supervisors change their own offices
// only, admins every office; helpdesk and lawyer accounts get a proper
// 403 page (in their language, with the staff layout), not a form error.
func TestOfficeAdministrationGuards(t *testing.T) {
	a := newAdminApp(t)
	en := a.deps.Catalogs.Printer("en")
	res, page := a.sup.Get("/en/staff/offices")
	if res.StatusCode != 200 || !strings.Contains(page, `href="/en/staff/offices/test"`) || strings.Contains(page, "/staff/offices/other") {
		t.Fatalf("supervisor's office list: %d\n%s", res.StatusCode, page)
	}
	if _, home := a.sup.Get("/en/staff/"); !strings.Contains(home, `href="/en/staff/offices"`) {
		t.Error("the staff menu has no link to the offices")
	}
	if res, page = a.admin.Get("/en/staff/offices"); res.StatusCode != 200 || !strings.Contains(page, "/en/staff/offices/other") ||
		!strings.Contains(page, "/en/staff/offices/test") {
		t.Fatalf("admin's office list: %d", res.StatusCode)
	}
	for _, path := range []string{"/en/staff/offices/other", "/en/staff/offices/other/services", "/en/staff/offices/other/services/biometrics"} {
		if res, _ = a.sup.Get(path); res.StatusCode != 403 {
			t.Errorf("supervisor of test opens %s: %d", path, res.StatusCode)
		}
		if res, _ = a.admin.Get(path); res.StatusCode != 200 {
			t.Errorf("admin opens %s: %d", path, res.StatusCode)
		}
	}
	other, _ := a.m.Office("other")
	posts := map[string]url.Values{
		"/en/staff/offices/other":                     officeForm(other, func(v url.Values) { v.Set("hours_mon", "") }),
		"/en/staff/offices/other/services":            {"id": {"new_one"}, "name_en": {"New"}, "duration": {"15"}, "capacity": {"1"}, "horizon": {"7"}, "lead": {"0"}, "active": {"on"}},
		"/en/staff/offices/other/services/biometrics": {"duration": {"15"}, "capacity": {"1"}, "horizon": {"7"}, "lead": {"0"}},
		"/en/staff/offices/other/closures":            {"from": {"2026-03-04"}, "confirm": {"yes"}},
		"/en/staff/offices/other/closures/reopen":     {"from": {"2026-12-24"}, "to": {"2026-12-31"}},
	}
	for path, form := range posts {
		if res, _ = a.sup.post(path, "/en/staff/offices/test", form); res.StatusCode != 403 {
			t.Errorf("supervisor of test posts %s: %d", path, res.StatusCode)
		}
	}
	if now, _ := a.m.Office("other"); len(now.Hours["mon"]) == 0 || len(now.Closures) != 0 || len(now.Services) != 2 {
		t.Fatalf("a refused post changed the office: %+v", now)
	}
	forbidden := en.T("error.forbidden.title")
	for _, b := range []*browser{a.desk, a.lawyer} {
		for _, path := range []string{"/en/staff/offices", "/en/staff/offices/test"} {
			res, page := b.Get(path)
			if res.StatusCode != 403 || !strings.Contains(page, forbidden) || strings.Contains(page, en.T("error.expired.title")) {
				t.Errorf("%s as helpdesk/lawyer: %d\n%.300s", path, res.StatusCode, page)
			}
		}
	}
	if res, _ = a.sup.Get("/en/staff/offices/nowhere"); res.StatusCode != 404 {
		t.Errorf("unknown office: %d", res.StatusCode)
	}
	// Without the form's token, a post is refused (CSRF) and changes nothing.
	if res, _ = a.sup.post("/en/staff/offices/test", "", officeForm(testOffices()[0], func(v url.Values) { v.Set("hours_mon", "") })); res.StatusCode != 403 {
		t.Errorf("post without CSRF token: %d", res.StatusCode)
	}
	if now, _ := a.m.Office("test"); len(now.Hours["mon"]) == 0 {
		t.Error("a post without CSRF token changed the hours")
	}
}

// TestChangedHoursChangeTheFreeSlots: a supervisor changes Tuesday's hours
// and the phone's free times follow at once, without a restart; the
// change is in the audit trail with who made it and the hours before and
// after. Wrong hours are refused with the day and the reason, and the
// hours stay as they were.
func TestChangedHoursChangeTheFreeSlots(t *testing.T) {
	a := newAdminApp(t)
	en := a.deps.Catalogs.Printer("en")
	slots := func() string {
		t.Helper()
		_, body, _ := a.call(t, "GET", "/api/v1/slots?office=test&service=information_interview&from=2026-03-03&to=2026-03-04", "")
		day := body["days"].([]any)[0].(map[string]any)
		var times []string
		for _, s := range day["slots"].([]any) {
			times = append(times, s.(map[string]any)["time"].(string))
		}
		return strings.Join(times, " ")
	}
	if got := slots(); got != "09:00 09:30 10:00 10:30 11:00 11:30" {
		t.Fatalf("Tuesday before: %s", got)
	}
	phone := a.browser(t)
	if _, page := phone.Get("/en/appointments/test/information_interview?from=2026-03-03"); strings.Contains(page, "14:30") {
		t.Fatal("an afternoon slot before the change")
	}
	o, _ := a.m.Office("test")
	bad := map[string]string{
		"12:00-09:00":              "booking.error.hours_order",
		"09:00-12:00, 11:00-14:00": "booking.error.hours_overlap",
		"nine to five":             "booking.error.hours_format",
		"09:00-25:00":              "booking.error.hours_format",
	}
	for typed, key := range bad {
		res, page := a.sup.post("/en/staff/offices/test", "/en/staff/offices/test", officeForm(o, func(v url.Values) { v.Set("hours_tue", typed) }))
		want := en.T("date.weekday.2") + ": " + en.T(key)
		if res.StatusCode != 422 || !strings.Contains(page, want) || !strings.Contains(page, `value="`+typed+`"`) ||
			!strings.Contains(page, `aria-invalid="true"`) {
			t.Errorf("Tuesday %q: %d, want %q\n", typed, res.StatusCode, want)
		}
	}
	if got := slots(); got != "09:00 09:30 10:00 10:30 11:00 11:30" {
		t.Fatalf("refused hours changed the slots: %s", got)
	}
	res, _ := a.sup.post("/en/staff/offices/test", "/en/staff/offices/test",
		officeForm(o, func(v url.Values) { v.Set("hours_tue", "09:00-10:00; 14:00-15:00") }))
	if res.StatusCode != 303 || res.Header.Get("Location") != "/en/staff/offices/test?done=saved" {
		t.Fatalf("saving the hours: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got := slots(); got != "09:00 09:30 14:00 14:30" {
		t.Fatalf("Tuesday after the change: %s", got)
	}
	if _, page := phone.Get("/en/appointments/test/information_interview?from=2026-03-03"); !strings.Contains(page, "14:30") {
		t.Fatal("the phone's page does not show the new afternoon slot")
	}
	saved, ok, err := a.store.Offices(context.Background())
	if err != nil || !ok || bookings.FormatPeriods(saved[0].Hours["tue"]) != "09:00-10:00, 14:00-15:00" {
		t.Fatalf("stored offices: %v %v %+v", ok, err, saved)
	}
	entries, err := a.trail.Search(context.Background(), audit.Filter{Action: "office.edit"})
	sup, _ := a.accounts.ByEmail(context.Background(), "sup@dvz.be")
	if err != nil || len(entries) != 1 || entries[0].Actor != sup.ID || entries[0].Object != "test" ||
		entries[0].Detail != "hours.tue: 09:00-12:00 → 09:00-10:00, 14:00-15:00" {
		t.Fatalf("audit: %v %+v", err, entries)
	}
	// Saved again unchanged, nothing more is recorded.
	now, _ := a.m.Office("test")
	a.sup.post("/en/staff/offices/test", "/en/staff/offices/test", officeForm(now, nil))
	if again, _ := a.trail.Search(context.Background(), audit.Filter{Action: "office.edit"}); len(again) != 1 {
		t.Fatalf("an unchanged save was recorded: %+v", again)
	}
	// Call languages and silent calls.
	a.sup.post("/en/staff/offices/test", "/en/staff/offices/test", officeForm(now, func(v url.Values) {
		v["call"] = []string{"nl", "ar", "en"}
		v.Set("silent", "on")
	}))
	if got, _ := a.m.Office("test"); strings.Join(got.Calls(), " ") != "nl en ar" || !got.SilentCalls {
		t.Fatalf("call display: %v %v", got.Calls(), got.SilentCalls)
	}
	res, page := a.sup.post("/en/staff/offices/test", "/en/staff/offices/test", officeForm(now, func(v url.Values) {
		v["call"] = []string{"nl", "fr", "de", "en", "ar", "fa", "ps", "ti", "so"}
		v.Set("name", "")
	}))
	if res.StatusCode != 422 || !strings.Contains(page, en.T("staff.offices.error.calls", "max", 8)) ||
		!strings.Contains(page, en.T("staff.offices.error.name_address")) {
		t.Fatalf("nine call languages and no name: %d", res.StatusCode)
	}
}

// TestOfficeClosureListsThenTellsTheBookings: closing a day first lists
// the bookings it affects (time, service, code; nothing about the
// person), then, confirmed, closes it in one step: nobody can book it,
// the bookings are marked and their followers told. A closure that told
// people stays; one that told nobody can be lifted. Part of a day closes
// only the slots in it.
func TestOfficeClosureListsThenTellsTheBookings(t *testing.T) {
	a := newAdminApp(t)
	svc, err := notify.NewService(a.store, notify.ServiceConfig{Rules: notify.SubscriptionRules{Langs: translations.Languages},
		GrantKey: []byte(testSecret), Email: true, Now: a.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	a.app = a.variant(t, func(d *Deps) { d.Notify = svc })
	en := a.deps.Catalogs.Printer("en")
	ctx := context.Background()
	booked, err := a.m.Book(ctx, bookings.Request{OfficeID: "test", ServiceID: "information_interview",
		Start: time.Date(2026, 3, 4, 10, 0, 0, 0, bookingZone), Email: "visitor@example.org", Phone: "+32470000000", Lang: "nl", IdempotencyKey: "close-1"})
	if err != nil {
		t.Fatal(err)
	}
	day := url.Values{"from": {"2026-03-04"}, "to": {"2026-03-04"}, "reason": {"strike"}}
	res, page := a.sup.post("/en/staff/offices/test/closures", "/en/staff/offices/test", day)
	if res.StatusCode != 200 || !strings.Contains(page, en.T("staff.offices.close.affected", "count", 1)) ||
		!strings.Contains(page, booked.Booking.Ref.String()) || !strings.Contains(page, "10:00") ||
		!strings.Contains(page, "Information interview") || !strings.Contains(page, `name="confirm" value="yes"`) {
		t.Fatalf("closure preview: %d\n%s", res.StatusCode, page)
	}
	for _, personal := range []string{"visitor@example.org", "470000000"} {
		if strings.Contains(page, personal) {
			t.Errorf("the preview shows %s", personal)
		}
	}
	officeNotices := func() []notify.Message {
		queued, _ := a.store.OutboxMessages(ctx, notify.StateQueued, 10)
		var out []notify.Message
		for _, m := range queued {
			if m.Event == notify.EventOfficeNotice {
				out = append(out, m)
			}
		}
		return out
	}
	if n := officeNotices(); len(n) != 0 {
		t.Fatalf("the preview told people: %+v", n)
	}
	if o, _ := a.m.Office("test"); len(o.Closures) != 0 {
		t.Fatal("the preview closed the day")
	}
	confirm := url.Values{"confirm": {"yes"}}
	for k, v := range day {
		confirm[k] = v
	}
	res, _ = a.sup.post("/en/staff/offices/test/closures", "/en/staff/offices/test", confirm)
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "done=closed") {
		t.Fatalf("confirming: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, page = a.sup.Get(res.Header.Get("Location"))
	if !strings.Contains(page, en.T("staff.offices.done.closed", "count", 1)) || !strings.Contains(page, en.T("booking.error.closure_told")) {
		t.Fatalf("office page after the closure:\n%s", page)
	}
	notices := officeNotices()
	if len(notices) != 1 || notices[0].Subject.ID != string(booked.Booking.Ref) {
		t.Fatalf("told: %+v", notices)
	}
	if b, _ := a.m.Booking(ctx, booked.Booking.Ref); !b.DayClosed {
		t.Fatal("the booking is not marked")
	}
	_, body, _ := a.call(t, "GET", "/api/v1/slots?office=test&service=information_interview&from=2026-03-04&to=2026-03-05", "")
	if d := body["days"].([]any)[0].(map[string]any); d["reason"] != "closure" || len(d["slots"].([]any)) != 0 {
		t.Fatalf("the closed day on the phone: %+v", d)
	}
	entries, _ := a.trail.Search(ctx, audit.Filter{Action: "office.close"})
	if len(entries) != 1 || entries[0].Detail != "2026-03-04 (strike); 1 bookings told" {
		t.Fatalf("audit: %+v", entries)
	}
	// That closure told someone: it stays.
	res, page = a.sup.post("/en/staff/offices/test/closures/reopen", "", nil)
	if res.StatusCode != 403 {
		t.Fatalf("reopen without token: %d", res.StatusCode)
	}
	res, page = a.sup.post("/en/staff/offices/test/closures/reopen", "/en/staff/offices/test", day)
	if res.StatusCode != 422 || !strings.Contains(page, en.T("booking.error.closure_told")) {
		t.Fatalf("reopening a closure that told people: %d", res.StatusCode)
	}
	// Part of Thursday, nobody booked: only 10:00-11:00 goes, and it can be lifted.
	part := url.Values{"from": {"2026-03-05"}, "to": {"2026-03-05"}, "start": {"10:00"}, "end": {"11:00"}, "confirm": {"yes"}}
	if res, _ = a.sup.post("/en/staff/offices/test/closures", "/en/staff/offices/test", part); res.StatusCode != 303 {
		t.Fatalf("closing part of a day: %d", res.StatusCode)
	}
	_, body, _ = a.call(t, "GET", "/api/v1/slots?office=test&service=information_interview&from=2026-03-05&to=2026-03-06", "")
	var times []string
	for _, s := range body["days"].([]any)[0].(map[string]any)["slots"].([]any) {
		times = append(times, s.(map[string]any)["time"].(string))
	}
	if strings.Join(times, " ") != "09:00 09:30 11:00 11:30" {
		t.Fatalf("Thursday with 10:00-11:00 closed: %v", times)
	}
	delete(part, "confirm")
	if res, _ = a.sup.post("/en/staff/offices/test/closures/reopen", "/en/staff/offices/test", part); res.StatusCode != 303 {
		t.Fatalf("lifting the part-day closure: %d", res.StatusCode)
	}
	if o, _ := a.m.Office("test"); len(o.Closures) != 1 {
		t.Fatalf("closures after lifting one: %+v", o.Closures)
	}
	if reopened, _ := a.trail.Search(ctx, audit.Filter{Action: "office.reopen"}); len(reopened) != 1 {
		t.Fatalf("reopen audit: %+v", reopened)
	}
	// Refused closures say why, in the staff member's language.
	for _, c := range []struct {
		form url.Values
		key  string
	}{
		{url.Values{"from": {"2026-03-06"}, "to": {"2026-03-05"}}, "booking.error.closure_dates"},
		{url.Values{"from": {"2026-03-06"}, "to": {"2026-03-07"}, "start": {"10:00"}, "end": {"11:00"}}, "booking.error.closure_part_day"},
		{url.Values{"from": {"2026-03-06"}, "start": {"11:00"}, "end": {"10:00"}}, "booking.error.closure_hours"},
		{url.Values{"from": {"2026-03-01"}, "confirm": {"yes"}}, "booking.error.in_past"},
		{url.Values{"from": {"soon"}}, "form.error.date_format"},
		{url.Values{"from": {"2026-03-06"}, "reason": {strings.Repeat("é", 201)}}, "booking.error.closure_reason"},
	} {
		res, page := a.sup.post("/en/staff/offices/test/closures", "/en/staff/offices/test", c.form)
		if res.StatusCode != 422 || !strings.Contains(page, en.T(c.key)) {
			t.Errorf("closure %v: %d, want %s", c.form, res.StatusCode, c.key)
		}
	}
}

// TestOfficeServicesAddRenameDeactivate: a new service is offered at once
// with the name staff gave (other languages read it in English); a
// rename changes one language only; a deactivated service is no longer
// offered and takes no booking, while its bookings stay.
func TestOfficeServicesAddRenameDeactivate(t *testing.T) {
	a := newAdminApp(t)
	en := a.deps.Catalogs.Printer("en")
	ctx := context.Background()
	form := url.Values{"id": {"residence_card"}, "name_en": {"Residence card pick-up"}, "duration": {"10"}, "capacity": {"2"},
		"horizon": {"14"}, "lead": {"60"}, "active": {"on"}, "bring": {"booking.bring.photo", "booking.bring.passport", "booking.bring.made_up"}}
	res, _ := a.sup.post("/en/staff/offices/test/services", "/en/staff/offices/test/services", form)
	if res.StatusCode != 303 {
		t.Fatalf("adding a service: %d", res.StatusCode)
	}
	services := func(lang string) string {
		t.Helper()
		b := a.browser(t)
		_, page := b.Get("/" + lang + "/appointments")
		return page
	}
	if !strings.Contains(services("en"), "Residence card pick-up") || !strings.Contains(services("fr"), "Residence card pick-up") {
		t.Fatal("the new service is not offered under its name")
	}
	o, _ := a.m.Office("test")
	if len(o.Services) != 3 || o.Services[2].ID != "residence_card" {
		t.Fatalf("the new service is not last: %+v", o.Services)
	}
	// The documents to bring, chosen from the translated list (a key not on
	// it is ignored), reach applicants in their language.
	if got := strings.Join(o.Services[2].Checklist, " "); got != "booking.bring.passport booking.bring.photo" {
		t.Errorf("documents to bring: %q", got)
	}
	ar := a.deps.Catalogs.Printer("ar")
	if _, page := a.browser(t).Get("/ar/appointments/test/residence_card"); !strings.Contains(page, ar.T("booking.bring.photo")) ||
		strings.Contains(page, ar.T("booking.bring.letter")) {
		t.Error("the Arabic free times do not list the documents to bring chosen in the console")
	}
	if _, page := a.sup.Get("/ar/staff/offices/test/services/residence_card"); !strings.Contains(page, `value="booking.bring.photo" checked`) ||
		strings.Contains(page, `value="booking.bring.letter" checked`) || !strings.Contains(page, ar.T("booking.bring.letter")) {
		t.Error("the service form does not show the documents to bring as chosen, in the staff member's language")
	}
	rename := url.Values{"name_en": {"Residence card pick-up"}, "name_fr": {"Retrait de la carte de séjour"}, "duration": {"10"},
		"capacity": {"2"}, "horizon": {"14"}, "lead": {"60"}, "active": {"on"}}
	if res, _ = a.sup.post("/en/staff/offices/test/services/residence_card", "/en/staff/offices/test/services/residence_card", rename); res.StatusCode != 303 {
		t.Fatalf("renaming: %d", res.StatusCode)
	}
	if !strings.Contains(services("fr"), "Retrait de la carte de séjour") || !strings.Contains(services("en"), "Residence card pick-up") {
		t.Fatal("the French name is not shown in French only")
	}
	entries, _ := a.trail.Search(ctx, audit.Filter{Action: "office.edit"})
	var details []string
	for _, e := range entries {
		details = append(details, e.Detail)
	}
	if !strings.Contains(strings.Join(details, "\n"), "service.residence_card.name.fr:  → Retrait de la carte de séjour") ||
		!strings.Contains(strings.Join(details, "\n"), "service.residence_card.checklist: booking.bring.passport booking.bring.photo → ") {
		t.Fatalf("audit of the rename: %v", details)
	}
	// A shipped service renamed in Dutch only keeps its shipped name elsewhere.
	booked, err := a.m.Book(ctx, bookings.Request{OfficeID: "test", ServiceID: "information_interview",
		Start: time.Date(2026, 3, 4, 10, 0, 0, 0, bookingZone), Lang: "en", IdempotencyKey: "svc-1"})
	if err != nil {
		t.Fatal(err)
	}
	deactivate := url.Values{"name_nl": {"Infogesprek"}, "duration": {"30"}, "capacity": {"3"}, "horizon": {"28"}, "lead": {"90"}}
	if res, _ = a.sup.post("/en/staff/offices/test/services/information_interview", "/en/staff/offices/test/services/information_interview", deactivate); res.StatusCode != 303 {
		t.Fatalf("deactivating: %d", res.StatusCode)
	}
	if strings.Contains(services("en"), "/appointments/test/information_interview") {
		t.Fatal("a deactivated service is still offered")
	}
	if _, err := a.m.Book(ctx, bookings.Request{OfficeID: "test", ServiceID: "information_interview",
		Start: time.Date(2026, 3, 4, 10, 30, 0, 0, bookingZone), Lang: "en", IdempotencyKey: "svc-2"}); err != bookings.ErrServiceInactive {
		t.Fatalf("booking a deactivated service: %v", err)
	}
	if b, err := a.m.Booking(ctx, booked.Booking.Ref); err != nil || !b.Active() {
		t.Fatalf("the deactivated service's booking: %v %+v", err, b)
	}
	if _, page := a.sup.Get("/en/staff/offices/test"); !strings.Contains(page, en.T("staff.offices.service.inactive")) ||
		!strings.Contains(page, "Information interview") {
		t.Fatal("the office page does not show the deactivated service under its English name")
	}
	// Refused: a code in use, a bad code, no name for a new service, numbers out of range.
	for _, c := range []struct {
		form url.Values
		key  string
	}{
		{url.Values{"id": {"biometrics"}, "name_en": {"x"}, "duration": {"10"}, "capacity": {"1"}, "horizon": {"7"}, "lead": {"0"}}, "staff.offices.error.service_taken"},
		{url.Values{"id": {"Bad Code"}, "name_en": {"x"}, "duration": {"10"}, "capacity": {"1"}, "horizon": {"7"}, "lead": {"0"}}, "staff.offices.error.service_id"},
		{url.Values{"id": {"unnamed"}, "duration": {"10"}, "capacity": {"1"}, "horizon": {"7"}, "lead": {"0"}}, "staff.offices.error.service_name"},
		{url.Values{"id": {"long"}, "name_en": {"x"}, "duration": {"4"}, "capacity": {"1"}, "horizon": {"7"}, "lead": {"0"}}, "staff.offices.error.number"},
	} {
		res, page := a.sup.post("/en/staff/offices/test/services", "/en/staff/offices/test/services", c.form)
		if res.StatusCode != 422 || !strings.Contains(page, strings.SplitN(en.T(c.key, "min", 5, "max", 480), "{", 2)[0]) {
			t.Errorf("service %v: %d, want %s", c.form, res.StatusCode, c.key)
		}
	}
	if o, _ := a.m.Office("test"); len(o.Services) != 3 {
		t.Fatalf("a refused service was added: %+v", o.Services)
	}
}
