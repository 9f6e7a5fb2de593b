package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// toucher drives a kiosk as a walk-in does: taps only, on a touchscreen of
// 1080x1920 (portrait) or 1920x1080, never a key of a physical keyboard. It
// counts the taps.
type toucher struct {
	t     *testing.T
	ctx   context.Context
	taps  int
	shots string // directory for screenshots, from LOKET_SCREENSHOTS
	name  string
}

func kioskTab(t *testing.T, width, height int64, name string) *toucher {
	t.Helper()
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(width, height, chromedp.EmulateTouch))
	return &toucher{t: t, ctx: ctx, shots: os.Getenv("LOKET_SCREENSHOTS"), name: name}
}

// tap touches the element; the page stays.
func (k *toucher) tap(sel string) {
	k.t.Helper()
	k.taps++
	do(k.t, k.ctx, chromedp.Tap(css(sel)))
}

// tapTo touches a link or button that leads to another page and waits
// until that page has loaded completely.
func (k *toucher) tapTo(sel string) {
	k.t.Helper()
	eval[bool](k.t, k.ctx, `(document.documentElement.dataset.e2eOld = '1') === '1'`)
	k.tap(sel)
	waitFor(k.t, k.ctx, `!document.documentElement.dataset.e2eOld && document.readyState === 'complete'`, 10*time.Second)
}

// key taps an on-screen key by its data-key name.
func (k *toucher) key(name string) {
	k.t.Helper()
	k.tap(`.kb [data-key=` + jsString(name) + `]`)
}

func (k *toucher) digits(s string) {
	k.t.Helper()
	for _, c := range s {
		k.key(string(c))
	}
}

// shot saves the visible screen (what is above the fold) as a PNG.
func (k *toucher) shot(step string) {
	k.t.Helper()
	if k.shots == "" {
		return
	}
	png, err := chromedp.Run(k.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		k.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(k.shots, k.name+"-"+step+".png"), png, 0o644); err != nil {
		k.t.Fatal(err)
	}
}

func (k *toucher) step(step string) {
	k.t.Helper()
	checkAxe(k.t, k.ctx, k.name+" "+step)
	k.shot(step)
}

// birthDate taps a date of birth on the day/month/year pickers, which
// open in the order the language writes dates.
func (k *toucher) birthDate(day, month int, year string) {
	k.t.Helper()
	k.key(fmt.Sprintf("d%d", day))
	k.key(fmt.Sprintf("m%d", month))
	k.digits(year)
}

var kioskLangs = []string{"en", "ar", "uk", "ti"}

// TestKioskStatusLookupByTaps: from the attract screen to the status of a
// dossier with taps on on-screen keys only, in four languages and scripts,
// within 25 taps, every step free of axe violations.
func TestKioskStatusLookupByTaps(t *testing.T) {
	l := start(t, "-demo")
	for _, lang := range kioskLangs {
		for _, o := range []struct {
			name          string
			width, height int64
		}{{"portrait", 1080, 1920}, {"landscape", 1920, 1080}} {
			if o.name == "landscape" && lang != "ar" && lang != "ti" {
				continue
			}
			k := kioskTab(t, o.width, o.height, "status-"+lang+"-"+o.name)
			do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk"))
			k.step("1-attract")
			k.tapTo(`a[hreflang="` + lang + `"]`)
			k.tapTo(`.kiosk-actions a[href="/kiosk/` + lang + `/status"]`)
			// The dossier field has its keypad open, right below it.
			if got := eval[string](t, k.ctx, `document.activeElement.id + ' ' + document.querySelector('.kb').previousElementSibling.id`); got != "f-dossier f-dossier" {
				t.Fatalf("%s: focus and keypad: %q", lang, got)
			}
			k.step("2-dossier")
			k.digits("10000001")
			k.key("next")
			k.step("3-date")
			k.birthDate(1, 1, "1990")
			if v := eval[string](t, k.ctx, `document.getElementById('f-birth_date').value`); v != "01/01/1990" {
				t.Errorf("%s: date field holds %q", lang, v)
			}
			k.step("4-date-filled")
			// Field, pickers and the button that sends the form: all on the screen.
			if off := eval[string](t, k.ctx, `['#f-birth_date', '.kb', '#form-status_lookup button[type="submit"]'].filter(s => {
				const r = document.querySelector(s).getBoundingClientRect();
				return r.top < 0 || r.bottom > innerHeight;
			}).join(' ')`); off != "" {
				t.Errorf("%s %s: off the screen: %s", lang, o.name, off)
			}
			k.tapTo(`#form-status_lookup button[type="submit"]`)
			do(t, k.ctx, chromedp.WaitVisible(css(`#status-title`)))
			k.step("5-result")
			if l, _ := htmlLangDir(t, k.ctx); l != lang {
				t.Errorf("result in %q, want %s", l, lang)
			}
			if k.taps > 25 {
				t.Errorf("%s: %d taps for a status lookup, want at most 25", lang, k.taps)
			}
			t.Logf("%s %s: status lookup in %d taps", lang, o.name, k.taps)
		}
	}
}

