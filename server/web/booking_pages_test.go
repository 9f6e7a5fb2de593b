package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/config"
	"loket/server/web/staff"
)

// pageClient keeps cookies between page requests, like a pageClient without
// JavaScript.
type pageClient struct {
	a       *bookingApp
	cookies map[string]string
}

func (b *pageClient) Send(t *testing.T, method, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	var jar []string
	for k, v := range b.cookies {
		jar = append(jar, k+"="+v)
	}
	req.Header.Set("Cookie", strings.Join(jar, "; "))
	res, body := do(t, b.a.app, req)
	for _, c := range res.Cookies() {
		b.cookies[c.Name] = c.Value
	}
	return res, body
}

var (
	hiddenInput = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)
	slotHref    = regexp.MustCompile(`href="(/en/appointments/test/information_interview/book\?start=[^"]+)"`)
	codeInPage  = regexp.MustCompile(`<dd class="reference" dir="ltr" translate="no">([^<]+)</dd>`)
)

// formValues reads the hidden inputs of a page.
func formValues(body string) url.Values {
	v := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], strings.ReplaceAll(m[2], "&#43;", "+"))
	}
	return v
}

func TestBookingPagesWithoutJavaScript(t *testing.T) {
	a := newBookingApp(t, nil)
	a.clock.Add(3 * time.Hour) // Monday 11:00: today's last slot is inside the lead time
	br := &pageClient{a: a, cookies: map[string]string{}}
	res, body := br.Send(t, "GET", "/en/appointments", nil)
	if res.StatusCode != 200 || !strings.Contains(body, "Test office") || !strings.Contains(body, "openstreetmap.org") ||
		!strings.Contains(body, "Step-free entrance.") || !strings.Contains(body, `href="/en/appointments/test/information_interview"`) {
		t.Fatalf("office list: %d", res.StatusCode)
	}
	res, body = br.Send(t, "GET", "/en/appointments/test/information_interview", nil)
	links := slotHref.FindAllStringSubmatch(body, -1)
	if res.StatusCode != 200 || len(links) == 0 || !strings.Contains(body, "Saturday 7 March 2026") || !strings.Contains(body, "Closed") {
		t.Fatalf("slot page: %d, %d links", res.StatusCode, len(links))
	}
	if !strings.Contains(body, "Monday 2 March 2026") || !strings.Contains(body, "Too soon to book") {
		t.Error("slot page hides today's reason")
	}
	formURL := strings.ReplaceAll(links[0][1], "&amp;", "&")
	res, body = br.Send(t, "GET", formURL, nil)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, `name="consent"`) {
		t.Fatalf("form: %d", res.StatusCode)
	}
	posted := formValues(body)
	if posted.Get("_csrf") == "" || posted.Get("idempotency_key") == "" || posted.Get("slot") == "" {
		t.Fatalf("form lacks hidden fields: %v", posted)
	}
	// Switching language keeps the chosen time; a form address without a
	// time leads back to the free times, not to "not found".
	start := strings.TrimPrefix(formURL, "/en/appointments/test/information_interview/book?start=")
	if !strings.Contains(body, `href="/ar/appointments/test/information_interview/book?start=`+start+`"`) {
		t.Errorf("the language picker loses the chosen time (%s)", start)
	}
	if res, _ := br.Send(t, "GET", "/ar/appointments/test/information_interview/book", nil); res.StatusCode != 303 ||
		res.Header.Get("Location") != "/ar/appointments/test/information_interview" {
		t.Errorf("form without a time: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// A phone number without consent to keep it: the form comes back with
	// an error summary; the privacy note stands before the submit button.
	if i, j := strings.Index(body, "We use them only for this appointment"), strings.Index(body, `type="submit"`); i < 0 || i > j {
		t.Error("the privacy note is not before the submit button")
	}
	posted.Set("phone", "+32 470 12 34 56")
	res, body = br.Send(t, "POST", formURL, posted)
	if res.StatusCode != 422 || !strings.Contains(body, "error-summary") || !strings.Contains(body, "tick the box so that we may keep it") {
		t.Fatalf("phone without consent: %d", res.StatusCode)
	}
	posted.Set("consent", "yes")
	res, body = br.Send(t, "POST", formURL, posted)
	m := codeInPage.FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil || res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, `action="/en/appointments/calendar"`) {
		t.Fatalf("confirmation: %d %v", res.StatusCode, m)
	}
	if strings.Contains(body, "pin=") {
		t.Error("the confirmation puts the PIN in a URL")
	}
	ref := m[1]
	// Sent twice (reload, double tap): the same booking.
	_, body = br.Send(t, "POST", formURL, posted)
	if m := codeInPage.FindStringSubmatch(body); m == nil || m[1] != ref {
		t.Errorf("double submit gave %v, want %s", m, ref)
	}
	pin := codeInPage.FindAllStringSubmatch(body, -1)[1][1]
	// "Add to calendar" posts the code and PIN; a wrong PIN gets the
	// manage form back with its error, not a file.
	res, ics := br.Send(t, "POST", "/en/appointments/calendar", url.Values{"_csrf": {posted.Get("_csrf")}, "reference": {ref}, "pin": {pin}})
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") || !strings.Contains(ics, "BEGIN:VCALENDAR") {
		t.Errorf("calendar: %d %s %.80s", res.StatusCode, res.Header.Get("Content-Type"), ics)
	}
	wrong := "000000"
	if wrong == pin {
		wrong = "111111"
	}
	if res, page := br.Send(t, "POST", "/en/appointments/calendar", url.Values{"_csrf": {posted.Get("_csrf")}, "reference": {ref}, "pin": {wrong}}); res.StatusCode/100 != 4 ||
		strings.Contains(page, "BEGIN:VCALENDAR") || !strings.Contains(page, "error") {
		t.Errorf("calendar with a wrong PIN: %d", res.StatusCode)
	}

	// Manage: wrong PIN, then the right one; move; cancel with a confirm step.
	_, body = br.Send(t, "GET", "/en/appointments/manage", nil)
	csrf := formValues(body).Get("_csrf")
	res, body = br.Send(t, "POST", "/en/appointments/manage", url.Values{"_csrf": {csrf}, "reference": {ref}, "pin": {"000000"}})
	if res.StatusCode != 403 || !strings.Contains(body, "The PIN is wrong.") {
		t.Errorf("wrong PIN: %d", res.StatusCode)
	}
	auth := url.Values{"_csrf": {csrf}, "reference": {strings.ToLower(ref)}, "pin": {pin}}
	res, body = br.Send(t, "POST", "/en/appointments/manage", auth)
	if res.StatusCode != 200 || !strings.Contains(body, ref) || res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, "Change the time") {
		t.Fatalf("manage: %d", res.StatusCode)
	}
	res, body = br.Send(t, "POST", "/en/appointments/manage/move", auth)
	if res.StatusCode != 200 || !strings.Contains(body, `name="start"`) {
		t.Fatalf("move choices: %d", res.StatusCode)
	}
	// A time chosen is not taken yet: the old and the new time are shown
	// side by side to confirm.
	move := url.Values{"_csrf": {csrf}, "reference": {ref}, "pin": {pin}, "start": {slotAt(5, 11, 0)}}
	res, body = br.Send(t, "POST", "/en/appointments/manage/move", move)
	if res.StatusCode != 200 || strings.Contains(body, "moved to the new time") || !strings.Contains(body, "Thursday 5 March 2026") ||
		!strings.Contains(body, `name="confirm" value="yes"`) || !strings.Contains(body, "Choose another time") {
		t.Fatalf("move confirm step: %d", res.StatusCode)
	}
	parsed, err := bookings.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := a.m.Booking(t.Context(), parsed); err != nil || b.Start.Equal(mustParse(t, slotAt(5, 11, 0))) {
		t.Fatalf("the booking moved before the confirm step (%v)", err)
	}
	move.Set("confirm", "yes")
	res, body = br.Send(t, "POST", "/en/appointments/manage/move", move)
	if res.StatusCode != 200 || !strings.Contains(body, "moved to the new time") || !strings.Contains(body, "Thursday 5 March 2026") {
		t.Fatalf("move: %d", res.StatusCode)
	}
	res, body = br.Send(t, "POST", "/en/appointments/manage/cancel", auth)
	if res.StatusCode != 200 || !strings.Contains(body, `name="confirm" value="yes"`) {
		t.Fatalf("cancel step: %d", res.StatusCode)
	}
	auth.Set("confirm", "yes")
	res, body = br.Send(t, "POST", "/en/appointments/manage/cancel", auth)
	if res.StatusCode != 200 || !strings.Contains(body, "Your appointment is cancelled.") || strings.Contains(body, "Change the time") {
		t.Errorf("cancel: %d", res.StatusCode)
	}
	// Cancelled: no calendar file, no "what to bring", but a way to book
	// the same service again.
	if strings.Contains(body, "/appointments/calendar") || strings.Contains(body, `class="checklist"`) ||
		!strings.Contains(body, `href="/en/appointments/test/information_interview"`) {
		t.Errorf("cancelled booking page: calendar %v, checklist %v, book again %v", strings.Contains(body, "/appointments/calendar"),
			strings.Contains(body, `class="checklist"`), strings.Contains(body, `href="/en/appointments/test/information_interview"`))
	}
}

