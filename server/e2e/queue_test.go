package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
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

var enrolment = regexp.MustCompile(`enrolment code: ([A-Z0-9]{4}-[A-Z0-9]{4})`)

// TestAQueueMorning plays a morning at an office: a kiosk is registered
// with a code from `loket kiosk add`, three visitors take tickets, two
// desks call them in order, the hall display and a visitor's phone follow
// every call live, and one visitor does not come. The kiosk ticket, the
// phone page and the display pass axe in English and Arabic.
func TestAQueueMorning(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := filepath.Join(t.TempDir(), "queue.db")
	out, err := exec.Command(binary, "kiosk", "add", "-data", data, "-demo", "-office", "demo-brussels", "-name", "hall").CombinedOutput()
	m := enrolment.FindSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("kiosk add: %v\n%s", err, out)
	}
	const staffToken = "e2e-staff-token-0123456789"
	l := start(t, "-demo", "-data", data, "-staff-token", staffToken)

	kiosk := tab(t)
	noPrint(t, kiosk)
	do(t, kiosk,
		chromedp.Navigate(l.URL+"/kiosk/en/ticket"),
		chromedp.WaitVisible(css(".queue-message")), // not registered yet
		chromedp.Navigate(l.URL+"/kiosk/en/register"),
		chromedp.SetValue(css("#code"), string(m[1])),
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
	do(t, display, chromedp.Navigate(l.URL+"/display/demo-brussels"), chromedp.WaitVisible(css("#board")))
	waitFor(t, display, `document.getElementById('board').dataset.live === '1'`, 10*time.Second)
	checkAxe(t, display, "display")

	// Two desks, both serving documents and fingerprints.
	staff := tab(t)
	do(t, staff,
		chromedp.Navigate(l.URL+"/en/"),
		chromedp.Navigate(l.URL+"/staff/desk"),
		chromedp.SetValue(css("#token"), staffToken),
		chromedp.Click(css(`form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#desk`)),
	)
	call := func(desk, want string) {
		t.Helper()
		do(t, staff,
			chromedp.Navigate(l.URL+"/staff/desk?office=demo-brussels&desk="+desk+"&s=submit_documents&s=biometrics"),
			chromedp.Click(css(`button[value="call"]`)),
			chromedp.WaitVisible(css(`.desk-number`)),
		)
		waitFor(t, display, `document.getElementById('board').dataset.lastCall === '`+want+` `+desk+`'`, 5*time.Second)
		first := eval[string](t, display, `document.querySelector('#calls .call .call-number').textContent`)
		if first != want {
			t.Errorf("display shows %s first, want %s", first, want)
		}
	}
	call("1", "A001")
	waitFor(t, phone, `document.getElementById('place').dataset.state === 'called'`, 5*time.Second)
	if h := eval[string](t, phone, `document.getElementById('place-headline').textContent`); !strings.Contains(h, "1") {
		t.Errorf("phone headline after the call: %q", h)
	}
	call("2", "B001")
	// Desk 1 finishes A001 and calls A002, who does not come.
	do(t, staff,
		chromedp.Navigate(l.URL+"/staff/desk?office=demo-brussels&desk=1&s=submit_documents&s=biometrics"),
		chromedp.Click(css(`button[value="served"]`)),
		chromedp.WaitVisible(css(`#desk`)),
	)
	call("1", "A002")
	for range 2 {
		do(t, staff, chromedp.Click(css(`button[value="recall"]`)), chromedp.WaitVisible(css(`.desk-number`)))
	}
	do(t, staff, chromedp.Click(css(`button[value="no_show"]`)), chromedp.WaitVisible(css(`#desk`)))
	if n := eval[int](t, staff, `document.querySelectorAll('.desk-number').length`); n != 0 {
		t.Errorf("desk 1 still shows %d called tickets after the no-show", n)
	}
	waitFor(t, display, `!Array.from(document.querySelectorAll('#calls .call-number')).some(e => e.textContent === 'A002')`, 5*time.Second)
	if got := eval[string](t, display, `Array.from(document.querySelectorAll('#calls .call-number')).map(e => e.textContent).join(' ')`); got != "B001" {
		t.Errorf("display now calls %q, want B001", got)
	}
	do(t, display, chromedp.Navigate(l.URL+"/display/demo-brussels"), chromedp.WaitVisible(css("#board")))
	checkAxe(t, display, "display after calls")
}
