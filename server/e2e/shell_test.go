package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// css is a CSS selector.
type css = chromedp.CSS

func htmlLangDir(t *testing.T, ctx context.Context) (string, string) {
	t.Helper()
	v := eval[[]string](t, ctx, `[document.documentElement.lang, document.documentElement.dir]`)
	return v[0], v[1]
}

func TestLanguageSwitchMirrorsTheLayout(t *testing.T) {
	l := start(t)
	ctx := tab(t)
	do(t, ctx,
		chromedp.Navigate(l.URL+"/en/info"),
		chromedp.Click(css(".lang-picker summary")),
		chromedp.Click(css(`.lang-picker a[hreflang="ar"]`)),
		chromedp.WaitVisible(css(`html[lang="ar"] .brand`)),
	)
	if lang, dir := htmlLangDir(t, ctx); lang != "ar" || dir != "rtl" {
		t.Fatalf("after switching: lang=%q dir=%q", lang, dir)
	}
	brandLeft := eval[float64](t, ctx, `document.querySelector('.brand').getBoundingClientRect().left`)
	width := eval[float64](t, ctx, `window.innerWidth`)
	if brandLeft < width/2 {
		t.Errorf("RTL layout not mirrored: brand starts at %.0f of %.0f px", brandLeft, width)
	}
	// The choice is kept: a page without a language prefix now comes in Arabic.
	do(t, ctx, chromedp.Navigate(l.URL+"/info"), chromedp.WaitVisible(css(".brand")))
	if lang, _ := htmlLangDir(t, ctx); lang != "ar" {
		t.Errorf("language not remembered: %q", lang)
	}
}

func TestWorksWithoutJavaScript(t *testing.T) {
	l := start(t)
	ctx := tab(t)
	do(t, ctx,
		withoutJavaScript,
		chromedp.Navigate(l.URL+"/fa/"),
		chromedp.Click(css(".lang-picker summary")),
		chromedp.Click(css(`.lang-picker a[hreflang="nl"]`)),
		chromedp.WaitVisible(css(`html[lang="nl"] .brand`)),
		chromedp.Click(css(`nav a[href="/nl/info"]`)),
		chromedp.WaitVisible(css(`.cards`)),
		chromedp.Click(css(`.cards a`)),
		chromedp.WaitVisible(css(`article.prose h1`)),
	)
	heading, err := chromedp.Run(ctx, chromedp.Text(css(`article.prose h1`)))
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := htmlLangDir(t, ctx); lang != "nl" || strings.TrimSpace(heading) == "" {
		t.Errorf("no-JS navigation: lang %q, heading %q", lang, heading)
	}
}

