package web

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// switchButton finds the language picker's button for lang on a page: the
// form it posts and the address it posts to.
var switchButton = regexp.MustCompile(`<button type="submit" form="([a-z_-]+)" formaction="([^"]+)" formnovalidate name="_switch" value="([a-z]+)"`)

// pickerPost is what a browser without JavaScript sends when the person
// taps lang in the picker of page: the form's fields to the button's
// address. It checks the picker posts formID, that the hidden default
// button comes before it (Enter in a field sends the form, not a language
// switch) and that nothing typed (of six characters or more: dates,
// numbers, messages) is in the address.
func pickerPost(t *testing.T, page, formID, lang string, typed url.Values) string {
	t.Helper()
	def := strings.Index(page, `<button type="submit" form="`+formID+`" hidden tabindex="-1"></button>`)
	first := strings.Index(page, `name="_switch"`)
	if def < 0 || first < 0 || def > first {
		t.Fatalf("%s: no hidden default button before the picker's buttons (%d, %d)", formID, def, first)
	}
	for _, m := range switchButton.FindAllStringSubmatch(page, -1) {
		if m[1] != formID {
			t.Errorf("the picker posts %s, want %s", m[1], formID)
		}
		for _, vs := range typed {
			for _, v := range vs {
				if len(v) >= 6 && strings.Contains(html.UnescapeString(m[2]), v) {
					t.Errorf("the picker's address %s carries %q", m[2], v)
				}
			}
		}
		if m[3] == lang {
			return html.UnescapeString(m[2])
		}
	}
	t.Fatalf("%s: no picker button for %s", formID, lang)
	return ""
}