// TestKioskKeyboardsFitTheirFields: each field gets the keyboard its
// definition names, keyboards mirror with the page, sit next to their
// field without covering it, and have keys of at least 64 px, each a
// button with a name.
func TestKioskKeyboardsFitTheirFields(t *testing.T) {
	l := start(t, "-demo")
	for _, c := range []struct {
		lang          string
		width, height int64
	}{{"ar", 1080, 1920}, {"ti", 1080, 1920}, {"ru", 1080, 1920}, {"ar", 1920, 1080}, {"ti", 1920, 1080}} {
		lang := c.lang
		k := kioskTab(t, c.width, c.height, fmt.Sprintf("address-%s-%dx%d", lang, c.width, c.height))
		do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk/"+lang+"/address"), chromedp.WaitVisible(css(`#f-surname`)))
		// Names are Latin only, and the keyboard says so.
		note := eval[string](t, k.ctx, `document.querySelector('.kb-latin .kb-note').textContent`)
		if note != message(t, lang, "kiosk.keyboard.latin_only") {
			t.Errorf("%s: Latin note %q", lang, note)
		}
		if eval[bool](t, k.ctx, `!![...document.querySelectorAll('.kb .kb-key')].find(b => b.dataset.key.length === 1 && /[\u0600-\u06ff\u0400-\u04ff\u1200-\u137f]/.test(b.textContent))`) {
			t.Errorf("%s: the Latin-only keyboard offers other scripts", lang)
		}
		k.key("shift")
		for _, c := range "AL-HASSAN" {
			k.key(string(c))
		}
		if v := eval[string](t, k.ctx, `document.getElementById('f-surname').value`); v != "AL-HASSAN" {
			t.Errorf("%s: surname %q", lang, v)
		}
		k.step("names")
		checkKeyboardGeometry(t, k.ctx, lang, "f-surname")
		// The phone number and the e-mail address, in the last step, have
		// their own layouts.
		for range 3 {
			k.tap(`[data-key="step-next"]`)
		}
		k.tap(`#f-phone`)
		if keys := eval[string](t, k.ctx, `[...document.querySelectorAll('.kb .kb-pad .kb-key')].map(b => b.dataset.key).join('')`); keys != "123456789+0" {
			t.Errorf("%s: phone keys %q", lang, keys)
		}
		checkKeyboardGeometry(t, k.ctx, lang, "f-phone")
		k.tap(`#f-email`)
		if !eval[bool](t, k.ctx, `!!document.querySelector('.kb-email [data-key="@"]')`) {
			t.Errorf("%s: no @ on the e-mail keyboard", lang)
		}
	}
	// Free text: the visitor's own script first; Tigrinya by syllables.
	k := kioskTab(t, 1080, 1920, "help-ti")
	do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk/ti/help"), chromedp.WaitVisible(css(`#f-message`)))
	k.tap(`#f-message`)
	if got := eval[string](t, k.ctx, `document.querySelector('.kb-tabs [aria-pressed="true"]').dataset.key`); got != "script-ethiopic" {
		t.Errorf("ti: first script %q", got)
	}
	syllable := func(consonant, order string) {
		k.tap(`.kb-consonants [data-key="` + consonant + `"]`)
		k.tap(`.kb-orders [data-key="` + order + `"]`)
	}
	k.tap(`.kb-consonants [data-key="ሰ"]`)
	if got := eval[string](t, k.ctx, `[...document.querySelectorAll('.kb-orders .kb-key')].map(b => b.textContent).join('')`); got != "ሰሱሲሳሴስሶ" {
		t.Errorf("ti: orders of ሰ: %q", got)
	}
	k.shot("ethiopic")
	k.tap(`.kb-orders [data-key="ሰ"]`)
	syllable("ለ", "ላ")
	syllable("መ", "ም")
	if v := eval[string](t, k.ctx, `document.getElementById('f-message').value`); v != "ሰላም" {
		t.Errorf("ti: typed %q", v)
	}
	checkKeyboardGeometry(t, k.ctx, "ti", "f-message")
}

