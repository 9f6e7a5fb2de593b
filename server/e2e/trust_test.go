package e2e

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestStatusResultsEndInARemedy walks the dead ends of issue 16 in en, ar
// and uk: an overdue dossier offers "ask us now" on the help form's
// "overdue" category; an office-set appointment offers "I cannot come"
// (no public move); an incomplete dossier gets no estimate and says how to
// send the documents; a refusal links to legal aid.
func TestStatusResultsEndInARemedy(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	for _, lang := range []string{"en", "ar", "uk"} {
		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/status"))
		lookUp(t, ctx, "10000007", "1988-08-08")
		do(t, ctx, chromedp.WaitVisible(css(`.status-overdue a`)))
		checkAxe(t, ctx, lang+" overdue result")
		do(t, ctx, chromedp.Click(css(`.status-overdue a`)), chromedp.WaitVisible(css(`#form-escalation`)))
		if got := eval[string](t, ctx, `document.querySelector('[name=category]:checked, select[name=category]').value`); got != "overdue" {
			t.Errorf("%s: ask us now opens the help form on %q", lang, got)
		}

		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/status"))
		lookUp(t, ctx, "10000002", "1985-05-05")
		do(t, ctx, chromedp.WaitVisible(css(`a[href*="from=status_appointment"]`)))
		if eval[bool](t, ctx, `!!document.querySelector('a[href$="/appointments"]') && document.querySelector('#appt-title') !== null && [...document.querySelectorAll('#appt-title ~ p a')].some(a => a.href.endsWith('/appointments'))`) {
			t.Errorf("%s: an office-set appointment still links to the public booking pages", lang)
		}
		do(t, ctx, chromedp.Click(css(`a[href*="from=status_appointment"]`)), chromedp.WaitVisible(css(`#form-escalation`)))
		if got := eval[string](t, ctx, `document.querySelector('[name=category]:checked, select[name=category]').value`); got != "appointment_change" {
			t.Errorf("%s: I cannot come opens the help form on %q", lang, got)
		}

		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/status"))
		lookUp(t, ctx, "10000003", "1992-03-15")
		do(t, ctx, chromedp.WaitVisible(css(`#docs-title`)))
		if eval[bool](t, ctx, `!!document.querySelector('.status-estimate p:not(.status-queue)')`) {
			t.Errorf("%s: an incomplete dossier shows a decision estimate", lang)
		}
		if !eval[bool](t, ctx, `!!document.querySelector('#docs-title ~ p a[href$="/contact"]') && !!document.querySelector('#docs-title ~ p a[href*="/help"]')`) {
			t.Errorf("%s: the documents section does not say how and where to send them", lang)
		}
		if strings.Contains(eval[string](t, ctx, `document.getElementById('main').textContent`), " :") {
			t.Errorf("%s: a space before a colon", lang)
		}

		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/status"))
		lookUp(t, ctx, "10000008", "1970-02-28")
		do(t, ctx, chromedp.WaitVisible(css(`.legal-aid a[rel="external"]`)))
		checkAxe(t, ctx, lang+" refusal with legal aid")
	}
}

// TestTrustPagesAndProcessingTimes: the contact, privacy and
// accessibility pages and the public processing times exist in en, ar and
// uk with the right language and direction and no axe violations; the
// contact page has a phone number and the offices' hours; the figures come
// as JSON and as a CSV file a standard reader parses.
func TestTrustPagesAndProcessingTimes(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	for _, lang := range []string{"en", "ar", "uk"} {
		for _, p := range []string{"/contact", "/privacy", "/accessibility", "/processing-times"} {
			do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+p), chromedp.WaitVisible(css("h1")))
			if got, dir := htmlLangDir(t, ctx); got != lang || (lang == "ar") != (dir == "rtl") {
				t.Errorf("%s%s: lang %s dir %s", lang, p, got, dir)
			}
			checkAxe(t, ctx, lang+p)
		}
		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/contact"), chromedp.WaitVisible(css("h1")))
		if !eval[bool](t, ctx, `!!document.querySelector('a[href^="tel:+32"]') && document.querySelectorAll('table.hours tr').length >= 14`) {
			t.Errorf("%s: contact page without phone or hours", lang)
		}
		do(t, ctx, chromedp.Navigate(l.URL+"/"+lang+"/processing-times"), chromedp.WaitVisible(css("table.times")))
		if n := eval[int](t, ctx, `[...document.querySelectorAll('table.times td')].filter(td => /[0-9]/.test(td.textContent)).length`); n == 0 {
			t.Errorf("%s: no published figure", lang)
		}
	}
	if !eval[bool](t, ctx, `!!document.querySelector('footer a[href="/uk/contact"]') && !!document.querySelector('footer a[href="/uk/privacy"]')`) {
		t.Error("the footer does not lead to the trust pages")
	}

	res, err := http.Get(l.URL + "/api/v1/processing-times")
	if err != nil {
		t.Fatal(err)
	}
	var figures struct {
		Computed string `json:"computed"`
		Times    []struct {
			Procedure  string `json:"procedure"`
			Shown      bool   `json:"shown"`
			MedianDays int    `json:"median_days"`
			SampleSize int    `json:"sample_size"`
		} `json:"times"`
	}
	err = json.NewDecoder(res.Body).Decode(&figures)
	res.Body.Close()
	if err != nil || len(figures.Times) == 0 || figures.Computed == "" {
		t.Fatalf("JSON: %v %+v", err, figures)
	}
	res, err = http.Get(l.URL + "/processing-times.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil || len(rows) != len(figures.Times)+1 || !strings.HasSuffix(rows[0][0], "procedure") {
		t.Fatalf("CSV: %v, %d rows for %d figures", err, len(rows), len(figures.Times))
	}
}

// TestTooManyLookupsSayWhenToRetry: the 429 page says in the person's
// language when they can try again and offers the help form.
func TestTooManyLookupsSayWhenToRetry(t *testing.T) {
	l := start(t, "-demo", "-lookup-limit", "1")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/uk/status"))
	lookUp(t, ctx, "10000001", "1990-01-01")
	do(t, ctx, chromedp.WaitVisible(css(`#status-title`)), chromedp.Navigate(l.URL+"/uk/status"))
	lookUp(t, ctx, "10000001", "1990-01-01")
	do(t, ctx, chromedp.WaitVisible(css(`a[href*="from=error_too_many"]`)))
	text := eval[string](t, ctx, `document.getElementById('main').textContent`)
	if !strings.Contains(text, "спробувати знову через") || !strings.Contains(text, "хвилин") {
		t.Errorf("429 page: %q", text)
	}
	checkAxe(t, ctx, "uk 429 page")
}