// TestLanguageSwitchAfterAnErrorKeepsWhatWasTyped: on a phone without
// JavaScript, the help, status, address and booking forms refused with an error
// offer a language picker that posts what was typed (birth dates and
// PINs in the body, never in an address) to the same form in the other
// language: it comes back filled in, with its errors in that language,
// and nothing is recorded, no write budget spent.
func TestLanguageSwitchAfterAnErrorKeepsWhatWasTyped(t *testing.T) {
	ctx := context.Background()
	e := newHelpEnv(t)
	b := e.browser(t)
	if _, page := b.Get("/en/help?from=home"); strings.Contains(page, `name="_switch"`) || !strings.Contains(page, `<a href="/ar/help?from=home" lang="ar"`) {
		t.Error("the picker of a form not yet sent is not made of links")
	}
	typed := url.Values{"category": {"status"}, "message": {""}, "lang": {"ar"}, "contact": {"app"},
		"dossier": {"10000001"}, "birth_date": {"1990-01-01"}, "from": {"home"}}
	res, page := b.post("/en/help", "/en/help?from=home", typed)
	if res.StatusCode != 422 {
		t.Fatalf("empty message: %d", res.StatusCode)
	}
	to := pickerPost(t, page, "form-escalation", "ar", typed)
	if to != "/ar/help" {
		t.Errorf("the Arabic button posts to %s", to)
	}
	typed.Set("_switch", "ar")
	res, page = b.post(to, "/en/help", typed)
	ar := e.deps.Catalogs.Printer("ar")
	if res.StatusCode != 422 || !strings.Contains(page, `<html lang="ar" dir="rtl">`) || !strings.Contains(page, `value="1990-01-01"`) ||
		!strings.Contains(page, `name="dossier" value="1000 0001"`) || !strings.Contains(page, `name="from" value="home"`) ||
		!strings.Contains(page, esc(ar.T("form.error.required"))) || !strings.Contains(page, `action="/ar/help"`) {
		t.Fatalf("switched to Arabic: %d, typed values or Arabic errors missing", res.StatusCode)
	}
	// A complete form switched six times, past the write budget of five:
	// shown again each time, nothing recorded; then sent for real.
	typed.Set("message", "متى أستلم بطاقتي؟")
	for i := range 6 {
		if res, page = b.post("/ti/help", "/en/help", typed); res.StatusCode != 200 || !strings.Contains(page, `<html lang="ti"`) ||
			!strings.Contains(page, "متى أستلم بطاقتي؟") || strings.Contains(page, `id="help-reference"`) {
			t.Fatalf("switch %d of a complete form: %d", i, res.StatusCode)
		}
	}
	if got, _ := e.store.EscalationsSince(ctx, time.Time{}); len(got) != 0 {
		t.Fatalf("a language switch recorded %d requests", len(got))
	}
	typed.Del("_switch")
	if res, page = b.post("/ti/help", "/en/help", typed); res.StatusCode != 200 || !strings.Contains(page, `id="help-reference"`) {
		t.Fatalf("sent after the switches: %d", res.StatusCode)
	}

	// The status lookup after "no match", Dutch to Arabic: the birth date
	// comes back, and a switch never looks the dossier up, even with the
	// right birth date.
	lookup := url.Values{"dossier": {"10000001"}, "birth_date": {"1990-01-02"}}
	res, page = b.post("/nl/status", "/nl/status", lookup)
	if res.StatusCode != 422 {
		t.Fatalf("no match: %d", res.StatusCode)
	}
	to = pickerPost(t, page, "form-status_lookup", "ar", lookup)
	lookup.Set("_switch", "ar")
	lookup.Set("birth_date", "1990-01-01")
	if res, page = b.post(to, "/nl/status", lookup); res.StatusCode != 200 || !strings.Contains(page, `<html lang="ar" dir="rtl">`) ||
		!strings.Contains(page, `value="1990-01-01"`) || strings.Contains(page, "status-title") {
		t.Errorf("status form switched to Arabic: %d", res.StatusCode)
	}

	// The address notification, English to Tigrinya.
	a := newAddressApp(t)
	s := a.Session(t)
	v := validForm()
	v.Set("postcode", "1000") // not Ixelles's
	res, page = a.post(t, s, "/en/address", v)
	if res.StatusCode != 422 {
		t.Fatalf("address with a wrong postcode: %d", res.StatusCode)
	}
	to = pickerPost(t, page, "form-address_notification", "ti", v)
	v.Set("_switch", "ti")
	res, page = a.post(t, s, to, v)
	ti := a.deps.Catalogs.Printer("ti")
	if res.StatusCode != 422 || !strings.Contains(page, `<html lang="ti" dir="ltr">`) || !strings.Contains(page, `value="Kovalenko"`) ||
		!strings.Contains(page, `value="1990-04-02"`) || !strings.Contains(page, `<option value="elsene" selected>`) ||
		!strings.Contains(page, esc(ti.T("address.error.postcode_mismatch"))) {
		t.Fatalf("address switched to Tigrinya: %d", res.StatusCode)
	}
	if st, _ := a.svc.Stats(ctx); st.Submitted != 0 {
		t.Error("a language switch recorded a notification")
	}

	// The booking form: a phone number without consent, then Arabic.
	ba := newBookingApp(t, nil)
	br := &pageClient{a: ba, cookies: map[string]string{}}
	_, body := br.Send(t, "GET", "/en/appointments/test/information_interview", nil)
	links := slotHref.FindAllStringSubmatch(body, -1)
	if len(links) == 0 {
		t.Fatal("no free time")
	}
	formURL := html.UnescapeString(links[0][1])
	_, body = br.Send(t, "GET", formURL, nil)
	posted := formValues(body)
	posted.Set("phone", "+32 470 12 34 56")
	res, body = br.Send(t, "POST", formURL, posted)
	if res.StatusCode != 422 {
		t.Fatalf("phone without consent: %d", res.StatusCode)
	}
	to = pickerPost(t, body, "form-booking", "ar", posted)
	if !strings.HasPrefix(to, "/ar/appointments/test/information_interview/book?start=") {
		t.Errorf("the booking form's Arabic button posts to %s", to)
	}
	posted.Set("_switch", "ar")
	res, body = br.Send(t, "POST", to, posted)
	if res.StatusCode != 422 || !strings.Contains(body, `<html lang="ar" dir="rtl">`) || !strings.Contains(body, `name="phone" value="&#43;32470123456"`) ||
		!strings.Contains(body, `name="idempotency_key" value="`+posted.Get("idempotency_key")+`"`) {
		t.Fatalf("booking form switched to Arabic: %d", res.StatusCode)
	}
	if list, _ := ba.m.BookingsCreated(ctx, "test", time.Time{}, time.Now().AddDate(10, 0, 0)); len(list) != 0 {
		t.Errorf("a language switch booked %d", len(list))
	}
}