// checkKeyboardGeometry: the open keyboard is just below its field, does
// not overlap it, starts on the field's side (the right in RTL), and every
// key is a named button of at least 64x64 px.
func checkKeyboardGeometry(t *testing.T, ctx context.Context, lang, field string) {
	t.Helper()
	res := eval[string](t, ctx, `(() => {
		const f = document.getElementById(`+jsString(field)+`).getBoundingClientRect();
		const kb = document.querySelector('.kb');
		const k = kb.getBoundingClientRect();
		const out = [];
		if (kb.previousElementSibling.id !== `+jsString(field)+`) out.push('not after its field');
		// Below the field on its side (portrait), or beside it towards the
		// line's end (landscape); never over it.
		const rtl = getComputedStyle(kb).direction === 'rtl';
		const below = k.top >= f.bottom && k.top - f.bottom <= 80 &&
			(rtl ? Math.abs(k.right - f.right) <= 40 : Math.abs(k.left - f.left) <= 40);
		const gap = rtl ? f.left - k.right : k.left - f.right;
		const beside = gap >= 0 && gap <= 80 && k.top <= f.bottom && k.bottom >= f.top;
		if (!below && !beside) out.push('not next to its field: field ' + JSON.stringify(f) + ', keyboard ' + JSON.stringify(k));
		if (k.bottom > innerHeight || k.top < 0 || f.top < 0 || f.bottom > innerHeight) out.push('field or keyboard off the screen');
		for (const b of kb.querySelectorAll('.kb-key')) {
			const r = b.getBoundingClientRect();
			if (b.tagName !== 'BUTTON' || b.type !== 'button') out.push('not a button');
			if (r.width < 64 || r.height < 64) out.push(b.dataset.key + ' is ' + r.width + 'x' + r.height);
			if (!(b.getAttribute('aria-label') || b.textContent).trim()) out.push('unnamed key');
		}
		return out.join('; ');
	})()`)
	if want := map[string]string{"ar": "rtl"}[lang]; want == "rtl" && !eval[bool](t, ctx, `getComputedStyle(document.querySelector('.kb')).direction === 'rtl'`) {
		t.Errorf("%s %s: keyboard not mirrored", lang, field)
	}
	if res != "" {
		t.Errorf("%s %s: %s", lang, field, res)
	}
}

