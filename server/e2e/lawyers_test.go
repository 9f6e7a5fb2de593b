package e2e

import (
	"context"
	"encoding/base32"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/server/accounts"
)

// lawyerSignIn signs in with the keyboard, enrolling the authenticator on
// first use (*secret nil); *last keeps codes to one per time step.
func lawyerSignIn(t *testing.T, ctx context.Context, base, email, password string, secret *[]byte, last *int64) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/en/staff/signin"),
		chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), email),
		chromedp.SendKeys(css("#password"), password),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css("#code")),
	)
	if *secret == nil {
		shown := eval[string](t, ctx, `document.querySelector('#totp-secret').textContent`)
		s, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(shown, " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		*secret = s
	}
	for accounts.TOTPStep(time.Now()) <= *last {
		time.Sleep(250 * time.Millisecond)
	}
	*last = accounts.TOTPStep(time.Now())
	do(t, ctx, chromedp.SendKeys(css("#code"), accounts.TOTPCode(*secret, *last, 6)), chromedp.KeyEvent("\r"))
	// The code page has a heading too: wait until its form is gone and
	// the next page has loaded, or a navigation right after aborts it.
	waitFor(t, ctx, `!document.querySelector('#code') && document.readyState === 'complete' && !!document.querySelector('main h1')`, 15*time.Second)
}