func TestOfflinePageThroughTheServiceWorker(t *testing.T) {
	l := start(t)
	ctx := tab(t)
	do(t, ctx,
		chromedp.Navigate(l.URL+"/fr/info"),
		chromedp.WaitVisible(css(".cards")),
	)
	eval[bool](t, ctx, `navigator.serviceWorker.ready.then(() => true)`)
	do(t, ctx,
		// A reload puts the page under the worker's control.
		chromedp.Reload(),
		chromedp.WaitVisible(css(".cards")),
	)
	waitFor(t, ctx, `navigator.serviceWorker.controller !== null`, 20*time.Second)
	checkInstallable(t, ctx, "fr")
	// The worker keeps this language's information pages for offline reading.
	waitFor(t, ctx, `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/fr/info/asylum'))))).then(r => r.some(Boolean))`, 20*time.Second)
	l.Stop() // the network is gone
	do(t, ctx, chromedp.Navigate(l.URL+"/fr/some/page/never/seen"), chromedp.WaitVisible(css("h1")))
	heading, err := chromedp.Run(ctx, chromedp.Text(css("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := htmlLangDir(t, ctx); lang != "fr" || !strings.Contains(heading, "hors ligne") {
		t.Errorf("offline page: lang %q heading %q", lang, heading)
	}
	do(t, ctx, chromedp.Navigate(l.URL+"/fr/info/asylum"), chromedp.WaitVisible(css("article.prose h1")))
	kept, err := chromedp.Run(ctx, chromedp.Text(css("article.prose h1")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(kept) == "" || strings.Contains(kept, "hors ligne") {
		t.Errorf("information page not readable offline: %q", kept)
	}
}

// checkInstallable asks Chromium, the manifest's consumer, whether the
// page's web app manifest parses without error, is in the page's language
// and direction, and makes the app installable (icons, service worker,
// start URL in scope).
func checkInstallable(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	var m page.GetAppManifestResult
	var inst page.GetInstallabilityErrorsResult
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		var err error
		if m, err = chromedp.Call(ctx, page.GetAppManifest, page.GetAppManifestParams{}); err != nil {
			return err
		}
		inst, err = chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
		return err
	}))
	if !strings.HasSuffix(m.URL, "/"+lang+"/manifest.webmanifest") || m.Data == "" {
		t.Fatalf("manifest %q not found or empty", m.URL)
	}
	for _, e := range m.Errors {
		t.Errorf("manifest %s: %s (line %d)", m.URL, e.Message, e.Line)
	}
	for _, e := range inst.InstallabilityErrors {
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		t.Errorf("not installable: %s %v", e.ErrorID, args)
	}
	var data struct {
		Lang     string
		StartURL string `json:"start_url"`
	}
	if err := json.Unmarshal([]byte(m.Data), &data); err != nil || data.Lang != lang || data.StartURL != "/"+lang+"/" {
		t.Errorf("manifest in the wrong language: %s (%v)", m.Data, err)
	}
}

func TestKioskIdleResetLeavesNothing(t *testing.T) {
	l := start(t, "-kiosk-idle", "5s", "-kiosk-warn", "2s")
	ctx := tab(t)
	do(t, ctx,
		chromedp.Navigate(l.URL+"/kiosk"),
		chromedp.Click(css(`a[hreflang="ps"]`)),
		chromedp.WaitVisible(css(`html[lang="ps"] .kiosk-actions`)),
		chromedp.Click(css(`.kiosk-actions a[href$="/info"]`)),
		chromedp.WaitVisible(css(`.cards`)),
	)
	historyBefore := eval[int](t, ctx, `sessionStorage.setItem('x', 'left behind'), history.length`)
	do(t, ctx,
		// The warning appears after the idle time ...
		chromedp.WaitVisible(css(`#idle-warning`)),
	)
	// ... and then the attract screen replaces the page.
	waitFor(t, ctx, `location.pathname === '/kiosk'`, 10*time.Second)
	do(t, ctx, chromedp.WaitVisible(css(`.lang-grid`)))
	if s := eval[string](t, ctx, `sessionStorage.getItem('x') || ''`); s != "" {
		t.Error("session storage survived the reset")
	}
	if after := eval[int](t, ctx, `history.length`); after > historyBefore {
		t.Errorf("reset added history entries: %d -> %d", historyBefore, after)
	}
	if lang, _ := htmlLangDir(t, ctx); lang == "ps" {
		t.Error("the attract screen still speaks the last visitor's language")
	}
	// "I need more time" keeps the visitor on the page.
	do(t, ctx,
		chromedp.Navigate(l.URL+"/kiosk/nl/info"),
		chromedp.WaitVisible(css(`#idle-warning`)),
		chromedp.Click(css(`#idle-stay`)),
		chromedp.Sleep(2500*time.Millisecond),
	)
	if path := eval[string](t, ctx, `location.pathname`); path != "/kiosk/nl/info" {
		t.Errorf("'more time' did not keep the page: %s", path)
	}
}

// TestPagesReflowAt320Pixels checks WCAG 1.4.10: at 320 CSS pixels wide
// (a 1280 px screen at 400% zoom, or a small phone at 200%) no page needs
// horizontal scrolling.
func TestPagesReflowAt320Pixels(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(320, 640))
	for _, lang := range []string{"en", "ar", "ti"} {
		for _, p := range append(append([]string{}, pages...), "/kiosk/"+lang+"/home") {
			url := l.URL + "/" + lang + p
			if strings.HasPrefix(p, "/kiosk/") {
				url = l.URL + p
			}
			do(t, ctx, chromedp.Navigate(url))
			if over := eval[int](t, ctx, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
				t.Errorf("%s: %d px wider than the 320 px viewport", url, over)
			}
		}
	}
}

// TestOfflineHomeAndFormInTheLanguage: the home page stays readable
// offline, and a form sent without a network ends on the offline page in
// the form's language, not on the browser's error page.
func TestOfflineHomeAndFormInTheLanguage(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/uk/"), chromedp.WaitVisible(css(".actions")))
	eval[bool](t, ctx, `navigator.serviceWorker.ready.then(() => true)`)
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(css(".actions")))
	waitFor(t, ctx, `navigator.serviceWorker.controller !== null`, 20*time.Second)
	waitFor(t, ctx, `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/uk/'))))).then(r => r.some(Boolean))`, 20*time.Second)
	home := eval[string](t, ctx, `document.querySelector('h1').textContent`)
	do(t, ctx, chromedp.Click(css(`.actions a[href="/uk/status"]`)), chromedp.WaitVisible(css(`#f-dossier`)))
	l.Stop() // the network is gone while the form is filled in
	lookUp(t, ctx, "1000 0001", "1990-01-01")
	// The form's page has a heading too: wait for the page that follows
	// the post, not for any heading.
	waitFor(t, ctx, `!document.querySelector('#f-dossier') && document.readyState === 'complete' && !!document.querySelector('h1')`, 10*time.Second)
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "uk" {
		t.Errorf("offline page in %q, want uk", lang)
	}
	if heading := eval[string](t, ctx, `document.querySelector('h1').textContent`); !strings.Contains(heading, "Немає підключення") {
		t.Errorf("offline form post shows %q", heading)
	}
	do(t, ctx, chromedp.Navigate(l.URL+"/uk/"), chromedp.WaitVisible(css("h1")))
	if got := eval[string](t, ctx, `document.querySelector('h1').textContent`); got != home {
		t.Errorf("home page offline: %q, want %q", got, home)
	}
}