// TestKioskRefusesImpossibleDates: 31 February is refused before the form
// is sent, in the visitor's language.
func TestKioskRefusesImpossibleDates(t *testing.T) {
	l := start(t, "-demo")
	k := kioskTab(t, 1080, 1920, "date-ar")
	do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk/ar/status"), chromedp.WaitVisible(css(`#f-dossier`)))
	k.digits("10000001")
	k.key("next")
	k.birthDate(31, 2, "1990")
	k.tap(`#form-status_lookup button[type="submit"]`)
	if path := eval[string](t, k.ctx, `location.pathname + ' ' + document.querySelectorAll('#status-title').length`); path != "/kiosk/ar/status 0" {
		t.Fatalf("the form was sent: %s", path)
	}
	got := strings.TrimSpace(eval[string](t, k.ctx, `document.getElementById('f-birth_date-kb-check').textContent`))
	if got == "" || got != strings.TrimSpace(eval[string](t, k.ctx, `document.getElementById('f-birth_date').dataset.kbDateWrong`)) {
		t.Errorf("refusal %q", got)
	}
	if !strings.ContainsAny(got, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
		t.Errorf("refusal not in Arabic: %q", got)
	}
	k.step("date-refused")
	// Correcting the day lets it through.
	k.key("part-d")
	k.key("d28")
	k.tapTo(`#form-status_lookup button[type="submit"]`)
	if n := eval[int](t, k.ctx, `document.querySelectorAll('#f-birth_date-kb-check').length`); n != 0 {
		t.Error("the refusal stayed after the correction")
	}
}

// typeWord taps a short word on the text keyboard in the visitor's own
// script: Tigrinya by syllables (consonant, then its order).
func (k *toucher) typeWord(lang string) {
	k.t.Helper()
	switch lang {
	case "ti":
		for _, s := range [][2]string{{"ሰ", "ሰ"}, {"ለ", "ላ"}, {"መ", "ም"}} {
			k.tap(`.kb-consonants [data-key="` + s[0] + `"]`)
			k.tap(`.kb-orders [data-key="` + s[1] + `"]`)
		}
	default:
		word := map[string]string{"en": "help", "ar": "مساعدة", "uk": "допомога"}[lang]
		for _, c := range word {
			k.key(string(c))
		}
	}
}

// TestKioskHelpRequestByTaps: "I need help" from the home page to the
// confirmation with its reference, typed in the visitor's own script.
func TestKioskHelpRequestByTaps(t *testing.T) {
	l := start(t, "-demo")
	for _, lang := range kioskLangs {
		k := kioskTab(t, 1080, 1920, "help-"+lang)
		do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk"))
		k.tapTo(`a[hreflang="` + lang + `"]`)
		k.tapTo(`.kiosk-header .kbutton-help`)
		k.step("1-form")
		k.tap(`#f-category`)
		k.step("2-category")
		k.key("option-information")
		// The message keyboard opens next, in the visitor's script.
		if id := eval[string](t, k.ctx, `document.querySelector('.kb').previousElementSibling.id`); id != "f-message" {
			t.Fatalf("%s: after the category the keyboard is at %q", lang, id)
		}
		k.typeWord(lang)
		k.step("3-message")
		k.tap(`[data-key="step-next"]`)
		k.step("4-step-2")
		k.tap(`#f-lang`)
		k.key("option-" + lang)
		k.tap(`[data-key="step-next"]`)
		k.tap(`#f-contact`)
		k.key("option-app")
		k.tapTo(`#form-escalation button[type="submit"]`)
		do(t, k.ctx, chromedp.WaitVisible(css(`#help-reference`)))
		k.step("5-confirmation")
		if ref := eval[string](t, k.ctx, `document.getElementById('help-reference').textContent.trim()`); !strings.HasPrefix(ref, "H") {
			t.Errorf("%s: reference %q", lang, ref)
		}
		t.Logf("%s: help request in %d taps", lang, k.taps)
	}
}

