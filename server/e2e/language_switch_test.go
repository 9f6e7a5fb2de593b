package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// withoutJavaScript turns the tab's scripts off, as on a phone without
// JavaScript (the test can still evaluate its own).
var withoutJavaScript = chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
})

// TestHelpFormSwitchesLanguageWithoutJavaScript: on a phone without
// JavaScript the help form comes back in Arabic with an error; Enter in a
// field sends it again (it does not switch the language); the picker's
// Tigrinya then shows the form in Tigrinya with what was typed, the
// dossier's birth date included, and its address carries none of it.
// With JavaScript, that page and its open picker pass axe.
func TestHelpFormSwitchesLanguageWithoutJavaScript(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	l := start(t, "-demo")
	ctx := tab(t)
	do(t, ctx, withoutJavaScript)
	do(t, ctx,
		chromedp.Navigate(l.URL+"/ar/help?from=home"),
		chromedp.WaitVisible(css(`#f-message`)),
		chromedp.SendKeys(css(`#f-dossier`), "10000001"),
		chromedp.SetValue(css(`#f-birth_date`), "1990-01-01"),
	)
	follow(t, ctx, `#form-escalation button[type="submit"]`, `#f-message-error`)
	// Enter in a field: the form is sent again, in Arabic.
	mark := leave(t, ctx)
	do(t, ctx, chromedp.Focus(css(`#f-dossier`)), chromedp.KeyEvent("\r"))
	waitPage(t, ctx, mark, `#f-message-error`)
	if lang, dir := htmlLangDir(t, ctx); lang != "ar" || dir != "rtl" {
		t.Fatalf("Enter in a field switched the language to %s %s", lang, dir)
	}
	do(t, ctx, chromedp.Click(css(`.lang-picker summary`)))
	follow(t, ctx, `.lang-picker button[value="ti"]`, `html[lang="ti"] #f-message-error`)
	got := eval[map[string]string](t, ctx, `({path: location.pathname + location.search, dossier: document.getElementById('f-dossier').value,
		birth: document.getElementById('f-birth_date').value, from: document.querySelector('input[name="from"]').value})`)
	if got["path"] != "/ti/help" || got["dossier"] != "1000 0001" || got["birth"] != "1990-01-01" || got["from"] != "home" {
		t.Errorf("after the switch to Tigrinya: %v", got)
	}
	// axe needs JavaScript: the same page with it, the picker open.
	js := tab(t)
	do(t, js, chromedp.Navigate(l.URL+"/ti/help?from=home"), chromedp.WaitVisible(css(`#f-message`)))
	follow(t, js, `#form-escalation button[type="submit"]`, `#f-message-error`)
	do(t, js, chromedp.Click(css(`.lang-picker summary`)), chromedp.WaitVisible(css(`.lang-picker button[value="ar"]`)))
	checkAxe(t, js, "ti help form with errors, its language picker open")
}
