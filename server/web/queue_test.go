package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/web/public"
	"loket/translations"
)

var brusselsZone, _ = time.LoadLocation("Europe/Brussels")

// oneBooking answers check-ins for reference R1 at 09:10 with PIN 123456.
type oneBooking struct{}

func (oneBooking) Appointment(_ context.Context, ref string) (queue.Appointment, error) {
	if ref != "R1" {
		return queue.Appointment{}, queue.ErrNotFound
	}
	return queue.Appointment{Ref: "R1", OfficeID: "brussels", ServiceID: "documents", Start: time.Date(2026, 12, 1, 9, 10, 0, 0, brusselsZone)}, nil
}

func (b oneBooking) AppointmentWithPIN(ctx context.Context, ref, pin string) (queue.Appointment, error) {
	if pin != "123456" {
		return queue.Appointment{}, bookings.ErrWrongPIN
	}
	return b.Appointment(ctx, ref)
}

// AppointmentOfDossier finds R1 for dossier 10000001 born 1990-01-01.
func (b oneBooking) AppointmentOfDossier(ctx context.Context, _, _, dossier, birth string, _ time.Time) (queue.Appointment, error) {
	if dossier != "10000001" || birth != "1990-01-01" {
		return queue.Appointment{}, queue.ErrNoMatch
	}
	return b.Appointment(ctx, "R1")
}

// queueApp is the real app over a real store with one office and staff
// accounts (none yet: add them with addStaff), at 09:00 on a Tuesday;
// limit caps each service's tickets.
type queueApp struct {
	*testApp
	q *queue.Service
}

func newQueueApp(t *testing.T, limit int) *queueApp {
	t.Helper()
	return newQueueAppWith(t, limit, nil)
}

// newQueueAppWith is newQueueApp with the office as office leaves it.
func newQueueAppWith(t *testing.T, limit int, office func(*queue.Office)) *queueApp {
	t.Helper()
	qa := &queueApp{}
	qa.testApp = newTestApp(t, appOptions{staff: true, wallClock: true, start: time.Date(2026, 12, 1, 9, 0, 0, 0, brusselsZone),
		wire: func(e *testApp) {
			lines, _ := queue.AssignLetters([]queue.Line{{ID: "submit_documents", DailyLimit: limit}, {ID: "biometrics", DailyLimit: limit}})
			lines[0].ID = "documents"
			var err error
			o := queue.Office{ID: "brussels", Name: "Brussels", Languages: []string{"fr", "nl"}, Location: brusselsZone, Services: lines}
			if office != nil {
				office(&o)
			}
			qa.q, err = queue.New(queue.Config{Now: e.clock.Now, Secret: []byte(testSecret), Bookings: oneBooking{},
				Offices: []queue.Office{o}}, e.store)
			if err != nil {
				t.Fatal(err)
			}
			e.deps.Queue = qa.q
		}})
	return qa
}

// browser keeps cookies across requests to the app.
type queueBrowser struct {
	t       *testing.T
	app     *fiber.App
	cookies map[string]*http.Cookie
}

func (qa *queueApp) browser(t *testing.T) *queueBrowser {
	return &queueBrowser{t: t, app: qa.app, cookies: map[string]*http.Cookie{}}
}

func (b *queueBrowser) do(method, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	res, s := do(b.t, b.app, req)
	for _, c := range res.Cookies() {
		b.cookies[c.Name] = c
	}
	return res, s
}

// post gets page first for its CSRF token, then posts form to path.
func (b *queueBrowser) post(page, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	_, html := b.do(http.MethodGet, page, nil)
	m := csrfField.FindStringSubmatch(html)
	if m == nil {
		b.t.Fatalf("%s: no CSRF token", page)
	}
	form.Set("_csrf", m[1])
	return b.do(http.MethodPost, path, form)
}

// registered is a browser holding a fresh kiosk credential.
func (qa *queueApp) registered(t *testing.T) *queueBrowser {
	t.Helper()
	_, code, err := qa.q.AddKiosk(context.Background(), "brussels", "hall")
	if err != nil {
		t.Fatal(err)
	}
	b := qa.browser(t)
	res, _ := b.post("/kiosk/en/register", "/kiosk/en/register", url.Values{"code": {code}})
	c := b.cookies[public.CookieKiosk]
	if res.StatusCode != 200 || c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("register: %d, cookie %+v", res.StatusCode, c)
	}
	return b
}