// TestKioskWalkInTicketByTaps: a registered kiosk, a walk-in takes a
// ticket by three taps in each language (Arabic on a landscape screen)
// and ends at the ticket, printed once on arrival, with one print button
// and Done on the screen without scrolling. The attract screen asks for
// the language before anything else: no form, no help link.
func TestKioskWalkInTicketByTaps(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data, _ := allDayOffice(t, "information_interview")
	code := addKiosk(t, data)
	l := startOn(t, data)
	for i, lang := range kioskLangs {
		width, height := int64(1080), int64(1920)
		if lang == "ar" {
			width, height = height, width
		}
		k := kioskTab(t, width, height, "ticket-"+lang)
		noPrint(t, k.ctx)
		if i == 0 {
			k.register(l, code)
		}
		do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk"), chromedp.WaitVisible(css(`.lang-grid`)))
		if n := eval[int](t, k.ctx, `document.querySelectorAll('form, a[href*="/help"]').length`); n != 0 {
			t.Errorf("the attract screen has %d forms or help links before the language", n)
		}
		k.tapTo(`a[hreflang="` + lang + `"]`)
		k.tapTo(`.kiosk-actions a[href="/kiosk/` + lang + `/ticket"]`)
		k.step("1-services")
		k.tapTo(`.ticket-line`)
		do(t, k.ctx, chromedp.WaitVisible(css(`.ticket-number`)))
		k.step("2-ticket")
		if n := eval[string](t, k.ctx, `document.querySelector('.ticket-number').textContent.trim()`); n != fmt.Sprintf("A%03d", i+1) {
			t.Errorf("%s: ticket %q", lang, n)
		}
		waitFor(t, k.ctx, `window.__printed === 1`, 5*time.Second)
		if got := eval[string](t, k.ctx, `[...document.querySelectorAll('.ticket-actions .kbutton')].map(b => {
			const r = b.getBoundingClientRect();
			return (b.hasAttribute('data-print') ? 'print' : 'done') + (r.top >= 0 && r.bottom <= innerHeight ? '' : ' below the fold');
		}).join(', ')`); got != "print, done" {
			t.Errorf("%s %dx%d: ticket actions %q, want one print button and done, on the screen", lang, width, height, got)
		}
		k.tap(`.ticket-actions [data-print]`)
		waitFor(t, k.ctx, `window.__printed === 2`, 5*time.Second)
	}
}

// register is the technician registering the kiosk (once: the
// credential cookie stays in the browser) on the code keyboard.
func (k *toucher) register(l *loket, code string) {
	k.t.Helper()
	do(k.t, k.ctx, chromedp.Navigate(l.URL+"/kiosk/en/register"), chromedp.WaitVisible(css(`.kb-code`)))
	k.digits(strings.ReplaceAll(code, "-", ""))
	k.tapTo(`form button[type="submit"]`)
	do(k.t, k.ctx, chromedp.WaitVisible(css(`a[href="/kiosk/en/ticket"]`)))
}

// choose picks an option of a select on its on-screen picker, through its
// initial letter when the list is long.
func (k *toucher) choose(id, value string) {
	k.t.Helper()
	k.tap(`#` + id)
	initial := eval[string](k.t, k.ctx, `(() => {
		if (!document.querySelector('.kb [data-key^="initial-"]')) return '';
		const o = [...document.getElementById(`+jsString(id)+`).options].find(o => o.value === `+jsString(value)+`);
		return Array.from(o.text.trim())[0].toLocaleUpperCase(document.documentElement.lang);
	})()`)
	if initial != "" {
		k.key("initial-" + initial)
	}
	k.key("option-" + value)
}

// date taps a date on the pickers of the field (which opens them).
func (k *toucher) date(id string, d time.Time) {
	k.t.Helper()
	k.tap(`#` + id)
	k.birthDate(d.Day(), int(d.Month()), strconv.Itoa(d.Year()))
}

// latin types capitals on a Latin-only keyboard.
func (k *toucher) latin(id, text string) {
	k.t.Helper()
	k.tap(`#` + id)
	if eval[string](k.t, k.ctx, `document.querySelector('.kb [data-key="shift"]').getAttribute('aria-pressed')`) != "true" {
		k.key("shift")
	}
	for _, c := range text {
		if c == ' ' {
			k.key("space")
			continue
		}
		k.key(string(c))
	}
}

