package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// bookThroughPages books the demo information interview in Brussels from
// the office list at base ("<url>/en" or "<url>/kiosk/ar"), checking
// every page with axe-core, and returns the booking code and PIN.
func bookThroughPages(t *testing.T, ctx context.Context, base string) (string, string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/appointments"), chromedp.WaitVisible(css(".offices")))
	checkAxe(t, ctx, base+" office list")
	do(t, ctx,
		chromedp.Click(css(`a[href$="/appointments/demo-brussels/information_interview"]`)),
		chromedp.WaitVisible(css(".week")))
	checkAxe(t, ctx, base+" slot page")
	do(t, ctx, chromedp.Click(css(".slot-list a.slot")), chromedp.WaitVisible(css("#form-booking")))
	// A phone number sent without consent to keep it: the form comes back
	// with its error summary (without contact details no consent is asked).
	do(t, ctx, chromedp.SetValue(css("#f-phone"), "+32 470 12 34 56"),
		chromedp.Click(css(`#form-booking button[type="submit"]`)), chromedp.WaitVisible(css(".error-summary")))
	checkAxe(t, ctx, base+" booking form with errors")
	do(t, ctx,
		chromedp.Click(css("#f-consent")),
		chromedp.Click(css(`#form-booking button[type="submit"]`)),
		chromedp.WaitVisible(css(".booking-code")))
	checkAxe(t, ctx, base+" confirmation")
	code := eval[[]string](t, ctx, `[...document.querySelectorAll('.booking-code dd')].map(e => e.textContent.trim())`)
	if len(code) != 2 || len(code[0]) != 9 || code[0][4] != '-' || len(code[1]) != 6 {
		t.Fatalf("confirmation shows %q", code)
	}
	if dir := eval[string](t, ctx, `document.querySelector('.booking-code dd').getAttribute('dir')`); dir != "ltr" {
		t.Errorf("reference is not isolated left to right: dir=%q", dir)
	}
	return code[0], code[1]
}

// manageThroughPages opens the booking by code and PIN, moves it and
// cancels it, checking the manage pages with axe-core.
func manageThroughPages(t *testing.T, ctx context.Context, base, ref, pin string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/appointments/manage"), chromedp.WaitVisible(css("#form-booking_manage")))
	checkAxe(t, ctx, base+" manage form")
	do(t, ctx,
		chromedp.SendKeys(css("#f-reference"), ref),
		chromedp.SendKeys(css("#f-pin"), pin),
		chromedp.Click(css(`#form-booking_manage button[type="submit"]`)),
		chromedp.WaitVisible(css(".booking-details")))
	checkAxe(t, ctx, base+" manage page")
	before := eval[string](t, ctx, `document.querySelector('.booking-details dd').textContent`)
	do(t, ctx, chromedp.Click(css(`form[action$="/appointments/manage/move"] button`)), chromedp.WaitVisible(css(".move-form")))
	checkAxe(t, ctx, base+" move page")
	do(t, ctx, chromedp.Click(css(".move-form .slot-list button.slot")))
	waitFor(t, ctx, `!!document.querySelector('form.move-confirm') && document.readyState === 'complete'`, 10*time.Second)
	checkAxe(t, ctx, base+" move confirm step")
	if now := eval[string](t, ctx, `document.querySelector('.booking-details dd').textContent`); now != before {
		t.Errorf("confirm step shows %q as the current time, want %q", now, before)
	}
	do(t, ctx, chromedp.Click(css(`form.move-confirm button`)))
	waitFor(t, ctx, `!!document.querySelector('.notice-ok') && document.readyState === 'complete'`, 10*time.Second)
	after := eval[string](t, ctx, `document.querySelector('.booking-details dd').textContent`)
	if after == before {
		t.Errorf("move kept the time %q", before)
	}
	do(t, ctx, chromedp.Click(css(`form[action$="/appointments/manage/cancel"] button`)))
	waitFor(t, ctx, `!!document.querySelector('input[name="confirm"]') && document.readyState === 'complete'`, 10*time.Second)
	checkAxe(t, ctx, base+" cancel step")
	do(t, ctx, chromedp.Click(css(`form:has(input[name="confirm"]) button`)))
	waitFor(t, ctx, `!!document.querySelector('.notice-ok') && !document.querySelector('form[action$="/manage/move"]') && document.readyState === 'complete'`, 10*time.Second)
	checkAxe(t, ctx, base+" cancelled")
	if !eval[bool](t, ctx, `!document.querySelector('.checklist') && !document.querySelector('form[action$="/appointments/calendar"]') && !!document.querySelector('a[href$="/appointments/demo-brussels/information_interview"]')`) {
		t.Error("a cancelled booking still lists what to bring or the calendar file, or offers no way to book again")
	}
}

func TestBookMoveAndCancelOnThePhone(t *testing.T) {
	// No bookings without proof of work: the page must solve it.
	l := start(t, "-demo", "-booking-nojs-limit", "0")
	ctx := tab(t)
	ref, pin := bookThroughPages(t, ctx, l.URL+"/en")
	// The calendar file, fetched the way the page's form posts for it.
	ics := eval[string](t, ctx, `(f => fetch(f.action, {method: 'POST', body: new URLSearchParams(new FormData(f))}))(document.querySelector('.booking-actions form[action$="/appointments/calendar"]'))
		.then(r => r.text().then(body => r.headers.get('content-type') + '|' + r.headers.get('cache-control') + '|' + body))`)
	if !strings.HasPrefix(ics, "text/calendar") || !strings.Contains(ics, "|no-store|BEGIN:VCALENDAR") ||
		!strings.Contains(ics, "UID:"+ref+"@loket") || !strings.Contains(ics, "SUMMARY:Appointment: Information interview") {
		t.Errorf("calendar file: %.300s", ics)
	}
	manageThroughPages(t, ctx, l.URL+"/en", ref, pin)
}

func TestBookAndManageOnTheKioskInArabic(t *testing.T) {
	l := start(t, "-demo", "-booking-nojs-limit", "0")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/kiosk/ar/home"), chromedp.WaitVisible(css(`a[href="/kiosk/ar/appointments"]`)))
	ref, pin := bookThroughPages(t, ctx, l.URL+"/kiosk/ar")
	if lang, dir := htmlLangDir(t, ctx); lang != "ar" || dir != "rtl" {
		t.Errorf("kiosk confirmation: lang=%q dir=%q", lang, dir)
	}
	manageThroughPages(t, ctx, l.URL+"/kiosk/ar", ref, pin)
}

func TestBookingPagesInArabicOnThePhonePassAxe(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	for _, p := range []string{"/ar/appointments", "/ar/appointments/demo-liege/submit_documents", "/ar/appointments/manage"} {
		do(t, ctx, chromedp.Navigate(l.URL+p), chromedp.WaitVisible(css("h1")))
		checkAxe(t, ctx, p)
	}
}

func TestBookingWorksWithoutJavaScript(t *testing.T) {
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx,
		withoutJavaScript,
		chromedp.Navigate(l.URL+"/en/appointments/demo-liege/information_interview"),
		chromedp.WaitVisible(css(".week")),
		chromedp.Click(css(".slot-list a.slot")),
		chromedp.WaitVisible(css("#form-booking")),
		chromedp.Click(css("#f-consent")),
		chromedp.Click(css(`#form-booking button[type="submit"]`)),
		chromedp.WaitVisible(css(".booking-code")),
	)
	text, err := chromedp.Run(ctx, chromedp.Text(css("h1")))
	if err != nil || text != "Your appointment is booked" {
		t.Errorf("without JavaScript: %q %v", text, err)
	}
}
