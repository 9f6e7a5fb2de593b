package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestStatusResultSurvivesBackAndLanguage walks issue 16's fifth dead end
// on a phone, with and without JavaScript: after "no match" the typed
// birth date is still there; the result has its own address with nothing
// personal in it; Back after a link and a language switch show it again
// (no "Confirm Form Resubmission"); the signed PDF downloads without
// leaving the page; the grant copied into another browser shows nothing;
// "finish" ends it, also for Back.
func TestStatusResultSurvivesBackAndLanguage(t *testing.T) {
	l := start(t, "-demo")
	for _, run := range []struct {
		js         bool
		from, to   string
		downloadTo string
	}{{true, "ti", "ar", t.TempDir()}, {false, "nl", "en", ""}} {
		ctx := tab(t)
		if !run.js {
			do(t, ctx, withoutJavaScript)
		}
		do(t, ctx, chromedp.Navigate(l.URL+"/"+run.from+"/status"))
		lookUp(t, ctx, "1000 0001", "1990-01-02")
		do(t, ctx, chromedp.WaitVisible(css(`.error-summary`)))
		if got := eval[string](t, ctx, `document.getElementById('f-birth_date').value`); got != "1990-01-02" {
			t.Errorf("%s: birth date after no match %q", run.from, got)
		}
		mark := leave(t, ctx)
		lookUp(t, ctx, "1000 0001", "1990-01-01")
		waitPage(t, ctx, mark, `#status-title`)
		title := eval[string](t, ctx, `document.getElementById('status-title').textContent`)
		if got := eval[string](t, ctx, `location.pathname + location.search + location.hash`); got != "/"+run.from+"/status/result" {
			t.Errorf("%s: result at %q", run.from, got)
		}
		// Away by a link, then Back.
		follow(t, ctx, `nav a[href="/`+run.from+`/info"]`, `.cards`)
		back(t, ctx, `#status-title`)
		if got := eval[string](t, ctx, `document.getElementById('status-title').textContent`); got != title {
			t.Errorf("%s: after Back %q, want %q", run.from, got, title)
		}
		// Another language, from the picker.
		follow(t, ctx, `.lang-picker a[hreflang="`+run.to+`"]`, `html[lang="`+run.to+`"] #status-title`)
		if lang, dir := htmlLangDir(t, ctx); lang != run.to || (run.to == "ar") != (dir == "rtl") {
			t.Errorf("after the switch: lang %s dir %s", lang, dir)
		}
		if run.js {
			checkAxe(t, ctx, run.to+" status result")
		}
		if run.downloadTo != "" {
			downloadKeepsThePage(t, ctx, run.downloadTo)
			copiedGrantShowsNothing(t, l.URL, ctx)
		}
		follow(t, ctx, `.status-finish button`, `#f-dossier`)
		back(t, ctx, `#f-dossier`)
		if eval[bool](t, ctx, `!!document.getElementById('status-title')`) {
			t.Errorf("%s: Back after finish shows the result", run.to)
		}
	}
}

// leave marks the page about to be left with a number of its own: the
// page that follows has another (a page restored from the back-forward
// cache keeps the mark it had when it was left, an earlier one).
func leave(t *testing.T, ctx context.Context) string {
	t.Helper()
	mark := strconv.FormatInt(time.Now().UnixNano(), 10)
	eval[bool](t, ctx, `(window.__mark = `+mark+`, true)`)
	return mark
}

// waitPage waits until the page that follows the one marked mark has
// selector.
// The waits here poll the page rather than use chromedp's: those can
// lose a navigation that starts from a posted form or a page restored
// from the back-forward cache.
func waitPage(t *testing.T, ctx context.Context, mark, selector string) {
	t.Helper()
	waitFor(t, ctx, `window.__mark !== `+mark+` && document.readyState === 'complete' && !!document.querySelector(`+jsString(selector)+`)`, 30*time.Second)
}

// follow clicks the link or button at selector and waits for the next
// page's selector.
func follow(t *testing.T, ctx context.Context, selector, next string) {
	t.Helper()
	mark := leave(t, ctx)
	eval[bool](t, ctx, `(document.querySelector(`+jsString(selector)+`).click(), true)`)
	waitPage(t, ctx, mark, next)
}

// back presses Back and waits for selector on the page it shows. (Not
// chromedp.NavigateBack: it waits for a load event that a page restored
// from the back-forward cache never fires.)
func back(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	mark := leave(t, ctx)
	eval[bool](t, ctx, `(history.back(), true)`)
	waitPage(t, ctx, mark, selector)
}

// downloadKeepsThePage asks for the signed PDF: it arrives as a file and
// the result stays on screen.
func downloadKeepsThePage(t *testing.T, ctx context.Context, dir string) {
	t.Helper()
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	}))
	path := eval[string](t, ctx, `location.pathname`)
	do(t, ctx, chromedp.Click(css(`.status-printout button`)))
	var pdf []byte
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && pdf == nil; time.Sleep(200 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(dir, "loket-status.pdf")); err == nil && bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
			pdf = b
		}
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatal("no PDF downloaded")
	}
	if got := eval[string](t, ctx, `location.pathname`); got != path || !eval[bool](t, ctx, `!!document.getElementById('status-title')`) {
		t.Errorf("the PDF replaced the page: now at %s", got)
	}
}

// copiedGrantShowsNothing copies the grant cookie into a fresh browser
// profile: the result there is the lookup form.
func copiedGrantShowsNothing(t *testing.T, base string, from context.Context) {
	t.Helper()
	got, err := chromedp.Call(from, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	var grant *network.Cookie
	for _, c := range got.Cookies {
		if c.Name == "loket_status" {
			grant = c
		}
	}
	if grant == nil || !grant.HTTPOnly || grant.SameSite != network.CookieSameSiteStrict {
		t.Fatalf("grant cookie %+v", grant)
	}
	other, cancel := chromedp.NewContext(from, chromedp.WithNewBrowserContext())
	defer cancel()
	do(t, other, chromedp.Navigate(base+"/en/status"), chromedp.WaitVisible(css(`#f-dossier`)),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: grant.Name, Value: grant.Value,
				URL: base + "/", HTTPOnly: &grant.HTTPOnly, SameSite: network.CookieSameSiteStrict})
			return err
		}),
		chromedp.Navigate(base+"/en/status/result"), chromedp.WaitVisible(css(`#f-dossier`)))
	if text := eval[string](t, other, `document.querySelector('main').textContent`); strings.Contains(text, "10000001") || strings.Contains(text, "1000 0001") {
		t.Error("a copied grant shows the dossier in another browser")
	}
}