var ticketNumber = regexp.MustCompile(`class="ticket-number" dir="ltr">([A-Z][0-9]{3})<`)

func TestKioskRegistrationGuardsTickets(t *testing.T) {
	qa := newQueueApp(t, 50)
	anon := qa.browser(t)
	for _, p := range []string{"/kiosk/en/ticket", "/kiosk/en/checkin"} {
		if res, body := anon.do(http.MethodGet, p, nil); res.StatusCode != 403 || !strings.Contains(body, "queue-message") {
			t.Errorf("%s from an unregistered browser: %d", p, res.StatusCode)
		}
	}
	if res, _ := anon.post("/kiosk/en/register", "/kiosk/en/register", url.Values{"code": {"AAAA-BBBB"}}); res.StatusCode != 422 || anon.cookies[public.CookieKiosk] != nil {
		t.Errorf("wrong code: %d", res.StatusCode)
	}
	k := qa.registered(t)
	res, body := k.do(http.MethodGet, "/kiosk/en/ticket", nil)
	if res.StatusCode != 200 || strings.Count(body, `name="service"`) != 2 {
		t.Fatalf("services: %d", res.StatusCode)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Error("kiosk page may be cached")
	}
	kiosks, _ := qa.q.Kiosks(context.Background())
	if _, err := qa.q.RevokeKiosk(context.Background(), kiosks[0].ID); err != nil {
		t.Fatal(err)
	}
	if res, _ := k.do(http.MethodGet, "/kiosk/en/ticket", nil); res.StatusCode != 403 {
		t.Errorf("revoked kiosk: %d", res.StatusCode)
	}
}

func TestWalkInTicketAndPhonePage(t *testing.T) {
	qa := newQueueApp(t, 2)
	k := qa.registered(t)
	var pages []string
	for i := range 3 {
		res, body := k.post("/kiosk/en/ticket", "/kiosk/en/ticket", url.Values{"service": {"biometrics"}})
		if i == 2 {
			if res.StatusCode != 422 || !strings.Contains(body, `href="/kiosk/en/appointments"`) {
				t.Fatalf("over the limit: %d, booking offered: %v", res.StatusCode, strings.Contains(body, "/appointments"))
			}
			continue
		}
		if res.StatusCode != 303 {
			t.Fatalf("take: %d", res.StatusCode)
		}
		pages = append(pages, res.Header.Get("Location"))
	}
	res, body := k.do(http.MethodGet, pages[1], nil)
	m := ticketNumber.FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil || m[1] != "B002" || !strings.Contains(body, "<svg class=\"qr\"") || !strings.Contains(body, "data-autoprint") {
		t.Fatalf("ticket page: %d %v", res.StatusCode, m)
	}
	phone := regexp.MustCompile(`data-phone="http://loket.test(/en/q/[A-Za-z0-9_-]{24})"`).FindStringSubmatch(body)
	if phone == nil {
		t.Fatal("no phone link on the ticket")
	}
	if strings.Contains(phone[1], "B002") || strings.Contains(pages[1], phone[1][6:]) {
		t.Fatal("the phone token repeats the number or the ticket id")
	}
	res, body = qa.browser(t).do(http.MethodGet, phone[1], nil)
	if res.StatusCode != 200 || !strings.Contains(body, `data-state="waiting"`) || !strings.Contains(body, `dir="ltr">B002<`) {
		t.Fatalf("phone page: %d", res.StatusCode)
	}
	if res, _ := qa.browser(t).do(http.MethodGet, "/en/q/AAAAAAAAAAAAAAAAAAAAAAAA", nil); res.StatusCode != 404 {
		t.Errorf("unknown token: %d", res.StatusCode)
	}
	// Another kiosk's browser cannot open the ticket; tomorrow nobody can.
	if res, _ := qa.browser(t).do(http.MethodGet, pages[1], nil); res.StatusCode != 403 {
		t.Errorf("ticket page without a kiosk: %d", res.StatusCode)
	}
	qa.clock.Add(24 * time.Hour)
	if res, body := k.do(http.MethodGet, pages[1], nil); res.StatusCode != 422 || !strings.Contains(body, "queue-message") {
		t.Errorf("yesterday's ticket: %d", res.StatusCode)
	}
	if _, body := qa.browser(t).do(http.MethodGet, phone[1], nil); !strings.Contains(body, `data-state="other_day"`) {
		t.Error("phone page of yesterday's ticket does not say so")
	}
}