// TestKioskAddressNotificationByTaps: the 16-field address notification
// from the home page to its reference and PIN, names on the Latin-only
// keyboard, three dates on the pickers, lists as buttons.
func TestKioskAddressNotificationByTaps(t *testing.T) {
	l := start(t, "-demo")
	today := time.Now()
	for _, lang := range kioskLangs {
		k := kioskTab(t, 1080, 1920, "address-flow-"+lang)
		do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk"))
		k.tapTo(`a[hreflang="` + lang + `"]`)
		k.tapTo(`.kiosk-actions a[href="/kiosk/` + lang + `/address"]`)
		k.step("1-form")
		k.latin("f-surname", "KOVALENKO")
		k.latin("f-given_names", "OLENA")
		k.date("f-birth_date", time.Date(1990, 4, 2, 0, 0, 0, 0, time.UTC))
		k.step("2-names-birth")
		k.choose("f-nationality", "UA")
		k.step("3-nationality")
		k.tap(`[data-key="step-next"]`)
		k.choose("f-doc_type", "passport")
		k.latin("f-doc_number", "FE123456")
		k.date("f-entry_date", today.AddDate(0, 0, -5))
		k.tap(`[data-key="step-next"]`)
		k.latin("f-street", "RUE DU TRONE")
		k.latin("f-number", "12")
		k.tap(`#f-postcode`)
		k.digits("1050")
		k.choose("f-municipality", "elsene")
		k.step("4-address")
		k.tap(`[data-key="step-next"]`)
		k.date("f-departure_date", today.AddDate(0, 0, 20))
		k.tap(`#f-consent`)
		k.step("5-last-step")
		k.tapTo(`#form-address_notification button[type="submit"]`)
		ref, pin, _ := confirmation(t, k.ctx)
		k.step("6-confirmation")
		if !e2eRef.MatchString(ref) || len(pin) != 6 {
			t.Errorf("%s: reference %q, PIN %q", lang, ref, pin)
		}
		t.Logf("%s: address notification in %d taps", lang, k.taps)
	}
}

// TestKioskBookingByTaps: an appointment booked at the kiosk by taps,
// the phone number on its keypad, then found again with the booking code
// typed on the code keyboard (the reference alphabet only) and the PIN.
func TestKioskBookingByTaps(t *testing.T) {
	l := start(t, "-demo")
	for _, lang := range kioskLangs {
		k := kioskTab(t, 1080, 1920, "booking-"+lang)
		do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk"))
		k.tapTo(`a[hreflang="` + lang + `"]`)
		k.tapTo(`.kiosk-actions a[href="/kiosk/` + lang + `/appointments"]`)
		k.step("1-offices")
		k.tapTo(`a[href$="/appointments/demo-brussels/information_interview"]`)
		k.step("2-slots")
		k.tapTo(`.slot-list a.slot`)
		k.step("3-form")
		k.tap(`#f-phone`)
		k.digits("+32470123456")
		k.tap(`#f-consent`)
		k.tapTo(`#form-booking button[type="submit"]`)
		do(t, k.ctx, chromedp.WaitVisible(css(`.booking-code`)))
		k.step("4-confirmation")
		code := eval[[]string](t, k.ctx, `[...document.querySelectorAll('.booking-code dd')].map(e => e.textContent.trim())`)
		if len(code) != 2 {
			t.Fatalf("%s: confirmation shows %q", lang, code)
		}
		do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk/"+lang+"/appointments/manage"), chromedp.WaitVisible(css(`#f-reference`)))
		k.tap(`#f-reference`)
		if keys := eval[string](t, k.ctx, `[...document.querySelectorAll('.kb-grid.kb-code .kb-key')].map(b => b.dataset.key).join('')`); keys != "23456789ABCDEFGHJKMNPQRSTUVWXYZ" {
			t.Errorf("%s: code keys %q", lang, keys)
		}
		k.digits(strings.ReplaceAll(code[0], "-", ""))
		k.key("next")
		k.digits(code[1])
		k.step("5-manage-code")
		k.tapTo(`#form-booking_manage button[type="submit"]`)
		do(t, k.ctx, chromedp.WaitVisible(css(`.booking-details`)))
		k.step("6-manage")
	}
}

