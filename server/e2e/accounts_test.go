package e2e

import (
	"encoding/base32"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/server/accounts"
	"loket/server/bookings"
)

// TestStaffSignInWithTOTP creates the first administrator with
// `loket user add` before the server starts, then signs in with the
// keyboard only, enrols an authenticator (the code is computed here from
// the secret the page shows), reaches the console and signs out. Each page
// is checked with axe-core in English and Arabic.
func TestStaffSignInWithTOTP(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := filepath.Join(t.TempDir(), "staff.db")
	const email, password = "admin@example.be", "correct horse battery staple"
	add := exec.Command(binary, "user", "add", "-data", data, "-email", email, "-role", "admin", "-password-stdin")
	add.Stdin = strings.NewReader(password + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	// The demo offices as a file, for the office administration.
	offices := filepath.Join(t.TempDir(), "offices.json")
	if err := bookings.SaveOfficesFile(offices, bookings.DemoOffices()); err != nil {
		t.Fatal(err)
	}
	// A later -data overrides start's own fresh file.
	l := start(t, "-data", data, "-offices", offices)
	ctx := tab(t)

	signIn := func(lang string) {
		t.Helper()
		do(t, ctx,
			chromedp.Navigate(l.URL+"/"+lang+"/staff/signin"),
			chromedp.WaitVisible(css("#email")),
		)
		checkAxe(t, ctx, lang+" sign-in")
		do(t, ctx,
			chromedp.SendKeys(css("#email"), email),
			chromedp.SendKeys(css("#password"), password),
			chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(css("#code")),
		)
	}
	var lastStep int64
	typeCode := func(secret []byte) {
		t.Helper()
		// A code works once: wait for a time step after the last one used.
		for accounts.TOTPStep(time.Now()) <= lastStep {
			time.Sleep(250 * time.Millisecond)
		}
		lastStep = accounts.TOTPStep(time.Now())
		code := accounts.TOTPCode(secret, lastStep, 6)
		do(t, ctx, chromedp.SendKeys(css("#code"), code), chromedp.KeyEvent("\r"))
	}

	signIn("en")
	checkAxe(t, ctx, "en TOTP enrolment")
	shown := eval[string](t, ctx, `document.querySelector('#totp-secret').textContent`)
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(shown, " ", ""))
	if err != nil || len(secret) != 20 {
		t.Fatalf("secret %q: %v", shown, err)
	}
	if src := eval[string](t, ctx, `document.querySelector('.totp-qr img').src`); !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Fatalf("QR image %.40s", src)
	}
	if loaded := eval[bool](t, ctx, `document.querySelector('.totp-qr img').naturalWidth > 0`); !loaded {
		t.Error("the QR image did not load (CSP?)")
	}
	typeCode(secret)
	do(t, ctx, chromedp.WaitVisible(css(".recovery-codes")))
	if n := eval[int](t, ctx, `document.querySelectorAll('.recovery-codes li').length`); n != accounts.RecoveryCount {
		t.Errorf("%d recovery codes shown", n)
	}
	do(t, ctx, chromedp.Click(css("main a.button")), chromedp.WaitVisible(css("main .actions")))
	checkAxe(t, ctx, "en staff home")
	for _, p := range []string{"/ar/staff/", "/en/staff/account", "/ar/staff/admin/users", "/en/staff/admin/audit"} {
		do(t, ctx, chromedp.Navigate(l.URL+p), chromedp.WaitVisible(css("main h1")))
		checkAxe(t, ctx, p)
	}
	// Office administration: the office, a service, and the closure form
	// filled in with the keyboard, then its preview of the bookings it
	// would close (nothing is closed without the confirmation).
	for _, p := range []string{"/en/staff/offices", "/ar/staff/offices/demo-liege", "/ar/staff/offices/demo-liege/services/biometrics",
		"/en/staff/offices/demo-liege/services"} {
		do(t, ctx, chromedp.Navigate(l.URL+p), chromedp.WaitVisible(css("main h1")))
		checkAxe(t, ctx, p)
		screenshot(t, ctx, "office"+strings.ReplaceAll(strings.TrimPrefix(p, "/staff/offices"), "/", "-"))
	}
	day := time.Now().AddDate(0, 0, 8)
	do(t, ctx,
		chromedp.Navigate(l.URL+"/en/staff/offices/demo-liege"),
		chromedp.WaitVisible(css("#close-from")),
		chromedp.SetValue(css("#close-from"), day.Format(time.DateOnly)),
		chromedp.SetValue(css("#close-to"), day.Format(time.DateOnly)),
		chromedp.SendKeys(css("#close-reason"), "power cut"),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css(`#affected`)),
	)
	checkAxe(t, ctx, "en closure preview")
	screenshot(t, ctx, "office-closure-preview-en")
	do(t, ctx,
		chromedp.Navigate(l.URL+"/ar/staff/offices/demo-liege"),
		chromedp.WaitVisible(css("#hours-mon")),
		chromedp.SetValue(css("#hours-mon"), "12:00-09:00"),
		chromedp.Submit(css("#hours-mon")),
		chromedp.WaitVisible(css(".error-summary")),
	)
	checkAxe(t, ctx, "ar office form with an error")
	screenshot(t, ctx, "office-error-ar")
	if dir := eval[string](t, ctx, `fetch('/ar/staff/').then(r => r.text()).then(t => /dir="rtl"/.test(t) ? 'rtl' : 'ltr')`); dir != "rtl" {
		t.Errorf("Arabic console direction %s", dir)
	}

	// Sign out with the keyboard: focus the button and press Enter.
	do(t, ctx,
		chromedp.Focus(css(".signout button")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css("#email")),
	)
	do(t, ctx, chromedp.Navigate(l.URL+"/en/staff/"), chromedp.WaitVisible(css("#email")))

	// Second sign-in, in Arabic: the code form without enrolment.
	signIn("ar")
	if eval[bool](t, ctx, `!!document.querySelector('#totp-secret')`) {
		t.Fatal("enrolment shown again after it was confirmed")
	}
	checkAxe(t, ctx, "ar TOTP code")
	typeCode(secret)
	do(t, ctx, chromedp.WaitVisible(css("main .actions")))
	checkAxe(t, ctx, "ar staff home")
	if lang := eval[string](t, ctx, `document.documentElement.lang + ' ' + document.documentElement.dir`); lang != "ar rtl" {
		t.Errorf("home after Arabic sign-in: %s", lang)
	}
}
