package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// lookUp fills the status form on the page open in ctx and sends it.
func lookUp(t *testing.T, ctx context.Context, number, birth string) {
	t.Helper()
	do(t, ctx,
		chromedp.WaitVisible(css(`#f-dossier`)),
		chromedp.SetValue(css(`#f-dossier`), number),
		chromedp.SetValue(css(`#f-birth_date`), birth),
		chromedp.Click(css(`#form-status_lookup button[type="submit"]`)),
	)
}

func TestStatusLookupOnThePhone(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	for _, lang := range []string{"en", "ar"} {
		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/"))
		// From the home page, as a person would.
		do(t, ctx, chromedp.Click(css(`.actions a[href="/`+lang+`/status"]`)), chromedp.WaitVisible(css(`#f-dossier`)))
		checkAxe(t, ctx, lang+" status form")
		lookUp(t, ctx, "1000 0001", "1990-01-01")
		do(t, ctx, chromedp.WaitVisible(css(`#status-title`)))
		title := eval[string](t, ctx, `document.getElementById('status-title').textContent`)
		if l, d := htmlLangDir(t, ctx); l != lang || strings.TrimSpace(title) == "" || (lang == "ar" && d != "rtl") {
			t.Errorf("%s result: lang %s dir %s title %q", lang, l, d, title)
		}
		if !eval[bool](t, ctx, `!!document.querySelector('.status-estimate') && !!document.querySelector('.timeline li')`) {
			t.Errorf("%s: no estimate or timeline", lang)
		}
		if strings.Contains(eval[string](t, ctx, `document.title + location.href`), "10000001") {
			t.Errorf("%s: the dossier number is in the title or URL", lang)
		}
		checkAxe(t, ctx, lang+" status result")
	}
}

func TestStatusLookupOnTheKiosk(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/kiosk"), chromedp.Click(css(`a[hreflang="en"]`)),
		chromedp.WaitVisible(css(`.kiosk-actions`)),
		chromedp.Click(css(`.kiosk-actions a[href="/kiosk/en/status"]`)),
		chromedp.WaitVisible(css(`#f-dossier`)))
	checkAxe(t, ctx, "kiosk status form")
	// A USB scanner types the letter's QR code, then Enter.
	do(t, ctx,
		chromedp.SendKeys(css(`#f-dossier`), l.URL+"/status/letter#10000012.K7P2W9X4RT\r"),
		chromedp.WaitVisible(css(`#status-title`)),
	)
	initial := eval[string](t, ctx, `[...document.querySelectorAll('.status-facts dd')].map(e => e.textContent).join('|')`)
	if !strings.Contains(initial, "|L") || strings.Contains(initial, "Leyla") {
		t.Errorf("kiosk facts %q: want the initial only", initial)
	}
	checkAxe(t, ctx, "kiosk status result")
}

func TestStatusLetterQRCodeNeverSendsItsSecret(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/en/status/letter#10000012.K7P2W9X4RT"), chromedp.WaitVisible(css(`#status-title`)))
	if href := eval[string](t, ctx, `location.href`); strings.Contains(href, "K7P2") || strings.Contains(href, "#") {
		t.Errorf("the code stays in the address bar: %s", href)
	}
}

func TestStatusLockoutAfterWrongAttempts(t *testing.T) {
	l := start(t, "-demo", "-dossier-failures", "3")
	ctx := tab(t)
	for _, birth := range []string{"1980-01-01", "1980-01-02", "1980-01-03", "1990-01-01"} {
		do(t, ctx, chromedp.Navigate(l.URL+"/en/status"))
		lookUp(t, ctx, "10000002", birth)
		do(t, ctx, chromedp.WaitVisible(css(`.error-summary, .notice-warn`)))
	}
	do(t, ctx, chromedp.WaitVisible(css(`.notice-warn[role="alert"]`)))
	if text := eval[string](t, ctx, `document.querySelector('main').textContent`); !strings.Contains(text, "5 minutes") {
		t.Errorf("lockout page: %q", text)
	}
	checkAxe(t, ctx, "lockout page")
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/status"))
	lookUp(t, ctx, "10000002", "1985-05-05")
	do(t, ctx, chromedp.WaitVisible(css(`.notice-warn[role="alert"]`)))
	checkAxe(t, ctx, "ar lockout page")
}

func TestStatusRememberOnThisPhoneAndForget(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/en/status"))
	lookUp(t, ctx, "10000003", "1992-03-15")
	do(t, ctx, chromedp.WaitVisible(css(`#remember-button`)))
	title := eval[string](t, ctx, `document.getElementById('status-title').textContent`)
	if eval[string](t, ctx, `localStorage.getItem('loket.status') || ''`) != "" {
		t.Fatal("the status was kept without asking")
	}
	do(t, ctx, chromedp.Click(css(`#remember-button`)))
	waitFor(t, ctx, `document.getElementById('remember-message').textContent !== ''`, 5*time.Second)
	kept := eval[string](t, ctx, `localStorage.getItem('loket.status')`)
	if !strings.Contains(kept, title) || strings.Contains(kept, "1992") || strings.Contains(kept, "10000003") {
		t.Errorf("kept %s", kept)
	}
	do(t, ctx, chromedp.Navigate(l.URL+"/en/status"), chromedp.WaitVisible(css(`#saved-status h3`)))
	if got := eval[string](t, ctx, `document.querySelector('#saved-status h3').textContent`); got != title {
		t.Errorf("shown on return: %q, want %q", got, title)
	}
	checkAxe(t, ctx, "status form with a kept status")
	do(t, ctx, chromedp.Click(css(`#forget-button`)))
	waitFor(t, ctx, `localStorage.getItem('loket.status') === null`, 5*time.Second)
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(css(`#f-dossier`)))
	if eval[bool](t, ctx, `!document.getElementById('saved-status').hidden`) {
		t.Error("forgotten status still shown")
	}
}