func TestCheckInTwiceShowsTheSameTicket(t *testing.T) {
	qa := newQueueApp(t, 50)
	k := qa.registered(t)
	var first string
	for i, want := range []string{"?print=1", "?print=1&again=1"} {
		res, _ := k.post("/kiosk/en/checkin", "/kiosk/en/checkin", url.Values{"code": {"r1"}, "pin": {"123456"}})
		loc := res.Header.Get("Location")
		if res.StatusCode != 303 || !strings.HasSuffix(loc, want) {
			t.Fatalf("check-in %d: %d %s", i, res.StatusCode, loc)
		}
		if i == 0 {
			first = strings.TrimSuffix(loc, want)
		} else if strings.TrimSuffix(loc, want) != first {
			t.Fatalf("second check-in gave another ticket: %s vs %s", loc, first)
		}
	}
	if res, _ := k.post("/kiosk/en/checkin", "/kiosk/en/checkin", url.Values{"code": {"R1"}}); res.StatusCode != 422 {
		t.Errorf("no PIN: %d", res.StatusCode)
	}
	if res, body := k.post("/kiosk/en/checkin", "/kiosk/en/checkin", url.Values{"code": {"R1"}, "pin": {"000000"}}); res.StatusCode != 422 || strings.Contains(body, "bookings: wrong PIN") {
		t.Errorf("wrong PIN: %d", res.StatusCode)
	}
	b, _ := qa.q.Board(context.Background(), "brussels")
	if b.Services[0].Waiting != 1 {
		t.Errorf("waiting after two check-ins: %d", b.Services[0].Waiting)
	}
}

