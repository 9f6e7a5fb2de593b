package e2e

import (
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// publicPage fetches a public page as an applicant would.
func publicPage(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// TestContentEditorEditPreviewReviewPublishRevert plays the content
// editor: an account with the editor role (loket user add) signs in, opens
// the Arabic reception page beside its English source, types (the live
// preview follows), saves a draft (not yet public), publishes it (public at
// once, with the "not yet checked" notice), marks it reviewed (the notice
// goes), and reverts to the shipped text. The editor passes axe-core.
func TestContentEditorEditPreviewReviewPublishRevert(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := t.TempDir() + "/loket.db"
	const email, password = "editor@example.be", "correct horse battery staple"
	add := exec.Command(binary, "user", "add", "-data", data, "-email", email, "-role", "editor", "-password-stdin")
	add.Stdin = strings.NewReader(password + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	l := startOn(t, data, "-demo")
	const marker = "نص جديد من المحرر"
	if strings.Contains(publicPage(t, l.URL+"/ar/info/reception"), marker) {
		t.Fatal("marker already on the page")
	}

	ed := tab(t)
	staffSignIn(t, ed, l.URL, email, password)
	do(t, ed, chromedp.Navigate(l.URL+"/en/staff/content?lang=ar"), chromedp.WaitVisible(css(`a[href*="key=reception"]`)))
	checkAxe(t, ed, "en content index")
	clickAndLoad(t, ed, `a[href*="kind=page"][href*="key=reception"]`)
	do(t, ed, chromedp.WaitVisible(css(`#editor-body`)))
	if src := eval[string](t, ed, `document.querySelector('.editor-source').textContent`); !strings.Contains(src, "Reception during your asylum procedure") {
		t.Fatalf("English source not beside the translation: %.80s", src)
	}
	if dir := eval[string](t, ed, `document.querySelector('#editor-body').dir`); dir != "rtl" {
		t.Errorf("Arabic text box dir %q", dir)
	}
	checkAxe(t, ed, "en content editor")

	// Type: the live preview follows.
	do(t, ed, chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelector('#editor-body');
		b.value = b.value.replace(/\n\n/, '\n\n`+marker+`\n\n'); b.dispatchEvent(new Event('input')); })()`))
	waitFor(t, ed, `document.querySelector('#editor-preview').textContent.includes('`+marker+`')`, 10*time.Second)
	do(t, ed, chromedp.SetValue(css(`#editor-note`), "e2e"))
	clickAndLoad(t, ed, `button[value="save"]`)
	waitFor(t, ed, `document.querySelector('.editor-history li') !== null && document.body.textContent.includes('Saved as version 1')`, 10*time.Second)
	if strings.Contains(publicPage(t, l.URL+"/ar/info/reception"), marker) {
		t.Fatal("a draft is public")
	}

	clickAndLoad(t, ed, `button[value="publish"]`)
	waitFor(t, ed, `document.body.textContent.includes('Version 1 is now live.')`, 10*time.Second)
	page := publicPage(t, l.URL+"/ar/info/reception")
	if !strings.Contains(page, marker) || !strings.Contains(page, `class="unreviewed"`) {
		t.Fatal("published text not public, or the notice missing before review")
	}

	clickAndLoad(t, ed, `button[value="review"]`)
	waitFor(t, ed, `document.body.textContent.includes('Version 1 is marked as reviewed.')`, 10*time.Second)
	if page := publicPage(t, l.URL+"/ar/info/reception"); strings.Contains(page, `class="unreviewed"`) || !strings.Contains(page, marker) {
		t.Error("the reviewed text still shows the 'not yet checked' notice")
	}
	if diff := eval[string](t, ed, `document.querySelector('.editor-diff').textContent`); strings.Contains(diff, "+ ") {
		t.Errorf("live text and editor differ after publishing: %.200s", diff)
	}

	// Revert to the shipped text: the public page is as before.
	clickAndLoad(t, ed, `.editor-history li:last-child button[value="revert"]`)
	waitFor(t, ed, `document.body.textContent.includes('is live again')`, 10*time.Second)
	if strings.Contains(publicPage(t, l.URL+"/ar/info/reception"), marker) {
		t.Error("revert left the edited text public")
	}
	if n := eval[int](t, ed, `document.querySelectorAll('.editor-history li').length`); n != 3 {
		t.Errorf("history has %d entries, want 2 versions and the shipped text", n)
	}
}