func TestStatusBackOfficePushShowsAtOnce(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	out, err := exec.Command(binary, "token", "create", "-data", data, "-name", "e2e").Output()
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(out))
	l := start(t, "-demo", "-data", data)
	ctx := tab(t)
	today := time.Now().Format(time.DateOnly)
	push := `fetch('/api/v1/backoffice/dossiers/10000001/events', {method: 'POST', headers: {'Content-Type': 'application/json',
		'Authorization': 'Bearer ` + token + `'}, body: JSON.stringify({id: 'e2e-1', code: 'interview', date: '` + today + `'})}).then(r => r.status)`
	do(t, ctx, chromedp.Navigate(l.URL+"/en/status"))
	if status := eval[int](t, ctx, push); status != 201 {
		t.Fatalf("push: %d", status)
	}
	lookUp(t, ctx, "10000001", "1990-01-01")
	do(t, ctx, chromedp.WaitVisible(css(`#status-title`)))
	if cur := eval[string](t, ctx, `document.querySelector('.timeline li[aria-current="step"]').textContent`); !strings.Contains(cur, "nterview") {
		t.Errorf("current step %q, want the pushed interview", cur)
	}
}

// TestKeptStatusIsTheShownText: in en, ar and uk, "keep on this phone"
// stores exactly the "what you must do now" text the result shows (once
// html/template turned it into "#ZgotmplZ"), and the kept block is later
// shown in the words and date format of the page's language, with the
// status texts marked in their own, also offline.
func TestKeptStatusIsTheShownText(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	for _, tt := range []struct{ lang, later string }{{"en", "ar"}, {"ar", "uk"}, {"uk", "uk"}} {
		do(t, ctx, chromedp.Navigate(l.URL+"/"+tt.lang+"/status"))
		lookUp(t, ctx, "10000003", "1992-03-15")
		do(t, ctx, chromedp.WaitVisible(css(`#remember-button`)))
		shown := eval[string](t, ctx, `document.querySelector('.status-action').textContent`)
		do(t, ctx, chromedp.Click(css(`#remember-button`)))
		waitFor(t, ctx, `document.getElementById('remember-message').textContent !== ''`, 5*time.Second)
		todo := eval[string](t, ctx, `JSON.parse(localStorage.getItem('loket.status')).todo`)
		if todo != shown || strings.Contains(todo, "ZgotmplZ") || strings.Contains(todo, "%20") {
			t.Errorf("%s: kept %q, shown %q", tt.lang, todo, shown)
		}
		do(t, ctx, chromedp.Navigate(l.URL+"/"+tt.later+"/status"), chromedp.WaitVisible(css(`#saved-status .saved-todo`)))
		got := eval[string](t, ctx, `document.querySelector('#saved-status .saved-todo').textContent`)
		heading := eval[string](t, ctx, `document.getElementById('saved-heading').textContent`)
		contentLang := eval[string](t, ctx, `document.querySelector('#saved-status .saved-todo').lang`)
		notice := eval[string](t, ctx, `document.querySelector('#saved-status .hint').textContent`)
		if got != shown || contentLang != tt.lang {
			t.Errorf("%s shown in %s: %q (lang %s), want %q", tt.lang, tt.later, got, contentLang, shown)
		}
		if want := map[string]string{"ar": "حالة", "uk": "стан"}[tt.later]; !strings.Contains(heading+notice, want) {
			t.Errorf("%s kept block in %s: heading %q notice %q", tt.lang, tt.later, heading, notice)
		}
		if strings.Contains(notice, "{date}") || regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}`).MatchString(notice) || strings.Contains(notice, "..") {
			t.Errorf("%s: notice date %q", tt.later, notice)
		}
		checkAxe(t, ctx, tt.later+" status form with a kept status")
	}
	// Offline, the offline page shown in place of the lookup page shows it.
	eval[bool](t, ctx, `navigator.serviceWorker.ready.then(() => true)`)
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(css(`#saved-status .saved-todo`)))
	waitFor(t, ctx, `navigator.serviceWorker.controller !== null`, 20*time.Second)
	waitFor(t, ctx, `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/uk/offline'))))).then(r => r.some(Boolean))`, 20*time.Second)
	shown := eval[string](t, ctx, `JSON.parse(localStorage.getItem('loket.status')).todo`)
	l.Stop()
	do(t, ctx, chromedp.Navigate(l.URL+"/uk/status"), chromedp.WaitVisible(css(`#saved-status .saved-todo`)))
	if got := eval[string](t, ctx, `document.querySelector('#saved-status .saved-todo').textContent`); got != shown {
		t.Errorf("offline: %q, want %q", got, shown)
	}
}
