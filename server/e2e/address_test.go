package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// setField sets a form control's value as the browser would after input.
func setField(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	eval[bool](t, ctx, `(() => { const el = document.getElementById(`+jsString(id)+`);
		el.value = `+jsString(value)+`; el.dispatchEvent(new Event('input', {bubbles: true}));
		el.dispatchEvent(new Event('change', {bubbles: true})); return el.value === `+jsString(value)+`; })()`)
}

var e2eRef = regexp.MustCompile(`^A[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{5}$`)

// TestAddressNotificationPhoneAndKiosk fills the address notification on
// the phone layout in Ukrainian and on the kiosk in Arabic: first with a
// name in Cyrillic or Arabic script and a postcode of another
// municipality, which must give field errors and keep the other answers,
// then corrected, which must give the confirmation with a reference, a PIN
// and the receipt link; the reference and PIN then find the notification.
// Both the form with errors and the confirmation must pass axe-core.
//
// The PDF route (GET /api/v1/receipts/{id}.pdf) belongs to the receipts
// HTTP layer; the receipt itself, its QR token and its PDF are checked in
// server/web's TestAddressReceiptPDF.
func TestAddressNotificationPhoneAndKiosk(t *testing.T) {
	l := start(t)
	today := time.Now()
	entry := today.AddDate(0, 0, -5).Format(time.DateOnly)
	departure := today.AddDate(0, 0, 20).Format(time.DateOnly)
	for _, tc := range []struct {
		lang, shell, script, dir string
	}{
		{"uk", "", "Коваленко", "ltr"},
		{"ar", "/kiosk", "كوفالينكو", "rtl"},
	} {
		t.Run(tc.lang+tc.shell, func(t *testing.T) {
			ctx := tab(t)
			if tc.shell == "/kiosk" {
				do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 1080, Height: 1920, DeviceScaleFactor: 1})
					return err
				}))
			}
			base := l.URL + tc.shell + "/" + tc.lang
			do(t, ctx,
				chromedp.Navigate(base+"/address"),
				chromedp.WaitVisible(css(`#form-address_notification`)),
				chromedp.SendKeys(css(`#f-surname`), tc.script),
				chromedp.SendKeys(css(`#f-given_names`), "Olena"),
				chromedp.SendKeys(css(`#f-doc_number`), "fe123456"),
				chromedp.SendKeys(css(`#f-street`), "Rue du Trône"),
				chromedp.SendKeys(css(`#f-number`), "12"),
				chromedp.SendKeys(css(`#f-postcode`), "1000"),
				chromedp.Click(css(`#f-consent`)),
			)
			if lang, dir := htmlLangDir(t, ctx); lang != tc.lang || dir != tc.dir {
				t.Fatalf("page is %s %s", lang, dir)
			}
			for id, v := range map[string]string{"f-birth_date": "1990-04-02", "f-entry_date": entry, "f-departure_date": departure,
				"f-nationality": "UA", "f-doc_type": "passport", "f-municipality": "elsene"} {
				setField(t, ctx, id, v)
			}
			do(t, ctx, chromedp.Click(css(`#form-address_notification button[type="submit"]`)))
			waitFor(t, ctx, `!!document.querySelector('.error-summary')`, 10*time.Second)
			for _, id := range []string{"f-surname-error", "f-postcode-error"} {
				if !eval[bool](t, ctx, `!!document.getElementById('`+id+`')`) {
					t.Errorf("no error for %s", id)
				}
			}
			kept := eval[[]string](t, ctx, `['f-street','f-doc_number','f-nationality','f-municipality','f-departure_date'].map(id => document.getElementById(id).value)`)
			if strings.Join(kept, "|") != "Rue du Trône|FE123456|UA|elsene|"+departure {
				t.Errorf("answers not kept: %v", kept)
			}
			checkAxe(t, ctx, tc.lang+tc.shell+" form with errors")

			setField(t, ctx, "f-surname", "")
			setField(t, ctx, "f-postcode", "")
			do(t, ctx,
				chromedp.SendKeys(css(`#f-surname`), "Kovalenko"),
				chromedp.SendKeys(css(`#f-postcode`), "1050"),
				chromedp.Click(css(`#form-address_notification button[type="submit"]`)),
			)
			waitFor(t, ctx, `!!document.getElementById('address-reference')`, 10*time.Second)
			ref := eval[string](t, ctx, `document.getElementById('address-reference').textContent.trim()`)
			pin := eval[string](t, ctx, `document.getElementById('address-pin').textContent.trim()`)
			link := eval[string](t, ctx, `document.getElementById('address-receipt').getAttribute('href')`)
			if !e2eRef.MatchString(ref) || len(pin) != 6 || !strings.HasPrefix(link, "/"+tc.lang+"/api/v1/receipts/") || !strings.Contains(link, "token=") {
				t.Fatalf("confirmation: reference %q, PIN %q, receipt %q", ref, pin, link)
			}
			checkAxe(t, ctx, tc.lang+tc.shell+" confirmation")

			do(t, ctx,
				chromedp.Navigate(base+"/address/status"),
				chromedp.WaitVisible(css(`#f-reference`)),
				chromedp.SendKeys(css(`#f-reference`), strings.ToLower(ref)),
				chromedp.SendKeys(css(`#f-pin`), pin),
				chromedp.Click(css(`#form-address_status button[type="submit"]`)),
			)
			waitFor(t, ctx, `!!document.querySelector('.address-facts')`, 10*time.Second)
			if got := eval[string](t, ctx, `document.querySelector('.address-facts bdi').textContent`); got != ref {
				t.Errorf("status page shows %q, want %q", got, ref)
			}
			checkAxe(t, ctx, tc.lang+tc.shell+" status")
		})
	}
}