// TestStaffDesk: a helpdesk account of the office signs in and works a
// desk (call, recall, no-show, served, priority) through the plain forms
// and calls through the API with its session; nobody else can.
func TestStaffDesk(t *testing.T) {
	qa := newQueueApp(t, 50)
	off := qa.variant(t, func(d *Deps) { d.Accounts = nil })
	if res, _ := get(t, off, "/staff/desk"); res.StatusCode != 404 {
		t.Errorf("desk without staff accounts: %d", res.StatusCode)
	}
	k := qa.registered(t)
	for range 2 {
		k.post("/kiosk/en/ticket", "/kiosk/en/ticket", url.Values{"service": {"documents"}})
	}
	e := qa.testApp
	e.addStaff(t, "desk@example.be", accounts.RoleHelpdesk, "brussels")
	e.addStaff(t, "elsewhere@example.be", accounts.RoleHelpdesk, "antwerpen")
	desk := url.Values{"office": {"brussels"}, "desk": {"1"}, "s": {"documents"}}
	callForm := func() url.Values {
		return url.Values{"office": {"brussels"}, "desk": {"1"}, "action": {"call"}}
	}
	apiCall := func(b *browser) (*http.Response, string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/queue/call", strings.NewReader(`{"office":"brussels","desk":"2"}`))
		req.Header.Set("Content-Type", "application/json")
		return b.do(req)
	}

	anon := e.browser(t)
	if res, _ := anon.Get("/en/staff/desk?" + desk.Encode()); res.StatusCode != 303 || res.Header.Get("Location") != "/en/staff/signin" {
		t.Errorf("desk without signing in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := anon.post("/staff/desk", "/en/staff/signin", callForm()); res.StatusCode != 303 {
		t.Errorf("call without signing in: %d", res.StatusCode)
	}
	if res, _ := apiCall(anon); res.StatusCode != 401 {
		t.Errorf("API call without signing in: %d", res.StatusCode)
	}
	other := e.browser(t)
	other.signIn("elsewhere@example.be", nil)
	if res, _ := other.Get("/staff/desk?" + desk.Encode()); res.StatusCode != 403 {
		t.Errorf("desk of another office: %d", res.StatusCode)
	}
	if res, _ := other.post("/staff/desk", "/en/staff/", callForm()); res.StatusCode != 403 {
		t.Errorf("call at another office: %d", res.StatusCode)
	}
	if res, _ := apiCall(other); res.StatusCode != 403 {
		t.Errorf("API call at another office: %d", res.StatusCode)
	}
	if b, _ := qa.q.Board(context.Background(), "brussels"); b.Services[0].Waiting != 2 {
		t.Fatalf("refused calls called someone: %d waiting", b.Services[0].Waiting)
	}

	staff := e.browser(t)
	staff.signIn("desk@example.be", nil)
	if res, body := staff.Get("/staff/desk"); res.StatusCode != 200 || !strings.Contains(body, `id="desk"`) ||
		!strings.Contains(body, `<option value="brussels"`) {
		t.Errorf("desk picker: %d", res.StatusCode)
	}
	// The picker offers only the account's own offices.
	if _, body := other.Get("/staff/desk"); strings.Contains(body, `<option value="brussels"`) {
		t.Error("the desk picker offers another office")
	}
	act := func(action string, extra ...string) string {
		form := url.Values{}
		for k, v := range desk {
			form[k] = v
		}
		form.Set("action", action)
		for i := 0; i+1 < len(extra); i += 2 {
			form.Set(extra[i], extra[i+1])
		}
		res, _ := staff.post("/staff/desk", "/staff/desk?"+desk.Encode(), form)
		if res.StatusCode != 303 {
			t.Fatalf("%s: %d", action, res.StatusCode)
		}
		u, _ := url.Parse(res.Header.Get("Location"))
		return u.Query().Get("msg") + " " + u.Query().Get("n")
	}
	if got := act("call"); got != "queue.desk.done.call A001" {
		t.Fatalf("call: %q", got)
	}
	_, page := staff.Get("/staff/desk?" + desk.Encode() + "&msg=queue.desk.done.call&n=A001")
	if want := sharedCatalogs(t).Printer("en").T("queue.desk.done.call", "number", "A001", "desk", desk.Get("desk")); !strings.Contains(page, want) {
		t.Errorf("desk page does not say %q", want)
	}
	// Only the desk's own messages come from the address bar.
	if _, p := staff.Get("/staff/desk?" + desk.Encode() + "&msg=error.server.title"); strings.Contains(p, sharedCatalogs(t).Printer("en").T("error.server.title")) {
		t.Error("the desk page shows any message the address names")
	}
	id := regexp.MustCompile(`name="ticket" value="([0-9a-f]{24})"`).FindStringSubmatch(page)
	if id == nil {
		t.Fatal("desk page shows no called ticket")
	}
	steps := []struct{ action, want string }{
		{"no_show", "queue.error.recalls_left A001"},
		{"recall", "queue.desk.done.recall A001"},
		{"recall", "queue.desk.done.recall A001"},
		{"recall", "queue.error.no_recalls_left A001"},
		{"no_show", "queue.desk.done.no_show A001"},
		{"served", "queue.error.not_called A001"},
	}
	for _, s := range steps {
		got := act(s.action, "ticket", id[1])
		if !strings.HasPrefix(got, strings.Fields(s.want)[0]) {
			t.Errorf("%s: %q, want %q", s.action, got, s.want)
		}
	}
	if got := act("priority", "number", "a002"); !strings.HasPrefix(got, "queue.desk.done.priority") {
		t.Errorf("priority: %q", got)
	}
	if res, body := apiCall(staff); res.StatusCode != 200 || !strings.Contains(body, `"number":"A002"`) {
		t.Errorf("API call: %d %s", res.StatusCode, body)
	}
	if res, _ := apiCall(staff); res.StatusCode != 409 {
		t.Errorf("API call with nobody waiting: %d", res.StatusCode)
	}
}

func TestDisplayPage(t *testing.T) {
	qa := newQueueApp(t, 50)
	res, body := get(t, qa.app, "/display/brussels")
	if res.StatusCode != 200 || !strings.Contains(body, `<html lang="fr" dir="ltr" class="display">`) || !strings.Contains(body, `data-events="/display/brussels/events"`) {
		t.Fatalf("display: %d", res.StatusCode)
	}
	if res, _ := get(t, qa.app, "/display/nowhere"); res.StatusCode != 404 {
		t.Errorf("unknown office: %d", res.StatusCode)
	}
	if res, _ := get(t, newTestApp(t, shellApp).app, "/display/brussels"); res.StatusCode != 404 {
		t.Errorf("display without queues: %d", res.StatusCode)
	}
}

// TestCheckInByScannedReceipt checks in with the booking receipt's QR
// code alone (a signed token proves the holder: no PIN), and refuses other
// kinds of receipt.
func TestCheckInByScannedReceipt(t *testing.T) {
	qa := newQueueApp(t, 50)
	ctx := context.Background()
	rs := testReceipts(t)
	qa.app = qa.variant(t, func(d *Deps) { d.Receipts = rs })
	at := time.Now().Add(time.Hour)
	_, booking, err := rs.Issue(ctx, receipts.Input{Kind: receipts.KindBookingConfirmed, Reference: "R1", At: at, OfficeID: "brussels"})
	if err != nil {
		t.Fatal(err)
	}
	_, other, err := rs.Issue(ctx, receipts.Input{Kind: receipts.KindQueueTicket, Reference: "R1", At: at, OfficeID: "brussels"})
	if err != nil {
		t.Fatal(err)
	}
	// The receipt page names the office, not its id.
	if res, page := get(t, qa.app, "/en/r/"+other); res.StatusCode != 200 || !strings.Contains(page, ">Brussels<") {
		t.Errorf("queue ticket receipt does not name the office: %d", res.StatusCode)
	}
	k := qa.registered(t)
	for _, tc := range []struct {
		code   string
		status int
	}{
		{rs.URL(other), 422},
		{"http://loket.test/r/" + flipChar(booking, len(booking)/2), 422},
		{rs.URL(booking), 303},
		{booking, 303},
	} {
		res, _ := k.post("/kiosk/en/checkin", "/kiosk/en/checkin", url.Values{"code": {tc.code}})
		if res.StatusCode != tc.status {
			t.Errorf("code %.40s…: %d, want %d", tc.code, res.StatusCode, tc.status)
		}
	}
}

// flipChar changes one character of a token to another of its alphabet;
// the middle of a token is safe from base64's unused trailing bits.
func flipChar(token string, i int) string {
	c := byte('A')
	if token[i] == 'A' {
		c = 'B'
	}
	return token[:i] + string(c) + token[i+1:]
}

// TestCheckInByDossierNumber: a walk-in without code or PIN checks in
// with the dossier number and birth date; a wrong date says so on the
// form, in the page's language, and checks nobody in.
func TestCheckInByDossierNumber(t *testing.T) {
	qa := newQueueApp(t, 50)
	k := qa.registered(t)
	res, body := k.post("/kiosk/fr/checkin/dossier", "/kiosk/fr/checkin/dossier", url.Values{"dossier": {"10000001"}, "birth_date": {"1990-01-02"}})
	if res.StatusCode != 422 || !strings.Contains(body, "ne correspondent pas") || strings.Contains(body, "1990-01-02") {
		t.Fatalf("wrong birth date: %d", res.StatusCode)
	}
	if strings.Contains(body, "data-idle-result") {
		t.Error("a form to fill in waits as long as a result")
	}
	res, _ = k.post("/kiosk/fr/checkin/dossier", "/kiosk/fr/checkin/dossier", url.Values{"dossier": {"1000 0001"}, "birth_date": {"1990-01-01"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != 303 || !strings.HasPrefix(loc, "/kiosk/fr/ticket/") {
		t.Fatalf("check-in by dossier: %d %s", res.StatusCode, loc)
	}
	// The ticket is a result to read: the kiosk waits 120 s, not 60.
	if _, body := k.do(http.MethodGet, loc, nil); !strings.Contains(body, `data-idle="60" data-idle-result="120"`) {
		t.Error("the ticket page does not wait longer before the idle warning")
	}
	if b, _ := qa.q.Board(context.Background(), "brussels"); b.Services[0].Waiting != 1 {
		t.Errorf("waiting after the check-in: %d", b.Services[0].Waiting)
	}
}

// TestKioskLookupsHaveTheirOwnBudget: a registered kiosk's lookups count
// against its credential, not the address it shares: it goes past the
// address's limit, and the address's own budget is still whole after it.
func TestKioskLookupsHaveTheirOwnBudget(t *testing.T) {
	qa := newQueueApp(t, 50)
	cat, err := dossiers.LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	dos := dossiers.New(qa.store, cat, dossiers.Options{Key: []byte("k"), AddressLimit: 2, Failures: 5, Window: time.Minute, Now: qa.clock.Now})
	qa.app = qa.variant(t, func(d *Deps) { d.Dossiers = dos })
	k := qa.registered(t)
	for i := range 4 {
		dossier := fmt.Sprint(10000011 + i)
		if res, _ := k.post("/kiosk/en/status", "/kiosk/en/status", url.Values{"dossier": {dossier}, "birth_date": {"1990-01-02"}}); res.StatusCode != 422 {
			t.Fatalf("kiosk lookup %d: %d, want 422 (no match, within the kiosk's budget)", i+1, res.StatusCode)
		}
	}
	anon := qa.browser(t)
	for i, want := range []int{422, 422, 429} {
		dossier := fmt.Sprint(10000021 + i)
		if res, _ := anon.post("/kiosk/en/status", "/kiosk/en/status", url.Values{"dossier": {dossier}, "birth_date": {"1990-01-02"}}); res.StatusCode != want {
			t.Errorf("lookup %d from the address: %d, want %d", i+1, res.StatusCode, want)
		}
	}
}

// TestPrintedTicketLeadsToThePlaceInTheQueue: the printed ticket's QR
// code (read from the PDF by zbarimg) opens the phone's live place in the
// queue, and that page links to the printed receipt's check.
func TestPrintedTicketLeadsToThePlaceInTheQueue(t *testing.T) {
	qa := newQueueApp(t, 50)
	rs := testReceipts(t)
	qa.app = qa.variant(t, func(d *Deps) { d.Receipts = rs })
	k := qa.registered(t)
	res, _ := k.post("/kiosk/en/ticket", "/kiosk/en/ticket", url.Values{"service": {"biometrics"}})
	ticket := strings.TrimSuffix(res.Header.Get("Location"), "?print=1")
	_, page := k.do(http.MethodGet, ticket, nil)
	phone := regexp.MustCompile(`data-phone="http://loket.test(/en/q/[A-Za-z0-9_-]{24})"`).FindStringSubmatch(page)
	if phone == nil {
		t.Fatal("no phone link on the ticket")
	}
	res, pdf := k.do(http.MethodGet, ticket+"/pdf", nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("ticket PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	checkReceiptPDF(t, []byte(pdf), "http://loket.test"+phone[1], []string{"B001", "Scan the code with your phone"})
	_, place := qa.browser(t).do(http.MethodGet, phone[1], nil)
	check := regexp.MustCompile(`href="(/en/r/[A-Za-z0-9_-]+)">Check this printed ticket<`).FindStringSubmatch(place)
	if check == nil {
		t.Fatal("the place in the queue does not link to the receipt's check")
	}
	if res, body := qa.browser(t).do(http.MethodGet, check[1], nil); res.StatusCode != 200 || !strings.Contains(body, "B001") {
		t.Errorf("receipt check: %d", res.StatusCode)
	}
}

// TestKioskDiagnostics: the technician's checklist says whether the
// browser is a registered kiosk (and which), shows a test line per
// script with its language, and the server's time zone.
func TestKioskDiagnostics(t *testing.T) {
	qa := newQueueApp(t, 50)
	_, page := qa.browser(t).do(http.MethodGet, "/kiosk/en/diagnostics", nil)
	if !strings.Contains(page, `id="diag-unregistered"`) || !strings.Contains(page, `href="/kiosk/en/register"`) {
		t.Error("an unregistered browser is not told so")
	}
	for _, lang := range []string{"en", "ar", "uk", "ti"} {
		if !strings.Contains(page, `class="diag-sample" lang="`+lang+`"`) {
			t.Errorf("no test line in the script of %s", lang)
		}
	}
	if !strings.Contains(page, "(Europe/Brussels)") {
		t.Error("no server time zone")
	}
	k := qa.registered(t)
	if _, page := k.do(http.MethodGet, "/kiosk/fr/diagnostics", nil); !strings.Contains(page, "« hall » à Brussels") {
		t.Error("a registered kiosk is not named")
	}
}