func mustParse(t *testing.T, rfc3339 string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestBookingFormSlotTakenAndNoJSLimit(t *testing.T) {
	a := newBookingApp(t, func(c *config.Config) { c.BookingNoJSLimit = 3 })
	br := &pageClient{a: a, cookies: map[string]string{}}
	formURL := "/en/appointments/test/information_interview/book?start=" + url.QueryEscape(slotAt(3, 9, 0))
	for i := range 3 {
		_, body := br.Send(t, "GET", formURL, nil)
		posted := formValues(body)
		posted.Set("consent", "yes")
		res, body := br.Send(t, "POST", formURL, posted)
		if res.StatusCode != 200 || !strings.Contains(body, "booking-code") {
			t.Fatalf("no-JS booking %d: %d", i+1, res.StatusCode)
		}
	}
	// The slot is full now; a fourth person sees the next free times, but
	// this address has used its no-JS bookings: 429.
	_, body := br.Send(t, "GET", formURL, nil)
	posted := formValues(body)
	posted.Set("consent", "yes")
	if res, _ := br.Send(t, "POST", formURL, posted); res.StatusCode != 429 {
		t.Errorf("fourth no-JS booking: %d", res.StatusCode)
	}
	other := &pageClient{a: newBookingApp(t, func(c *config.Config) { c.BookingNoJSLimit = 10 }), cookies: map[string]string{}}
	for range 4 {
		_, body := other.Send(t, "GET", formURL, nil)
		posted := formValues(body)
		posted.Set("consent", "yes")
		res, body := other.Send(t, "POST", formURL, posted)
		if res.StatusCode == 409 {
			if !strings.Contains(body, "This time was just taken.") || !strings.Contains(body, "book?start=") {
				t.Error("slot taken: no message or no next free times")
			}
			return
		}
	}
	t.Error("a full slot never answered 409")
}

func TestKioskBookingPagesInArabic(t *testing.T) {
	a := newBookingApp(t, nil)
	br := &pageClient{a: a, cookies: map[string]string{}}
	for _, p := range []string{"/kiosk/ar/appointments", "/kiosk/ar/appointments/test/information_interview", "/kiosk/ar/appointments/manage"} {
		res, body := br.Send(t, "GET", p, nil)
		if res.StatusCode != 200 || !strings.Contains(body, `<html lang="ar" dir="rtl" class="kiosk">`) || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	_, body := br.Send(t, "GET", "/kiosk/en/home", nil)
	if !strings.Contains(body, `href="/kiosk/en/appointments"`) {
		t.Error("kiosk home has no booking button")
	}
}

// TestStaffBookings: the day sheet and its cancel button are for signed-in
// staff of the office only; a cancel is recorded in the account's name.
func TestStaffBookings(t *testing.T) {
	a := newBookingApp(t, func(c *config.Config) { c.BookingPoW = false })
	off := a.variant(t, func(d *Deps) { d.Accounts = nil })
	if res, _ := get(t, off, "/staff/bookings"); res.StatusCode != 404 {
		t.Errorf("without staff accounts the staff view answers %d", res.StatusCode)
	}
	var refs []string
	for i := range 6 {
		_, body, _ := a.call(t, "POST", "/api/v1/bookings", `{"office":"test","service":"information_interview","start":"`+slotAt(3, 9+i/3, 0)+`"}`)
		refs = append(refs, body["reference"].(string))
	}
	const sheet = "/en/staff/bookings?office=test&date=2026-03-03"
	e := a.testApp
	desk := e.addStaff(t, "desk@example.be", accounts.RoleHelpdesk, "test")
	e.addStaff(t, "elsewhere@example.be", accounts.RoleHelpdesk, "other-office")
	e.addStaff(t, "lawyer@example.be", accounts.RoleLawyer)

	anon := e.browser(t)
	if res, _ := anon.Get(sheet); res.StatusCode != 303 || res.Header.Get("Location") != "/en/staff/signin" {
		t.Errorf("not signed in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := anon.post("/staff/bookings/cancel", "/en/staff/signin", url.Values{"reference": {refs[0]}}); res.StatusCode != 303 {
		t.Errorf("cancel without signing in: %d", res.StatusCode)
	}
	for _, who := range []string{"elsewhere@example.be", "lawyer@example.be"} {
		b := e.browser(t)
		b.signIn(who, nil)
		if res, _ := b.Get(sheet); res.StatusCode != 403 {
			t.Errorf("%s sees the sheet: %d", who, res.StatusCode)
		}
		if res, _ := b.post("/staff/bookings/cancel", "/en/staff/account", url.Values{"reference": {refs[0]}, "office": {"test"}}); res.StatusCode != 403 {
			t.Errorf("%s cancels: %d", who, res.StatusCode)
		}
	}
	if b, err := a.m.Booking(t.Context(), mustRef(t, refs[0])); err != nil || !b.Active() {
		t.Fatalf("after refused cancels: %+v %v", b, err)
	}

	staff := e.browser(t)
	staff.signIn("desk@example.be", nil)
	res, body := staff.Get(sheet)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("staff view: %d", res.StatusCode)
	}
	for _, ref := range refs {
		if !strings.Contains(body, ref) {
			t.Errorf("staff view lacks %s", ref)
		}
	}
	// Six bookings from one address within minutes: a burst.
	if strings.Count(body, `class="burst"`) != 6 {
		t.Errorf("burst rows: %d, want 6", strings.Count(body, `class="burst"`))
	}
	// Without ?office= the sheet is the first office the account serves.
	if res, body := staff.Get("/en/staff/bookings"); res.StatusCode != 200 || !strings.Contains(body, `<option value="test" selected>`) {
		t.Errorf("sheet without an office: %d", res.StatusCode)
	}
	// Staff cancel: a form post with the CSRF token, in the account's name.
	res, _ = staff.post("/staff/bookings/cancel", sheet, url.Values{"reference": {refs[0]}, "office": {"test"}, "date": {"2026-03-03"}})
	if res.StatusCode != 303 {
		t.Fatalf("staff cancel: %d", res.StatusCode)
	}
	b, err := a.m.Booking(t.Context(), mustRef(t, refs[0]))
	if err != nil || b.Active() || b.CancelledBy != "staff:"+desk.ID {
		t.Errorf("after staff cancel: %+v %v", b, err)
	}
	entries, err := a.trail.Search(t.Context(), audit.Filter{Action: audit.ActionBookingCancel})
	if err != nil || len(entries) != 1 || entries[0].Actor != desk.ID || entries[0].Object != refs[0] || entries[0].Channel != audit.ChannelStaff {
		t.Errorf("audit trail of the cancel: %+v %v", entries, err)
	}
}

func mustRef(t *testing.T, s string) bookings.Reference {
	t.Helper()
	r, err := bookings.ParseReference(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestBursts(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 3, 2, 9, min, 0, 0, time.UTC) }
	many := func(client string, mins ...int) []bookings.Booking {
		var out []bookings.Booking
		for _, m := range mins {
			out = append(out, bookings.Booking{Client: client, CreatedAt: at(m)})
		}
		return out
	}
	tests := []struct {
		name  string
		list  []bookings.Booking
		burst bool
	}{
		{"five in a minute", many("a", 0, 0, 0, 1, 1), false},
		{"six in ten minutes", many("a", 0, 2, 4, 6, 8, 10), true},
		{"six over eleven minutes", many("a", 0, 2, 4, 6, 8, 11), false},
		{"six from two clients", append(many("a", 0, 1, 2), many("b", 0, 1, 2)...), false},
		{"no fingerprint", many("", 0, 0, 0, 0, 0, 0, 0), false},
	}
	for _, tt := range tests {
		got := staff.Bursts(tt.list)
		if got["a"] != tt.burst || got[""] {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
}
