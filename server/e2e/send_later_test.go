package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	cdpnet "github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// netSwitch cuts or restores the network of a tab and of the service
// workers' own fetches, and says so to navigator.onLine (which fires the
// "online" and "offline" events), by CDP network emulation. Each worker
// keeps one DevTools session: emulation belongs to the session that set
// it.
type netSwitch struct {
	tab     context.Context
	workers map[target.ID]context.Context
}

func (n *netSwitch) set(t *testing.T, offline bool) {
	t.Helper()
	cond := []*cdpnet.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}}
	emulate := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, cdpnet.Enable, cdpnet.EnableParams{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, cdpnet.EmulateNetworkConditionsByRule, cdpnet.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: cond})
		return err
	})
	infos, err := chromedp.Targets(n.tab)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range infos {
		if ti.Type == "service_worker" && n.workers[ti.TargetID] == nil {
			n.workers[ti.TargetID], _ = chromedp.NewContext(n.tab, chromedp.WithTargetID(ti.TargetID))
		}
	}
	for _, w := range n.workers {
		do(t, w, emulate)
	}
	do(t, n.tab, emulate, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpnet.OverrideNetworkState, cdpnet.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// TestFormsPostedOfflineAreSentWhenBackOnline: on a phone in Arabic, a
// help request sent without a network ends on the offline page, which
// offers to send it later; with the person's consent the service worker
// keeps it, and once the network is back (Background Sync, or the page's
// "online" event) sends it with a fresh CSRF token and proof of work. The page then says it
// was sent; its confirmation shows the code and PIN once, and the PIN
// opens the request; nothing is left on the phone after. A second form,
// forgotten instead, is never sent. Then the same for an address
// notification in Ukrainian. axe runs on each state.
func TestFormsPostedOfflineAreSentWhenBackOnline(t *testing.T) {
	// A write budget of one, spent online first: the form sent later then
	// needs a proof of work, which the worker solves for a fresh
	// challenge when it sends.
	l := start(t, "-demo", "-write-limit", "1")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/"), chromedp.WaitVisible(css(".actions")))
	eval[bool](t, ctx, `navigator.serviceWorker.ready.then(() => true)`)
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(css(".actions")))
	waitFor(t, ctx, `navigator.serviceWorker.controller !== null`, 20*time.Second)
	waitFor(t, ctx, `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/ar/offline'))))).then(r => r.some(Boolean))`, 20*time.Second)

	net := &netSwitch{tab: ctx, workers: map[target.ID]context.Context{}}
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/help?from=home"), chromedp.WaitVisible(css(`#f-message`)),
		chromedp.SetValue(css(`#f-category`), "status"), chromedp.SetValue(css(`#f-message`), "سؤال أول"))
	follow(t, ctx, `#form-escalation button[type="submit"]`, `#help-reference`)
	const question = "متى أستلم بطاقة الإقامة؟"
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/help?from=home"), chromedp.WaitVisible(css(`#f-message`)),
		chromedp.WaitVisible(css(`.pow-form`)), chromedp.SetValue(css(`#f-category`), "status"), chromedp.SetValue(css(`#f-message`), question))
	net.set(t, true)
	// Sent without the proof pow.js would add (form.submit() skips its
	// handler): only the worker's fresh proof lets it through later.
	mark := leave(t, ctx)
	eval[bool](t, ctx, `(document.querySelector('#form-escalation').submit(), true)`)
	waitPage(t, ctx, mark, `#sync-offer:not([hidden])`)
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "ar" {
		t.Errorf("offline page in %q", lang)
	}
	if n := eval[int](t, ctx, keptForms); n != 0 {
		t.Errorf("%d forms kept before the person agreed", n)
	}
	checkAxe(t, ctx, "ar offline page offering to send later")
	eval[bool](t, ctx, `(document.querySelector('#sync-offer [data-send]').click(), true)`)
	waitFor(t, ctx, `!document.querySelector('#sync-state [data-waiting]').hidden && document.querySelector('#sync-offer').hidden`, 10*time.Second)
	checkAxe(t, ctx, "ar offline page, the form waiting")

	// Back online: the worker sends it.
	net.set(t, false)
	waitFor(t, ctx, `!document.querySelector('#sync-state [data-sent]').hidden`, 30*time.Second)
	checkAxe(t, ctx, "ar page saying the form was sent")
	follow(t, ctx, `#sync-state [data-sent] a`, `#help-reference`)
	ref := strings.TrimSpace(eval[string](t, ctx, `document.querySelector('#help-reference').textContent`))
	pin := strings.TrimSpace(eval[string](t, ctx, `document.querySelector('#help-pin').textContent`))
	if path := eval[string](t, ctx, `location.pathname + location.search`); path != "/ar/sent" || len(pin) != 6 || !strings.HasPrefix(ref, "H") {
		t.Fatalf("confirmation at %s: %q %q", path, ref, pin)
	}
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "ar" {
		t.Errorf("confirmation in %q", lang)
	}
	checkAxe(t, ctx, "ar confirmation of a form sent later")
	// Seen once: gone from the phone.
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, `document.readyState === 'complete' && !document.querySelector('#help-reference') && !!document.querySelector('main h1')`, 10*time.Second)

	// The PIN opens the request, which holds the question once.
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/help/status"), chromedp.WaitVisible(css(`#f-reference`)),
		chromedp.SetValue(css(`#f-reference`), ref), chromedp.SetValue(css(`#f-pin`), pin))
	follow(t, ctx, `#form-help_status button[type="submit"]`, `#help-state`)
	if body := eval[string](t, ctx, `document.querySelector('main').textContent`); !strings.Contains(body, question) {
		t.Error("the request does not hold the question")
	}

	// A second form, offline, then forgotten: never sent.
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/help?from=home"), chromedp.WaitVisible(css(`#f-message`)),
		chromedp.SetValue(css(`#f-category`), "status"), chromedp.SetValue(css(`#f-message`), "سؤال ثانٍ"))
	net.set(t, true)
	follow(t, ctx, `#form-escalation button[type="submit"]`, `#sync-offer:not([hidden])`)
	eval[bool](t, ctx, `(document.querySelector('#sync-offer [data-send]').click(), true)`)
	waitFor(t, ctx, `!document.querySelector('#sync-state [data-waiting]').hidden`, 10*time.Second)
	eval[bool](t, ctx, `(document.querySelector('#sync-state [data-forget]').click(), true)`)
	waitFor(t, ctx, `!document.querySelector('#sync-state [data-forgotten]').hidden && document.querySelector('#sync-state [data-waiting]').hidden`, 10*time.Second)
	net.set(t, false)
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/"), chromedp.WaitVisible(css(".actions")))
	if n := eval[int](t, ctx, keptForms); n != 0 {
		t.Errorf("%d forms left on the phone after forget", n)
	}

	// An address notification in Ukrainian, sent later by the page's
	// "online" event or Background Sync alike.
	do(t, ctx, chromedp.Navigate(l.URL+"/uk/address"), chromedp.WaitVisible(css(`#form-address_notification`)))
	fillAddressFields(t, ctx, "Kovalenko", "FE1234567", "Rue Haute", "1000", "brussel")
	net.set(t, true)
	follow(t, ctx, `#form-address_notification button[type="submit"]`, `html[lang="uk"] #sync-offer:not([hidden])`)
	eval[bool](t, ctx, `(document.querySelector('#sync-offer [data-send]').click(), true)`)
	waitFor(t, ctx, `!document.querySelector('#sync-state [data-waiting]').hidden`, 10*time.Second)
	net.set(t, false)
	waitFor(t, ctx, `!document.querySelector('#sync-state [data-sent]').hidden`, 30*time.Second)
	follow(t, ctx, `#sync-state [data-sent] a`, `#address-reference`)
	if ref, pin, _ := confirmation(t, ctx); !strings.HasPrefix(ref, "A") || len(pin) != 6 {
		t.Errorf("address confirmation %q %q", ref, pin)
	}
	checkAxe(t, ctx, "uk confirmation of an address notification sent later")
	if n := eval[int](t, ctx, keptForms); n != 0 {
		t.Errorf("%d forms left on the phone once the confirmation was seen", n)
	}

	// A form kept 15 days ago and never sent is deleted, not sent, the
	// next time a page asks the worker.
	eval[bool](t, ctx, `new Promise(r => { const o = indexedDB.open('loket-later', 1);
		o.onsuccess = () => { const tx = o.result.transaction('forms', 'readwrite');
			tx.objectStore('forms').put({id: 'old', path: '/uk/help', lang: 'uk', body: 'category=status&message=old', at: Date.now() - 15*864e5});
			tx.oncomplete = () => { o.result.close(); r(true); }; }; })`)
	do(t, ctx, chromedp.Navigate(l.URL+"/uk/"), chromedp.WaitVisible(css(".actions")))
	waitFor(t, ctx, keptForms+`.then(n => n === 0)`, 10*time.Second)
	if !eval[bool](t, ctx, `document.querySelector('#sync-state [data-waiting]').hidden && document.querySelector('#sync-state [data-sent]').hidden`) {
		t.Error("a form kept past 14 days is shown as waiting or sent")
	}
}

// keptForms counts what the service worker keeps to send later.
const keptForms = `new Promise(r => { const o = indexedDB.open('loket-later', 1);
	o.onupgradeneeded = () => o.result.createObjectStore('forms', {keyPath: 'id'});
	o.onsuccess = () => { const q = o.result.transaction('forms').objectStore('forms').count(); q.onsuccess = () => { o.result.close(); r(q.result); }; }; })`
