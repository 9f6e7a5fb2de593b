package web

import (
	"context"
	"encoding/json"
	"html"
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
	"loket/server/notify"
	"loket/translations"
)

var followGrant = regexp.MustCompile(`action="/(?:[a-z]{2})/notify/email"><input type="hidden" name="_csrf" value="[^"]+"><input type="hidden" name="grant" value="([^"]+)"`)

const browserKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"

// newNotifyApp is the status app with notifications on (push and e-mail).
func newNotifyApp(t *testing.T) *statusApp {
	t.Helper()
	sa := newStatusApp(t, nil)
	svc, err := notify.NewService(sa.store, notify.ServiceConfig{Rules: notify.SubscriptionRules{Langs: translations.Languages},
		GrantKey: []byte(testSecret), Push: true, Email: true})
	if err != nil {
		t.Fatal(err)
	}
	sa.app = sa.variant(t, func(d *Deps) { d.Notify, d.VAPIDKey = svc, browserKey })
	return sa
}

// TestFollowFromStatusResult walks the opt-in from the status result: the
// page offers it with a grant; the browser's push subscription and an
// e-mail address are taken; bad ones are refused in the reader's language;
// a status event queues a message; the one-tap unsubscribe stops it.
func TestFollowFromStatusResult(t *testing.T) {
	sa := newNotifyApp(t)
	res, body := sa.post(t, "/en/status", url.Values{"dossier": {"10000001"}, "birth_date": {"1990-01-01"}})
	m := followGrant.FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil || !strings.Contains(body, `data-key="`+browserKey+`"`) || !strings.Contains(body, sa.t("en", "notify.follow.title")) {
		t.Fatalf("status result: %d, follow grant %v", res.StatusCode, m)
	}
	grant := m[1]
	push := func(lang, endpoint string) (*http.Response, map[string]any) {
		b, _ := json.Marshal(map[string]any{"grant": grant, "endpoint": endpoint, "keys": map[string]string{"p256dh": browserKey, "auth": "AAECAwQFBgcICQoLDA0ODw"}})
		res, body := sa.api(t, http.MethodPost, "/"+lang+"/api/v1/notify/push", "", string(b))
		var out map[string]any
		json.Unmarshal([]byte(body), &out)
		return res, out
	}
	res, out := push("en", "https://fcm.googleapis.com/fcm/send/abc")
	stop, _ := out["stop"].(string)
	if res.StatusCode != 201 || !strings.HasPrefix(stop, "/en/notify/stop/") || out["message"] != sa.t("en", "notify.follow.push_done") {
		t.Fatalf("push subscription: %d %v", res.StatusCode, out)
	}
	res, out = push("ar", "http://10.0.0.1/push")
	if res.StatusCode != 422 || !strings.Contains(jsonText(out), sa.t("ar", "notify.error.bad_endpoint")) {
		t.Fatalf("a private endpoint: %d %v", res.StatusCode, out)
	}
	// Forged: one character of the signature changed, far from its end
	// (a base64 string's last character may carry unused bits, and the
	// old "AA" ending was sometimes the signature's own).
	forged := []byte(grant)
	if i := len(forged) - 10; forged[i] == 'A' {
		forged[i] = 'B'
	} else {
		forged[i] = 'A'
	}
	grant = string(forged)
	if res, out = push("en", "https://fcm.googleapis.com/fcm/send/def"); res.StatusCode != 422 {
		t.Fatalf("a forged grant: %d %v", res.StatusCode, out)
	}
	grant = m[1]

	res, page := postFrom(t, sa, "/fr/status", "/fr/notify/email", url.Values{"grant": {grant}, "email": {"amina@example.org"}})
	if res.StatusCode != 200 || !strings.Contains(page, html.EscapeString(sa.t("fr", "notify.follow.email_done"))) {
		t.Fatalf("e-mail: %d", res.StatusCode)
	}
	res, page = postFrom(t, sa, "/fr/status", "/fr/notify/email", url.Values{"grant": {grant}, "email": {"amina@example.org\r\nBcc: x@y.z"}})
	if res.StatusCode != 422 || !strings.Contains(page, html.EscapeString(sa.t("fr", "notify.error.bad_email"))) {
		t.Fatalf("a bad address: %d", res.StatusCode)
	}
	// The back office records a status change: both followers get a message.
	res, _ = sa.api(t, http.MethodPost, "/api/v1/backoffice/dossiers/10000001/events", sa.token,
		`{"id":"c","code":"granted","date":"`+dayOffset(0)+`"}`)
	if res.StatusCode >= 300 {
		t.Fatalf("event: %d", res.StatusCode)
	}
	st, _ := sa.store.OutboxStats(context.Background())
	if st.Messages[notify.StateQueued] != 2 || st.Subscriptions["dossier/push"] != 1 || st.Subscriptions["dossier/email"] != 1 {
		t.Fatalf("outbox after the event: %+v", st)
	}
	// The one-tap unsubscribe: a GET only asks; a mail program's
	// one-click POST (no form token) stops it.
	if res, page := get(t, sa.app, stop); res.StatusCode != 200 || !strings.Contains(page, sa.t("en", "notify.stop.button")) {
		t.Fatalf("stop page: %d", res.StatusCode)
	}
	oneClick := func() int {
		req := httptest.NewRequest(http.MethodPost, stop, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, _ := do(t, sa.app, req)
		return res.StatusCode
	}
	if code := oneClick(); code != 200 {
		t.Fatalf("one-click stop: %d", code)
	}
	if code := oneClick(); code != 404 {
		t.Fatalf("second stop: %d", code)
	}
	st, _ = sa.store.OutboxStats(context.Background())
	if st.Subscriptions["dossier/push"] != 0 || st.Messages[notify.StateDropped] != 1 {
		t.Fatalf("outbox after the stop: %+v", st)
	}
	res, keyBody := get(t, sa.app, "/.well-known/loket-push-key.json")
	if res.StatusCode != 200 || !strings.Contains(keyBody, browserKey) {
		t.Fatalf("push key: %d %s", res.StatusCode, keyBody)
	}
}

func jsonText(v map[string]any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// postFrom posts a form to path as the page at from does: with from's
// CSRF cookie and token.
func postFrom(t *testing.T, sa *statusApp, from, path string, values url.Values) (*http.Response, string) {
	t.Helper()
	res, page := get(t, sa.app, from)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no CSRF token (%d)", from, res.StatusCode)
	}
	values.Set("_csrf", m[1])
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range res.Cookies() {
		req.AddCookie(c)
	}
	return do(t, sa.app, req)
}

// TestStaffOutbox: supervisors see the outbox's counts and messages
// without recipients; the helpdesk does not; an office-wide notice is
// queued for that day's followers.
func TestStaffOutbox(t *testing.T) {
	var svc *notify.Service
	a := newBookingApp(t, nil)
	var err error
	svc, err = notify.NewService(a.store, notify.ServiceConfig{Rules: notify.SubscriptionRules{Langs: translations.Languages},
		GrantKey: []byte(testSecret), Email: true, Now: a.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	a.app = a.variant(t, func(d *Deps) { d.Notify = svc })
	start := time.Date(2026, 3, 3, 9, 0, 0, 0, bookingZone)
	office := a.m.Offices()[0]
	var svcID string
	for _, s := range office.Services {
		if !s.DossierRequired {
			svcID = s.ID
			break
		}
	}
	booked, err := a.m.Book(context.Background(), bookings.Request{OfficeID: office.ID, ServiceID: svcID, Start: start,
		Email: "visitor@example.org", Lang: "nl", IdempotencyKey: "outbox-1"})
	if err != nil {
		t.Fatal(err)
	}
	a.addUser(t, "sup@dvz.be", accounts.RoleSupervisor)
	a.addUser(t, "desk@dvz.be", accounts.RoleHelpdesk)
	desk := a.browser(t)
	desk.signIn("desk@dvz.be", nil)
	if res, _ := desk.Get("/en/staff/outbox"); res.StatusCode != 403 {
		t.Fatalf("helpdesk sees the outbox: %d", res.StatusCode)
	}
	sup := a.browser(t)
	sup.signIn("sup@dvz.be", nil)
	res, page := sup.Get("/en/staff/outbox")
	if res.StatusCode != 200 || !strings.Contains(page, "booking/email") || !strings.Contains(page, "booking_confirmed") ||
		strings.Contains(page, "visitor@example.org") {
		t.Fatalf("outbox page: %d\n%s", res.StatusCode, page)
	}
	res, page = sup.post("/en/staff/outbox/notice", "/en/staff/outbox", url.Values{"office": {office.ID}, "day": {"2026-03-03"},
		"reason": {"strike"}})
	if res.StatusCode != 200 || !strings.Contains(page, a.deps.Catalogs.Printer("en").T("staff.outbox.notice_done", "n", 1)) {
		t.Fatalf("closing the day: %d", res.StatusCode)
	}
	if closed, _ := a.trail.Search(context.Background(), audit.Filter{Action: "office.close"}); len(closed) != 1 ||
		closed[0].Object != office.ID || closed[0].Detail != "2026-03-03 (strike); 1 bookings told" {
		t.Fatalf("the closure is not in the audit trail: %+v", closed)
	}
	notices, _ := a.store.OutboxMessages(context.Background(), notify.StateQueued, 10)
	if len(notices) == 0 || notices[0].Event != notify.EventOfficeNotice || notices[0].Subject.ID != string(booked.Booking.Ref) {
		t.Fatalf("queued after the closure: %+v", notices)
	}
	for _, bad := range []url.Values{{"office": {office.ID}, "day": {"soon"}}, {"office": {office.ID}, "day": {"2026-02-01"}},
		{"office": {"nowhere"}, "day": {"2026-03-04"}}} {
		if res, _ = sup.post("/en/staff/outbox/notice", "/en/staff/outbox", bad); res.StatusCode != 422 {
			t.Fatalf("closing %v: %d", bad, res.StatusCode)
		}
	}
	// The holder opens the booking with its code and PIN, is told the day
	// is closed and is offered to move it, with nothing to fill in again.
	holder := a.browser(t)
	res, page = holder.post("/nl/appointments/manage", "/nl/appointments/manage",
		url.Values{"reference": {booked.Booking.Ref.String()}, "pin": {booked.PIN}})
	nl := a.deps.Catalogs.Printer("nl")
	if res.StatusCode != 200 || !strings.Contains(page, nl.T("booking.manage.day_closed")) || !strings.Contains(page, "/nl/appointments/manage/move") {
		t.Fatalf("manage page of a booking on a closed day: %d\n%s", res.StatusCode, page)
	}
}

// TestFollowFromPhoneTicket: the phone's queue page offers "tell me when I
// am next" while the ticket waits, and the browser can follow that ticket.
func TestFollowFromPhoneTicket(t *testing.T) {
	qa := newQueueApp(t, 5)
	svc, err := notify.NewService(qa.store, notify.ServiceConfig{Rules: notify.SubscriptionRules{Langs: translations.Languages},
		GrantKey: []byte(testSecret), Push: true})
	if err != nil {
		t.Fatal(err)
	}
	qa.app = qa.variant(t, func(d *Deps) { d.Notify, d.VAPIDKey = svc, browserKey })
	k := qa.registered(t)
	res, _ := k.post("/kiosk/en/ticket", "/kiosk/en/ticket", url.Values{"service": {"biometrics"}})
	if res.StatusCode != 303 {
		t.Fatalf("take: %d", res.StatusCode)
	}
	_, body := k.do(http.MethodGet, res.Header.Get("Location"), nil)
	if strings.Contains(body, "data-notify-push") {
		t.Fatal("the kiosk offers notifications")
	}
	phone := regexp.MustCompile(`data-phone="http://loket.test(/en/q/[A-Za-z0-9_-]{24})"`).FindStringSubmatch(body)
	if phone == nil {
		t.Fatal("no phone link on the ticket")
	}
	res, page := qa.browser(t).do(http.MethodGet, phone[1], nil)
	g := regexp.MustCompile(`data-notify-push data-key="[^"]+" data-grant="([^"]+)"`).FindStringSubmatch(page)
	if res.StatusCode != 200 || g == nil || strings.Contains(page, `action="/en/notify/email"`) {
		t.Fatalf("phone page: %d, push offered %v", res.StatusCode, g != nil)
	}
	b, _ := json.Marshal(map[string]any{"grant": html.UnescapeString(g[1]), "endpoint": "https://fcm.googleapis.com/fcm/send/q",
		"keys": map[string]string{"p256dh": browserKey, "auth": "AAECAwQFBgcICQoLDA0ODw"}})
	req := httptest.NewRequest(http.MethodPost, "/en/api/v1/notify/push", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	if res, body := do(t, qa.app, req); res.StatusCode != 201 {
		t.Fatalf("follow the ticket: %d %s", res.StatusCode, body)
	}
	st, _ := qa.store.OutboxStats(context.Background())
	if st.Subscriptions["ticket/push"] != 1 {
		t.Fatalf("subscriptions: %v", st.Subscriptions)
	}
}
