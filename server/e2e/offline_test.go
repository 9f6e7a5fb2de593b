package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestOfflineFormKeepsWhatWasTyped: what a person types in a form is kept
// in the tab: it is there again after a language switch, and a form sent
// without a network ends on the offline page, in the form's language,
// with the typed values kept and a link back to the form.
func TestOfflineFormKeepsWhatWasTyped(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/ti/"), chromedp.WaitVisible(css(".actions")))
	eval[bool](t, ctx, `navigator.serviceWorker.ready.then(() => true)`)
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(css(".actions")))
	waitFor(t, ctx, `navigator.serviceWorker.controller !== null`, 20*time.Second)
	waitFor(t, ctx, `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/ar/offline'))))).then(r => r.some(Boolean))`, 20*time.Second)
	do(t, ctx, chromedp.Click(css(`.actions a[href="/ti/status"]`)), chromedp.WaitVisible(css(`#f-dossier`)),
		chromedp.SendKeys(css(`#f-dossier`), "1000 0001"))
	mark := leave(t, ctx)
	eval[bool](t, ctx, `(document.querySelector('.lang-picker a[hreflang="ar"]').click(), true)`)
	waitPage(t, ctx, mark, `html[lang="ar"] #f-dossier`)
	if got := eval[string](t, ctx, `document.getElementById('f-dossier').value`); got != "1000 0001" {
		t.Errorf("after the language switch the number reads %q", got)
	}

	l.Stop() // the network is gone
	lookUp(t, ctx, "1000 0001", "1990-01-01")
	waitFor(t, ctx, `!document.querySelector('#f-dossier') && document.readyState === 'complete' && !!document.querySelector('#draft-kept:not([hidden]) a')`, 20*time.Second)
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "ar" {
		t.Errorf("offline page in %q, want ar", lang)
	}
	if href := eval[string](t, ctx, `document.querySelector('#draft-kept a').getAttribute('href')`); href != "/ar/status" {
		t.Errorf("the way back leads to %q", href)
	}
	draft := eval[string](t, ctx, `sessionStorage.getItem('loket.draft:/status') || ''`)
	if !strings.Contains(draft, "1000 0001") || !strings.Contains(draft, "1990-01-01") {
		t.Errorf("kept draft %q", draft)
	}
	checkAxe(t, ctx, "ar offline page with a kept form")
}