// TestKioskForgetsThePreviousVisitor: after the idle reset neither Back
// (into the visitor's form, result and pages) nor reloading shows anything
// the previous visitor typed or saw.
func TestKioskForgetsThePreviousVisitor(t *testing.T) {
	// The idle time is longer than any wait below, so that only the guard
	// against Back, not a new idle reset, can bring the attract screen.
	l := start(t, "-demo", "-kiosk-idle", "15s", "-kiosk-warn", "2s")
	k := kioskTab(t, 1080, 1920, "forget")
	do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk"))
	k.tapTo(`a[hreflang="en"]`)
	k.tapTo(`.kiosk-actions a[href="/kiosk/en/status"]`)
	k.digits("10000001")
	k.key("next")
	k.birthDate(1, 1, "1990")
	k.tapTo(`#form-status_lookup button[type="submit"]`)
	do(t, k.ctx, chromedp.WaitVisible(css(`#status-title`)))
	seen := strings.TrimSpace(eval[string](t, k.ctx, `document.getElementById('status-title').textContent`))
	k.tapTo(`.kiosk-header a[href="/kiosk/en/home"]`)
	// Nothing touched: the warning, then the attract screen.
	waitFor(t, k.ctx, `location.pathname === '/kiosk' && !!document.querySelector('.lang-grid')`, 30*time.Second)
	// From now on, a form of the previous visitor sent again and answered
	// would show their data, if only for a moment.
	var mu sync.Mutex
	posts := map[network.RequestID]string{}
	var answered []string
	if err := chromedp.Listen(k.ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if e.Request.Method == "POST" {
				posts[e.RequestID] = e.Request.URL
			}
		case *network.EventResponseReceived:
			if u, ok := posts[e.RequestID]; ok && e.Response.Status < 300 {
				answered = append(answered, fmt.Sprintf("%s %d", u, e.Response.Status))
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	traces := `(() => {
		const text = document.documentElement ? document.documentElement.innerText : '';
		const values = [...document.querySelectorAll('input, textarea')].map(e => e.value).join(' ');
		return [text.includes('10000001') || text.includes('1000 0001'), text.includes(` + jsString(seen) + `),
			/1990/.test(values) || /1000/.test(values)].join(',');
	})()`
	clean := "false,false,false"
	// Every page of the previous visit that Back reaches gives way to the
	// attract screen, and so does reloading it.
	attract := `location.pathname === '/kiosk' && document.readyState === 'complete' && !!document.querySelector('.lang-grid')`
	for i := 1; i <= 4; i++ {
		if _, err := chromedp.Run(k.ctx, chromedp.NavigateBack()); err != nil {
			t.Fatalf("back %d: %v", i, err)
		}
		waitFor(t, k.ctx, attract, 10*time.Second)
		if got := eval[string](t, k.ctx, traces); got != clean {
			t.Errorf("back %d: traces of the previous visitor: %s", i, got)
		}
		if _, err := chromedp.Run(k.ctx, chromedp.Reload()); err != nil {
			t.Fatalf("reload %d: %v", i, err)
		}
		waitFor(t, k.ctx, attract, 10*time.Second)
		if got := eval[string](t, k.ctx, traces); got != clean {
			t.Errorf("back %d then reload: traces of the previous visitor: %s", i, got)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(answered) > 0 {
		t.Errorf("the previous visitor's forms were sent again and answered: %v", answered)
	}
}

// showAllSteps shows every step of a kiosk form and its send button at
// once, for tests about what a form sends rather than how a visitor walks
// through it (the ByTaps tests walk the steps).
var showAllSteps = chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelectorAll('.kiosk-step, .kiosk-step-nav [hidden]').forEach(e => { e.hidden = false; }), true)`))
	return err
})
