package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/server/bookings"
)

// anyDossier lets the test book for a demo dossier; the server checks
// the birth dates against the demo dossiers itself.
type anyDossier struct{}

func (anyDossier) VerifyDossier(context.Context, string, bookings.Date, string) (string, bool, error) {
	return "", true, nil
}

// TestKioskCheckInByTaps: walk-ins with an appointment check in by taps
// only, each ending at their ticket: in English with the booking code on
// the code keyboard and the PIN on the keypad; in Arabic (landscape) and
// Ukrainian with the dossier number and the date of birth; in Tigrinya
// too early, which says when check-in opens and gives a ticket instead.
// Every step passes axe.
func TestKioskCheckInByTaps(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	brussels, _ := time.LoadLocation("Europe/Brussels")
	soon := time.Now().Truncate(5 * time.Minute).Add(10 * time.Minute)
	early := soon.Add(45 * time.Minute) // check-in opens 30 minutes before
	if early.In(brussels).Day() != time.Now().In(brussels).Day() {
		t.Skip("too close to midnight for appointments later today")
	}
	data, offices := allDayOffice(t, "information_interview")
	s, m := bookingsOn(t, data, offices, anyDossier{})
	book := func(at time.Time, dossier, birth string) bookings.Confirmation {
		t.Helper()
		r := bookings.Request{OfficeID: "e2e-office", ServiceID: "information_interview", Start: at, Lang: "en", Dossier: dossier}
		if birth != "" {
			r.BirthDate, _ = bookings.ParseDate(birth)
		}
		c, err := m.Book(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	byCode := book(soon, "", "")
	book(soon, "10000001", "1990-01-01")
	book(soon, "10000013", "1987-03-03")
	book(early, "10000002", "1985-05-05")
	s.Close()
	code := addKiosk(t, data)
	l := startOn(t, data, "-demo")

	for i, c := range []struct {
		lang          string
		width, height int64
		dossier       string
		day, month    int
		year          string
	}{
		{"en", 1080, 1920, "", 0, 0, ""},
		{"ar", 1920, 1080, "10000001", 1, 1, "1990"},
		{"uk", 1080, 1920, "10000013", 3, 3, "1987"},
		{"ti", 1080, 1920, "10000002", 5, 5, "1985"},
	} {
		k := kioskTab(t, c.width, c.height, "checkin-"+c.lang)
		noPrint(t, k.ctx)
		if i == 0 {
			k.register(l, code)
		}
		do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk"))
		k.tapTo(`a[hreflang="` + c.lang + `"]`)
		k.tapTo(`.kiosk-actions a[href="/kiosk/` + c.lang + `/checkin"]`)
		k.step("1-checkin")
		if c.dossier == "" {
			k.tap(`#code`)
			k.digits(strings.ReplaceAll(byCode.Booking.Ref.String(), "-", ""))
			k.key("next")
			k.digits(byCode.PIN)
			k.step("2-code")
			k.tapTo(`#checkin-form button[type="submit"]`)
		} else {
			k.tapTo(`a[href="/kiosk/` + c.lang + `/checkin/dossier"]`)
			k.step("2-dossier")
			k.digits(c.dossier)
			k.key("next")
			k.birthDate(c.day, c.month, c.year)
			k.step("3-birth-date")
			k.tapTo(`#form-checkin_dossier button[type="submit"]`)
		}
		if c.lang == "ti" {
			do(t, k.ctx, chromedp.WaitVisible(css(`.queue-message`)))
			k.step("4-early")
			msg := eval[string](t, k.ctx, `document.querySelector('.queue-message').textContent`)
			for _, at := range []time.Time{early, early.Add(-30 * time.Minute)} {
				if hm := at.In(brussels).Format("15:04"); !strings.Contains(msg, hm) {
					t.Errorf("too early: %q does not say %s", msg, hm)
				}
			}
			k.tapTo(`.kiosk-actions a[href="/kiosk/ti/ticket"]`)
			k.tapTo(`.ticket-line`)
		}
		do(t, k.ctx, chromedp.WaitVisible(css(`.ticket-number`)))
		k.step("5-ticket")
		if n := eval[string](t, k.ctx, `document.querySelector('.ticket-number').textContent.trim()`); n != "A00"+string(rune('1'+i)) {
			t.Errorf("%s: ticket %q", c.lang, n)
		}
		waitFor(t, k.ctx, `window.__printed === 1`, 5*time.Second)
		t.Logf("%s: checked in with %d taps", c.lang, k.taps)
	}
}

// TestKioskDiagnosticsDrawsEveryScript: on the technician's checklist the
// browser draws and measures a test line per script; with fonts-noto-core
// none has a letter drawn as an empty box, and the page passes axe.
func TestKioskDiagnosticsDrawsEveryScript(t *testing.T) {
	l := start(t)
	k := kioskTab(t, 1080, 1920, "diagnostics")
	do(t, k.ctx, chromedp.Navigate(l.URL+"/kiosk/en/diagnostics"))
	waitFor(t, k.ctx, `[...document.querySelectorAll('.diag-result')].every(c => c.dataset.missing !== undefined)`, 10*time.Second)
	got := eval[string](t, k.ctx, `[...document.querySelectorAll('.diag-fonts tr')].map(r => r.querySelector('th').textContent + ' ' + r.querySelector('.diag-result').dataset.missing).join(', ')`)
	if got != "Latin 0, Arabic 0, Cyrillic 0, Ethiopic 0" {
		t.Errorf("letters drawn as empty boxes per script: %s (apt-get install fonts-noto-core)", got)
	}
	if s := eval[string](t, k.ctx, `document.getElementById('diag-kiosk-time').textContent`); !strings.Contains(s, " s)") {
		t.Errorf("kiosk time: %q", s)
	}
	k.step("1-checklist")
}
