package e2e

import (
	"context"
	"encoding/base32"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/server/accounts"
	"loket/server/helpdesk"
	"loket/server/store"
)

// cannedArabic is the canned answer's Arabic text the applicant must read.
const cannedArabic = "بطاقة إقامتك جاهزة. تعال إلى المكتب مع جواز سفرك."

// seedCanned saves a canned answer in the data file before the server starts.
func seedCanned(t *testing.T, data string) {
	t.Helper()
	s, err := store.Open(data, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.PutCanned(context.Background(), helpdesk.Canned{ID: "card-ready", Title: "Card ready",
		Texts: map[string]string{"en": "Your residence card is ready. Come to the office with your passport.", "ar": cannedArabic}})
	if err != nil {
		t.Fatal(err)
	}
}

// staffSignIn signs a staff account in on ctx, enrolling the second factor
// on first use (the code is computed here from the secret the page shows).
func staffSignIn(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/en/staff/signin"),
		chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), email),
		chromedp.SendKeys(css("#password"), password),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css("#code")),
	)
	shown := eval[string](t, ctx, `document.querySelector('#totp-secret').textContent`)
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(shown, " ", ""))
	if err != nil {
		t.Fatalf("secret %q: %v", shown, err)
	}
	code := accounts.TOTPCode(secret, accounts.TOTPStep(time.Now()), 6)
	do(t, ctx, chromedp.SendKeys(css("#code"), code), chromedp.KeyEvent("\r"), chromedp.WaitVisible(css(".recovery-codes")))
}

