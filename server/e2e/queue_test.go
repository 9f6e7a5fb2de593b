package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"loket/server/bookings"
	"loket/server/receipts"
	"loket/server/store"
)

// noPrint replaces window.print in every page of a tab with a counter: a
// headless browser has no printer, and the test checks the kiosk asked.
func noPrint(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.print = function () { window.__printed = (window.__printed || 0) + 1; };`,
		})
		return err
	}))
}

// checkPrintsOnTheRoll prints the page as the kiosk's Chromium does (the
// print style sheet's page size) and has poppler read the PDF: one page,
// 80 mm wide, with the ticket number on it. A page size Chromium does not
// understand silently prints on Letter paper.
func checkPrintsOnTheRoll(t *testing.T, ctx context.Context, number string) {
	t.Helper()
	var pdf []byte
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		prefer := true
		res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
		pdf = res.Data
		return err
	}))
	cmd := exec.Command("pdfinfo", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	var pages int
	var width, height float64
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			pages, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		if v, ok := strings.CutPrefix(line, "Page size:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%g x %g", &width, &height)
		}
	}
	const mm = 72 / 25.4
	if pages != 1 || width < 79*mm || width > 81*mm {
		t.Errorf("the ticket prints on %d page(s) of %.0f x %.0f mm, want one page 80 mm wide", pages, width/mm, height/mm)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, number) {
		t.Errorf("the printed ticket lacks its number %s:\n%s", number, text)
	}
}

// allDayOffice saves a fictitious office open every day, all day, in a
// new data file, so the tests do not depend on the day they run.
func allDayOffice(t *testing.T, services ...string) (string, []bookings.Office) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "loket.db")
	s, err := store.Open(data, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hours := map[string][]bookings.Period{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		hours[d] = []bookings.Period{{From: 0, To: 24 * 60}}
	}
	o := bookings.Office{ID: "e2e-office", Name: "E2E office (fictitious)", Address: "Teststraat 1 (fictitious)",
		Languages: []string{"nl", "fr"}, Hours: hours}
	for _, id := range services {
		o.Services = append(o.Services, bookings.Service{ID: id, DurationMinutes: 5, Capacity: 5, HorizonDays: 3})
	}
	offices := []bookings.Office{o}
	if err := s.SaveOffices(context.Background(), offices); err != nil {
		t.Fatal(err)
	}
	return data, offices
}

// bookingsOn opens the data file (close it before the server starts) and
// the bookings over it, to book appointments ahead of a test.
func bookingsOn(t *testing.T, data string, offices []bookings.Office, v bookings.DossierVerifier) (*store.Store, *bookings.Manager) {
	t.Helper()
	s, err := store.Open(data, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := s.Secret("bookings")
	if err != nil {
		t.Fatal(err)
	}
	m, err := bookings.New(bookings.Config{Secret: secret}, s, v, offices)
	if err != nil {
		t.Fatal(err)
	}
	return s, m
}

// addKiosk runs `loket kiosk add` on data and returns the enrolment code.
func addKiosk(t *testing.T, data string) string {
	t.Helper()
	out, err := exec.Command(binary, "kiosk", "add", "-data", data, "-office", "e2e-office", "-name", "hall").CombinedOutput()
	m := enrolment.FindSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("kiosk add: %v\n%s", err, out)
	}
	return string(m[1])
}

// clickAndLoad clicks a submit button and waits for the next page: the
// old page's window is marked, the new one is not.
func clickAndLoad(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	eval[bool](t, ctx, `window.__old = true`)
	do(t, ctx, chromedp.Click(css(sel)))
	waitFor(t, ctx, `!window.__old && document.readyState === 'complete'`, 10*time.Second)
}

var enrolment = regexp.MustCompile(`enrolment code: ([A-Z0-9]{4}-[A-Z0-9]{4})`)

// TestAQueueMorning plays a morning at an office: a kiosk is registered
// with a code from `loket kiosk add`, three visitors take tickets, two
// desks (a signed-in helpdesk account) call them in order, the hall display and a visitor's phone follow
// every call live, and one visitor does not come. A supervisor, in a
// browser of their own, follows the desks on the live overview (who works
// each desk, whom it serves, a new call without a reload) and opens a
// ticket's history from it. The kiosk ticket, the phone page, the display,
// the desk, the overview and the history pass axe in English and Arabic.
func TestAQueueMorning(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data, _ := allDayOffice(t, "submit_documents", "biometrics")
	code := addKiosk(t, data)
	const deskEmail, deskPassword = "desk@e2e.loket.invalid", "e2e-desk-password-2026"
	addUser(t, data, deskEmail, "helpdesk", deskPassword, "-offices", "e2e-office")
	const bossEmail, bossPassword = "boss@e2e.loket.invalid", "e2e-boss-password-2026"
	addUser(t, data, bossEmail, "supervisor", bossPassword, "-offices", "e2e-office")
	l := start(t, "-data", data)

	kiosk := tab(t)
	noPrint(t, kiosk)
	do(t, kiosk,
		chromedp.Navigate(l.URL+"/kiosk/en/ticket"),
		chromedp.WaitVisible(css(".queue-message")), // not registered yet
		chromedp.Navigate(l.URL+"/kiosk/en/register"),
		chromedp.SetValue(css("#code"), code),
		chromedp.Click(css(`form button[type="submit"]`)),
		chromedp.WaitVisible(css(`a[href="/kiosk/en/ticket"]`)),
	)
	// Three walk-ins: documents, fingerprints, documents.
	var tickets, phones []string
	for _, service := range []string{"submit_documents", "biometrics", "submit_documents"} {
		do(t, kiosk,
			chromedp.Navigate(l.URL+"/kiosk/en/home"),
			chromedp.Click(css(`a[href="/kiosk/en/ticket"]`)),
			chromedp.WaitVisible(css(`button.ticket-line`)),
			chromedp.Click(css(`input[value="`+service+`"] ~ button`)),
			chromedp.WaitVisible(css(`.ticket-number`)),
		)
		waitFor(t, kiosk, `window.__printed === 1`, 5*time.Second)
		tickets = append(tickets, strings.TrimSpace(eval[string](t, kiosk, `document.querySelector('.ticket-number').textContent`)))
		// The QR code holds the public base URL; here only its path counts.
		phones = append(phones, eval[string](t, kiosk, `new URL(document.querySelector('[data-phone]').dataset.phone).pathname`))
	}
	if strings.Join(tickets, " ") != "A001 B001 A002" {
		t.Fatalf("tickets: %v", tickets)
	}
	ticketPath := eval[string](t, kiosk, `location.pathname`)
	for _, lang := range []string{"en", "ar"} {
		do(t, kiosk, chromedp.Navigate(l.URL+strings.Replace(ticketPath, "/en/", "/"+lang+"/", 1)), chromedp.WaitVisible(css(".ticket-number")))
		checkAxe(t, kiosk, "kiosk ticket "+lang)
		checkPrintsOnTheRoll(t, kiosk, tickets[2])
	}

	// The holder of the first ticket follows it on a phone; the hall
	// display shows the calls.
	phone := tab(t)
	for _, lang := range []string{"ar", "en"} {
		do(t, phone, chromedp.Navigate(l.URL+strings.Replace(phones[0], "/en/", "/"+lang+"/", 1)), chromedp.WaitVisible(css(".place-number")))
		checkAxe(t, phone, "phone place "+lang)
	}
	waitFor(t, phone, `document.getElementById('place').dataset.live === '1'`, 10*time.Second)
	display := tab(t)
	do(t, display, chromedp.Navigate(l.URL+"/display/e2e-office"), chromedp.WaitVisible(css("#board")))
	waitFor(t, display, `document.getElementById('board').dataset.live === '1'`, 10*time.Second)
	checkAxe(t, display, "display")

	// Two desks, both serving documents and fingerprints, worked by a
	// helpdesk account of the office (created with `loket user add`).
	staff := tab(t)
	staffSignIn(t, staff, l.URL, deskEmail, deskPassword)
	do(t, staff,
		chromedp.Navigate(l.URL+"/staff/desk"),
		chromedp.WaitVisible(css(`#desk`)),
	)
	call := func(desk, want string) {
		t.Helper()
		do(t, staff, chromedp.Navigate(l.URL+"/staff/desk?office=e2e-office&desk="+desk+"&s=submit_documents&s=biometrics"))
		clickAndLoad(t, staff, `button[value="call"]`)
		waitFor(t, display, `document.getElementById('board').dataset.lastCall === '`+want+` `+desk+`'`, 5*time.Second)
		first := eval[string](t, display, `document.querySelector('#calls .call .call-number').textContent`)
		if first != want {
			t.Errorf("display shows %s first, want %s", first, want)
		}
	}
	call("1", "A001")
	checkAxe(t, staff, "staff desk")
	waitFor(t, phone, `document.getElementById('place').dataset.state === 'called'`, 5*time.Second)
	if h := eval[string](t, phone, `document.getElementById('place-headline').textContent`); !strings.Contains(h, "1") {
		t.Errorf("phone headline after the call: %q", h)
	}
	// Desk 1 stays open in another tab while desk 2 calls: its list of
	// who waits follows the office's event stream, without a reload.
	watcher := tab(t)
	do(t, watcher, chromedp.Navigate(l.URL+"/en/staff/desk?office=e2e-office&desk=1&s=submit_documents&s=biometrics"),
		chromedp.WaitVisible(css(`#desk-live`)))
	waitFor(t, watcher, `document.getElementById('desk-live').dataset.live === '1'`, 10*time.Second)
	if got := eval[string](t, watcher, `document.querySelector('[data-service="biometrics"] .queue-count').textContent`); got != "1" {
		t.Errorf("desk 1 shows %s waiting for fingerprints, want 1", got)
	}
	call("2", "B001")
	waitFor(t, watcher, `document.querySelector('[data-service="biometrics"] .queue-count').textContent === '0'`, 10*time.Second)
	screenshot(t, watcher, "desk-en")
	// The supervisor, in a browser of their own, follows every desk live:
	// who works it (the account that called) and whom it serves.
	boss := tabApart(t)
	staffSignIn(t, boss, l.URL, bossEmail, bossPassword)
	do(t, boss, chromedp.Navigate(l.URL+"/en/staff/desk/overview?office=e2e-office"), chromedp.WaitVisible(css(`#desk-live`)))
	waitFor(t, boss, `document.getElementById('desk-live').dataset.live === '1'`, 10*time.Second)
	deskRows := `Array.from(document.querySelectorAll('.overview-desks tbody tr')).map(r => [r.querySelector('th').textContent, r.querySelector('.desk-staff').textContent, r.querySelector('.serving-number') ? r.querySelector('.serving-number').textContent : ''].join(' '))`
	if got := strings.Join(eval[[]string](t, boss, deskRows), "; "); got != "1 "+deskEmail+" A001; 2 "+deskEmail+" B001" {
		t.Errorf("overview's desks: %q", got)
	}
	checkAxe(t, boss, "supervisor overview")
	screenshot(t, boss, "overview-en")
	// Desk 1 finishes A001 and calls A002, who does not come.
	do(t, staff, chromedp.Navigate(l.URL+"/staff/desk?office=e2e-office&desk=1&s=submit_documents&s=biometrics"))
	clickAndLoad(t, staff, `button[value="served"]`)
	call("1", "A002")
	waitFor(t, boss, `Array.from(document.querySelectorAll('.overview-desks .serving-number')).some(e => e.textContent === 'A002')`, 10*time.Second)
	for range 2 {
		clickAndLoad(t, staff, `button[value="recall"]`)
	}
	clickAndLoad(t, staff, `button[value="no_show"]`)
	if q := eval[string](t, staff, `location.search`); !strings.Contains(q, "msg=queue.desk.done.no_show") {
		t.Errorf("no-show after two recalls: %s", q)
	}
	if n := eval[int](t, staff, `document.querySelectorAll('.desk-number').length`); n != 0 {
		t.Errorf("desk 1 still shows %d called tickets after the no-show", n)
	}
	waitFor(t, display, `!Array.from(document.querySelectorAll('#calls .call-number')).some(e => e.textContent === 'A002')`, 5*time.Second)
	if got := eval[string](t, display, `Array.from(document.querySelectorAll('#calls .call-number')).map(e => e.textContent).join(' ')`); got != "B001" {
		t.Errorf("display now calls %q, want B001", got)
	}
	do(t, display, chromedp.Navigate(l.URL+"/display/e2e-office"), chromedp.WaitVisible(css("#board")))
	checkAxe(t, display, "display after calls")
	// The desk in Arabic, worked with the keyboard only: N calls the next
	// (nobody is left, and the desk says so).
	do(t, watcher, chromedp.Navigate(l.URL+"/ar/staff/desk?office=e2e-office&desk=3&s=submit_documents&s=biometrics"),
		chromedp.WaitVisible(css(`#desk-live`)))
	checkAxe(t, watcher, "ar staff desk")
	eval[bool](t, watcher, `window.__old = true`)
	do(t, watcher, chromedp.KeyEvent("n"))
	waitFor(t, watcher, `!window.__old && document.readyState === 'complete'`, 10*time.Second)
	if q := eval[string](t, watcher, `location.search`); !strings.Contains(q, "msg=queue.error.none_waiting") {
		t.Errorf("the N key at desk 3: %s", q)
	}
	screenshot(t, watcher, "desk-ar")
	// In Arabic, the overview leads to the history of the ticket desk 2
	// serves; the history of A002 shows each step by the desk's account.
	do(t, boss, chromedp.Navigate(l.URL+"/ar/staff/desk/overview?office=e2e-office"), chromedp.WaitVisible(css(`#desk-live`)))
	checkAxe(t, boss, "ar supervisor overview")
	screenshot(t, boss, "overview-ar")
	clickAndLoad(t, boss, `.overview-desks a[href*="number=B001"]`)
	steps := `Array.from(document.querySelectorAll('.ticket-history tbody tr')).map(r => r.cells[2].textContent + ' ' + r.cells[3].textContent)`
	if got := strings.Join(eval[[]string](t, boss, steps), "; "); got != "2 "+deskEmail {
		t.Errorf("history of B001: %q", got)
	}
	checkAxe(t, boss, "ar ticket history")
	screenshot(t, boss, "ticket-history-ar")
	do(t, boss, chromedp.Navigate(l.URL+"/en/staff/desk/ticket?office=e2e-office&number=A002"), chromedp.WaitVisible(css(`.ticket-history`)))
	if got := len(eval[[]string](t, boss, steps)); got != 4 {
		t.Errorf("A002 (called, recalled twice, no-show): %d steps", got)
	}
	checkAxe(t, boss, "ticket history")
}

