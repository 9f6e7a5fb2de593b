package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestHelpFormSolvesTheProofPastTheBudget is issue 14 item 5 in a real
// browser: once the address has spent its budget of help requests
// (-write-limit 0: from the start), the form carries the proof-of-work box;
// pow.js fetches and solves a challenge and the request goes through.
func TestHelpFormSolvesTheProofPastTheBudget(t *testing.T) {
	l := start(t, "-demo", "-write-limit", "0")
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/ar/help"), chromedp.WaitVisible(css(`.pow-form #f-message`)))
	checkAxe(t, ctx, "ar help form with the proof-of-work box")
	do(t, ctx, chromedp.SetValue(css(`#f-category`), "other"), chromedp.SetValue(css(`#f-message`), "مرحبا"))
	eval[bool](t, ctx, `window.__old = true`)
	do(t, ctx, chromedp.Click(css(`#form-escalation button[type="submit"]`)))
	// The solve takes a phone a moment, longer on a busy test machine.
	waitFor(t, ctx, `!window.__old && document.readyState === 'complete'`, 60*time.Second)
	do(t, ctx, chromedp.WaitVisible(css(`#help-reference`)))
}