// TestHelpdeskEscalationFromKioskAnsweredInArabic plays the helpdesk: at a
// registered kiosk an applicant looks up a demo dossier, presses "I need
// help", first sends an empty message (errors), then a question with the
// dossier verified; a helpdesk account created with `loket user add` signs
// in, sees the context in the inbox, answers with a canned answer, and the
// applicant reads it in Arabic on the phone. Every page passes axe-core in
// English and Arabic.
func TestHelpdeskEscalationFromKioskAnsweredInArabic(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data, _ := allDayOffice(t, "information_interview")
	code := addKiosk(t, data)
	seedCanned(t, data)
	const email, password = "helper@example.be", "correct horse battery staple"
	add := exec.Command(binary, "user", "add", "-data", data, "-email", email, "-role", "helpdesk",
		"-offices", "e2e-office", "-password-stdin")
	add.Stdin = strings.NewReader(password + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	l := startOn(t, data, "-demo")

	// The kiosk: register, look the dossier up, ask for help from the result.
	kiosk := tab(t)
	do(t, kiosk,
		chromedp.Navigate(l.URL+"/kiosk/en/register"),
		chromedp.SetValue(css("#code"), code),
		chromedp.Click(css(`form button[type="submit"]`)),
		chromedp.WaitVisible(css(`a[href="/kiosk/en/ticket"]`)),
		chromedp.Navigate(l.URL+"/kiosk/en/status"),
	)
	lookUp(t, kiosk, "10000001", "1990-01-01")
	do(t, kiosk, chromedp.WaitVisible(css(`#status-title`)))
	href := eval[string](t, kiosk, `document.querySelector('.kbutton-help').getAttribute('href')`)
	if !strings.Contains(href, "from=status_result") || !strings.Contains(href, "status=") {
		t.Fatalf("help link on the status result: %q", href)
	}
	do(t, kiosk, chromedp.Click(css(`.kbutton-help`)), chromedp.WaitVisible(css(`#f-message`)))
	if got := eval[string](t, kiosk, `document.querySelector('#f-category').value`); got != "status" {
		t.Errorf("category pre-filled %q, want status", got)
	}
	do(t, kiosk, showAllSteps)
	clickAndLoad(t, kiosk, `#form-escalation button[type="submit"]`)
	if !eval[bool](t, kiosk, `!!document.querySelector('#f-message-error')`) {
		t.Fatal("an empty message was accepted")
	}
	checkAxe(t, kiosk, "en kiosk help form with errors")
	do(t, kiosk,
		showAllSteps,
		chromedp.SetValue(css(`#f-message`), "When can I collect my card? <b>urgent</b>"),
		chromedp.SetValue(css(`#f-lang`), "ar"),
		chromedp.SetValue(css(`#f-dossier`), "10000001"),
		chromedp.SetValue(css(`#f-birth_date`), "1990-01-01"),
	)
	clickAndLoad(t, kiosk, `#form-escalation button[type="submit"]`)
	do(t, kiosk, chromedp.WaitVisible(css(`#help-reference`)))
	checkAxe(t, kiosk, "en kiosk help confirmation")
	ref := strings.TrimSpace(eval[string](t, kiosk, `document.querySelector('#help-reference').textContent`))
	pin := strings.TrimSpace(eval[string](t, kiosk, `document.querySelector('#help-pin').textContent`))
	if len(pin) != 6 || !strings.HasPrefix(ref, "H") {
		t.Fatalf("reference %q pin %q", ref, pin)
	}
	if st := eval[int](t, kiosk, `fetch(document.querySelector('#help-receipt').href).then(r => r.status)`); st != 200 {
		t.Errorf("receipt PDF: %d", st)
	}

	// The helpdesk.
	staff := tab(t)
	staffSignIn(t, staff, l.URL, email, password)
	do(t, staff, chromedp.Navigate(l.URL+"/en/staff/inbox"), chromedp.WaitVisible(css(`.inbox-table`)))
	row := eval[string](t, staff, `document.querySelector('.inbox-table tbody tr').textContent`)
	for _, want := range []string{ref, "Kiosk", "e2e-office", "status_result", "dossier verified", "Arabic (العربية)"} {
		if !strings.Contains(row, want) {
			t.Errorf("inbox row lacks %q: %s", want, row)
		}
	}
	checkAxe(t, staff, "en inbox")
	// Keyboard only: J goes to the first request, X ticks it for a bulk
	// action.
	eval[bool](t, staff, `document.activeElement.blur(), true`)
	do(t, staff, chromedp.KeyEvent("j"), chromedp.KeyEvent("x"))
	if ok := eval[bool](t, staff, `document.activeElement === document.querySelector('.inbox-table tbody th a') && document.querySelector('.inbox-table tbody input[type="checkbox"]').checked`); !ok {
		t.Error("J and X do not reach and tick the first request")
	}
	do(t, staff, chromedp.Click(css(`.inbox-table tbody a`)), chromedp.WaitVisible(css(`#canned`)))
	if msg := eval[string](t, staff, `document.querySelector('#ticket-message').textContent`); !strings.Contains(msg, "<b>urgent</b>") {
		t.Errorf("message not shown as text: %q", msg)
	}
	checkAxe(t, staff, "en ticket")
	// The verified dossier beside the question, in the staff member's
	// language (en, then ar): status, estimate, timeline; then a free-text
	// reply in English to an Arabic question is held back with a warning.
	// axe runs on both, in both directions.
	panel := func(lang, estimate, timeline string) {
		t.Helper()
		got := eval[map[string]any](t, staff, `(() => { const p = document.querySelector('.ticket-dossier');
			return {text: p ? p.textContent : '', steps: p ? p.querySelectorAll('.timeline li').length : 0,
				current: p ? p.querySelectorAll('.timeline li[aria-current="step"]').length : 0}; })()`)
		text, _ := got["text"].(string)
		if !strings.Contains(text, "10000001") || !strings.Contains(text, estimate) || !strings.Contains(text, timeline) ||
			got["steps"].(float64) < 2 || got["current"].(float64) != 1 {
			t.Errorf("%s dossier panel: %v", lang, got)
		}
	}
	panel("en", "How long it usually takes", "What happened so far")
	warn := func(lang string) {
		t.Helper()
		do(t, staff, chromedp.SetValue(css(`#reply-text`), "Please come on Monday."), chromedp.SetValue(css(`#reply-lang`), "en"))
		clickAndLoad(t, staff, `form[action$="/reply"] button[type="submit"]`)
		do(t, staff, chromedp.WaitVisible(css(`#reply-lang-warning`)))
		if kept := eval[string](t, staff, `document.querySelector('#reply-text').value`); kept != "Please come on Monday." {
			t.Errorf("%s: the reply typed is not kept: %q", lang, kept)
		}
		if l, _ := htmlLangDir(t, staff); l != lang {
			t.Errorf("warning page in %s, want %s", l, lang)
		}
		checkAxe(t, staff, lang+" ticket with the reply-language warning")
	}
	warn("en")
	do(t, staff, chromedp.Navigate(l.URL+"/ar/staff/escalations/"+ref), chromedp.WaitVisible(css(`.ticket-dossier`)))
	panel("ar", "كم يستغرق ذلك عادةً", "ما حدث حتى الآن")
	checkAxe(t, staff, "ar ticket with the dossier panel")
	warn("ar")
	do(t, staff, chromedp.Navigate(l.URL+"/en/staff/escalations/"+ref), chromedp.WaitVisible(css(`#canned`)))
	do(t, staff, chromedp.SetValue(css(`#canned`), "card-ready"))
	clickAndLoad(t, staff, `form[action$="/reply"] button[type="submit"]`)
	if state := eval[string](t, staff, `document.querySelector('#ticket-state').textContent`); !strings.Contains(state, "Answered") {
		t.Errorf("state after the reply: %q", state)
	}
	do(t, staff, chromedp.Navigate(l.URL+"/ar/staff/inbox"), chromedp.WaitVisible(css("main h1")))
	checkAxe(t, staff, "ar inbox")

	// The applicant, on the phone, in Arabic.
	phone := tab(t)
	do(t, phone, chromedp.Navigate(l.URL+"/ar/help?from=home"), chromedp.WaitVisible(css(`#f-message`)))
	clickAndLoad(t, phone, `#form-escalation button[type="submit"]`)
	checkAxe(t, phone, "ar help form with errors")
	do(t, phone, chromedp.Navigate(l.URL+"/ar/help/status"), chromedp.WaitVisible(css(`#f-reference`)))
	checkAxe(t, phone, "ar help status form")
	do(t, phone, chromedp.SetValue(css(`#f-reference`), ref), chromedp.SetValue(css(`#f-pin`), pin))
	clickAndLoad(t, phone, `#form-help_status button[type="submit"]`)
	do(t, phone, chromedp.WaitVisible(css(`#help-state`)))
	if got := eval[string](t, phone, `document.querySelector('.help-reply-text').textContent`); got != cannedArabic {
		t.Errorf("the applicant reads %q", got)
	}
	if l, d := htmlLangDir(t, phone); l != "ar" || d != "rtl" {
		t.Errorf("status page lang %s dir %s", l, d)
	}
	checkAxe(t, phone, "ar help status")
	do(t, phone, chromedp.Navigate(l.URL+"/en/help/"+ref), chromedp.WaitVisible(css(`#f-pin`)))
	checkAxe(t, phone, "en help status form")
}