// TestCheckInAtTheKiosk books two appointments through the bookings
// domain in a prepared data file (today in a few minutes, and tomorrow),
// then checks in at a registered kiosk: by reference and PIN, again by the
// booking receipt's QR code (as a USB scanner types it: the same ticket,
// no second place), and refuses tomorrow's booking with a clear message.
func TestCheckInAtTheKiosk(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	ctx := context.Background()
	data, offices := allDayOffice(t, "information_interview")
	s, m := bookingsOn(t, data, offices, nil)
	at := time.Now().Truncate(5 * time.Minute).Add(10 * time.Minute)
	today, err := m.Book(ctx, bookings.Request{OfficeID: "e2e-office", ServiceID: "information_interview", Start: at, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	tomorrow, err := m.Book(ctx, bookings.Request{OfficeID: "e2e-office", ServiceID: "information_interview", Start: at.Add(24 * time.Hour), Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := receipts.OpenKeyring(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := receipts.New(s, keys, receipts.Config{BaseURL: "http://loket.test"})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := rs.Issue(ctx, receipts.Input{Kind: receipts.KindBookingConfirmed, Reference: string(today.Booking.Ref), At: at, OfficeID: "e2e-office"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	code := addKiosk(t, data)
	l := start(t, "-data", data)

	kiosk := tab(t)
	noPrint(t, kiosk)
	do(t, kiosk,
		chromedp.Navigate(l.URL+"/kiosk/en/register"),
		chromedp.SetValue(css("#code"), code),
		chromedp.Click(css(`form button[type="submit"]`)),
		chromedp.WaitVisible(css(`a[href="/kiosk/en/checkin"]`)),
		chromedp.Click(css(`a[href="/kiosk/en/checkin"]`)),
		chromedp.WaitVisible(css(`#checkin-form`)),
	)
	for _, lang := range []string{"en", "ar"} {
		do(t, kiosk, chromedp.Navigate(l.URL+"/kiosk/"+lang+"/checkin"), chromedp.WaitVisible(css("#checkin-form")))
		checkAxe(t, kiosk, "check-in "+lang)
	}
	checkIn := func(code, pin string, wait string) {
		t.Helper()
		do(t, kiosk, chromedp.Navigate(l.URL+"/kiosk/en/checkin"), chromedp.WaitVisible(css("#checkin-form")))
		fill, _ := json.Marshal([]string{code, pin})
		eval[bool](t, kiosk, `(([c, p]) => { document.getElementById('code').value = c; document.getElementById('pin').value = p; return true })(`+string(fill)+`)`)
		do(t, kiosk, chromedp.Click(css(`#checkin-form button[type="submit"]`)), chromedp.WaitVisible(css(wait)))
	}
	checkIn(today.Booking.Ref.String(), today.PIN, ".ticket-number")
	first := eval[string](t, kiosk, `document.querySelector('.ticket-number').textContent`)
	if first != "A001" || eval[int](t, kiosk, `document.querySelectorAll('.notice-ok').length`) != 0 {
		t.Fatalf("first check-in: ticket %q", first)
	}
	checkIn(rs.URL(token), "", ".ticket-number")
	again := eval[string](t, kiosk, `document.querySelector('.ticket-number').textContent`)
	if again != first || eval[int](t, kiosk, `document.querySelectorAll('.notice-ok').length`) != 1 {
		t.Fatalf("second check-in by QR: ticket %q, want the same %q with a notice", again, first)
	}
	checkAxe(t, kiosk, "check-in ticket")
	checkIn(tomorrow.Booking.Ref.String(), tomorrow.PIN, ".queue-message")
	brussels, _ := time.LoadLocation("Europe/Brussels")
	if msg := eval[string](t, kiosk, `document.querySelector('.queue-message').textContent`); !strings.Contains(msg, at.In(brussels).Format("15:04")) {
		t.Errorf("tomorrow's booking: %q does not say when", msg)
	}
	checkIn(today.Booking.Ref.String(), "000000", ".queue-message")
}