// TestLawyerFollowsAClientUntilRevoked: the applicant makes a code on the
// status result, a lawyer (created with `loket user add`) links it, sees a
// later back-office change highlighted, gives the client a label of their
// own, asks the helpdesk about the dossier and reads the answer in the
// console, and loses the dossier when the applicant revokes. The lawyer's pages and the statistics page pass
// axe-core in English and Arabic.
func TestLawyerFollowsAClientUntilRevoked(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	const password = "correct horse battery staple"
	for _, u := range [][2]string{{"lawyer@firm.be", "lawyer"}, {"boss@dvz.be", "admin"}} {
		add := exec.Command(binary, "user", "add", "-data", data, "-email", u[0], "-role", u[1], "-password-stdin")
		add.Stdin = strings.NewReader(password + "\n")
		if out, err := add.CombinedOutput(); err != nil {
			t.Fatalf("user add: %v\n%s", err, out)
		}
	}
	out, err := exec.Command(binary, "token", "create", "-data", data, "-name", "e2e").Output()
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(out))
	l := start(t, "-demo", "-data", data)
	ctx := tab(t)

	// The applicant asks for a code.
	do(t, ctx, chromedp.Navigate(l.URL+"/en/status"))
	lookUp(t, ctx, "10000001", "1990-01-01")
	do(t, ctx, chromedp.WaitVisible(css(`#lawyer-title`)),
		chromedp.Click(css(`.lawyer-access form[action$="/status/mandate"] button`)),
		chromedp.WaitVisible(css(`.mandate-code`)))
	checkAxe(t, ctx, "en mandate code")
	code := strings.TrimSpace(eval[string](t, ctx, `document.querySelector('.mandate-code').textContent`))
	if !regexp.MustCompile(`^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$`).MatchString(code) {
		t.Fatalf("code %q", code)
	}

	// The lawyer links it.
	var secret []byte
	var last int64
	lawyerSignIn(t, ctx, l.URL, "lawyer@firm.be", password, &secret, &last)
	for _, lang := range []string{"en", "ar"} {
		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/staff/lawyer/link"), chromedp.WaitVisible(css("#code")))
		checkAxe(t, ctx, lang+" lawyer link")
	}
	do(t, ctx, chromedp.Navigate(l.URL+"/en/staff/lawyer/link"), chromedp.WaitVisible(css("#code")),
		chromedp.SendKeys(css("#code"), strings.ToLower(code)), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css(".client-table")))
	if rows := eval[string](t, ctx, `document.querySelector('.client-table tbody').textContent`); !strings.Contains(rows, "10000001") {
		t.Fatalf("dashboard rows: %q", rows)
	}
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(css(".client-table")))
	if n := eval[int](t, ctx, `document.querySelectorAll('tr.changed').length`); n != 0 {
		t.Errorf("%d rows changed on the second visit", n)
	}

	// The back office pushes a change: it is highlighted, with text.
	today := time.Now().Format(time.DateOnly)
	push := `fetch('/api/v1/backoffice/dossiers/10000001/events', {method: 'POST', headers: {'Content-Type': 'application/json',
		'Authorization': 'Bearer ` + token + `'}, body: JSON.stringify({id: 'e2e-lawyer', code: 'interview', date: '` + today + `'})}).then(r => r.status)`
	if status := eval[int](t, ctx, push); status != 201 {
		t.Fatalf("push: %d", status)
	}
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(css(".client-table")))
	if row := eval[string](t, ctx, `Array.from(document.querySelectorAll('tr.changed')).map(r => r.textContent).join('|')`); !strings.Contains(row, "10000001") || !strings.Contains(row, "Changed") {
		t.Errorf("changed row %q", row)
	}
	checkAxe(t, ctx, "en lawyer dashboard")
	screenshot(t, ctx, "lawyer-en")
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/staff/lawyer"), chromedp.WaitVisible(css(".client-table")))
	checkAxe(t, ctx, "ar lawyer dashboard")
	screenshot(t, ctx, "lawyer-ar")

	// The lawyer gives the client a label of their own, then asks the
	// helpdesk about the dossier from the console's menu.
	do(t, ctx, chromedp.Navigate(l.URL+"/en/staff/lawyer/dossiers/10000001"), chromedp.WaitVisible(css("#client-label")),
		chromedp.SendKeys(css("#client-label"), "Z-114 family"))
	clickAndLoad(t, ctx, `form[action$="/label"] button`)
	checkAxe(t, ctx, "en lawyer dossier with its label")
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/staff/lawyer"), chromedp.WaitVisible(css(".client-table")))
	if got := eval[string](t, ctx, `document.querySelector('.client-table .client-label').textContent`); got != "Z-114 family" {
		t.Errorf("label on the client row: %q", got)
	}
	clickAndLoad(t, ctx, `header nav a[href="/ar/staff/lawyer/help"]`)
	checkAxe(t, ctx, "ar lawyer help")
	do(t, ctx, chromedp.Navigate(l.URL+"/en/staff/lawyer/help"), chromedp.WaitVisible(css("#help-message")),
		chromedp.SendKeys(css("#help-message"), "Has the interview report been added?"))
	clickAndLoad(t, ctx, `form[action$="/staff/lawyer/help"] button[type="submit"]`)
	ref := regexp.MustCompile(`H[0-9A-Z]{3}-[0-9A-Z]{5}`).FindString(eval[string](t, ctx, `document.querySelector('main [role="status"]').textContent`))
	if ref == "" {
		t.Fatal("no reference after the question")
	}
	checkAxe(t, ctx, "en lawyer help with a question")
	// The helpdesk (an administrator here, in a browser of their own)
	// sees a lawyer asking about dossier 10000001, and answers.
	boss := tabApart(t)
	var bossSecret []byte
	lawyerSignIn(t, boss, l.URL, "boss@dvz.be", password, &bossSecret, &last)
	do(t, boss, chromedp.Navigate(l.URL+"/en/staff/escalations/"+ref), chromedp.WaitVisible(css("#ticket-lawyer")))
	if who, dossier := eval[string](t, boss, `document.getElementById('ticket-lawyer').textContent`), eval[string](t, boss, `document.getElementById('ticket-dossier').textContent`); !strings.Contains(who, "lawyer@firm.be") || !strings.Contains(dossier, "10000001") {
		t.Errorf("escalation from the lawyer: %q, %q", who, dossier)
	}
	checkAxe(t, boss, "en escalation from a lawyer")
	do(t, boss, chromedp.SendKeys(css("#reply-text"), "Yes, on Monday."))
	clickAndLoad(t, boss, `form[action$="/reply"] button[type="submit"]`)
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/staff/lawyer/help"), chromedp.WaitVisible(css(".help-reply-text")))
	if got := eval[string](t, ctx, `document.querySelector('.help-reply-text').textContent`); got != "Yes, on Monday." {
		t.Errorf("the lawyer reads %q", got)
	}
	checkAxe(t, ctx, "ar lawyer help with the answer")
	screenshot(t, ctx, "lawyer-help-ar")

	// The applicant revokes; the lawyer loses the dossier. (A fresh tab,
	// same cookies: each tab has its own time budget.)
	ctx = tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/en/status"))
	lookUp(t, ctx, "10000001", "1990-01-01")
	do(t, ctx, chromedp.WaitVisible(css(`.mandate-list`)))
	if txt := eval[string](t, ctx, `document.querySelector('.mandate-list').textContent`); !strings.Contains(txt, "firm.be") || strings.Contains(txt, "lawyer@") {
		t.Errorf("mandate list %q", txt)
	}
	do(t, ctx, chromedp.Click(css(`.mandate-list button`)))
	// Wait for the answer to the post, not an element the old page had too.
	waitFor(t, ctx, `location.pathname === '/en/status/mandate/revoke' && document.readyState === 'complete'`, 15*time.Second)
	do(t, ctx, chromedp.WaitVisible(css(`main [role="status"]:not(#sync-state)`)))
	do(t, ctx, chromedp.Navigate(l.URL+"/en/staff/lawyer"), chromedp.WaitVisible(css("main h1")))
	if eval[bool](t, ctx, `document.querySelector('main').textContent.includes('10000001')`) {
		t.Error("revoked dossier still on the dashboard")
	}
	if st := eval[int](t, ctx, `fetch('/en/staff/lawyer/dossiers/10000001').then(r => r.status)`); st != 404 {
		t.Errorf("revoked dossier page: %d", st)
	}

	// The supervisor's statistics page.
	do(t, ctx, chromedp.Focus(css(".signout button")), chromedp.KeyEvent("\r"), chromedp.WaitVisible(css("#email")))
	lawyerSignIn(t, ctx, l.URL, "boss@dvz.be", password, &bossSecret, &last)
	for _, lang := range []string{"en", "ar"} {
		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/staff/stats"), chromedp.WaitVisible(css("main h1")))
		if n := eval[int](t, ctx, `document.querySelectorAll('svg[role="img"] title').length`); n < 2 {
			t.Errorf("%s: %d charts: %.600s", lang, n, eval[string](t, ctx, `document.querySelector("main").innerHTML`))
		}
		checkAxe(t, ctx, lang+" statistics")
	}
}
