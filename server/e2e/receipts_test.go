package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/server/receipts"
	"loket/server/store"
)

// issueReceipt records a booking confirmation in a data file before any
// server opens it, the way a booking flow would, and returns the receipt
// and its token.
func issueReceipt(t *testing.T, data string) (receipts.Receipt, string) {
	t.Helper()
	s, err := store.Open(data, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	keys, err := receipts.OpenKeyring(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := receipts.New(s, keys, receipts.Config{BaseURL: "http://loket.test"})
	if err != nil {
		t.Fatal(err)
	}
	r, token, err := svc.Issue(ctx, receipts.Input{Kind: receipts.KindBookingConfirmed, Reference: "K7M-4QX2",
		At: time.Now().Add(72 * time.Hour), OfficeID: "brussels-north", Fields: map[string]string{"procedure": "family", "desk": "7"}})
	if err != nil {
		t.Fatal(err)
	}
	return r, token
}

// forge flips one bit in the middle of a token's signature.
func forge(t *testing.T, token string) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-30] ^= 0x04
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestReceiptVerificationPages(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	_, token := issueReceipt(t, data)
	l := startOn(t, data)
	ctx := tab(t)
	for _, lang := range []string{"en", "ar"} {
		url := l.URL + "/" + lang + "/r/" + token
		do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(css(".receipt-genuine h1")))
		if l, d := htmlLangDir(t, ctx); l != lang || (lang == "ar") != (d == "rtl") {
			t.Errorf("%s: lang %s dir %s", url, l, d)
		}
		if ref := eval[string](t, ctx, `document.querySelector('.receipt-fields bdi[dir="ltr"]').textContent`); ref != "K7M-4QX2" {
			t.Errorf("%s: reference %q", url, ref)
		}
		checkAxe(t, ctx, url)
	}
	url := l.URL + "/en/r/" + forge(t, token)
	do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(css(".receipt-invalid h1")))
	if body := eval[string](t, ctx, `document.body.innerText`); strings.Contains(body, "K7M-4QX2") {
		t.Error("a forged token's page shows the reference")
	}
	checkAxe(t, ctx, url)
	do(t, ctx, chromedp.Navigate(l.URL+"/kiosk/ar/r/"+token), chromedp.WaitVisible(css(".receipt-genuine h1")))
	checkAxe(t, ctx, "/kiosk/ar/r/{token}")
}

// TestVerifyFormLikeAScanner types the QR code's link into the form and
// presses Enter, as a USB scanner does, on the phone and on the kiosk.
func TestVerifyFormLikeAScanner(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	_, token := issueReceipt(t, data)
	l := startOn(t, data)
	ctx := tab(t)
	// The footer of every phone page leads to the form.
	do(t, ctx, chromedp.Navigate(l.URL+"/fa/"), chromedp.Click(css(`.site-footer a[href="/fa/verify"]`)),
		chromedp.WaitVisible(css(`input[name="code"]`)))
	checkAxe(t, ctx, "/fa/verify")
	for _, shell := range []string{"", "/kiosk"} {
		do(t, ctx, chromedp.Navigate(l.URL+shell+"/en/verify"),
			chromedp.SendKeys(css(`input[name="code"]`), "http://loket.test/r/"+token+"\r"))
		waitFor(t, ctx, `location.pathname === '`+shell+`/en/r/`+token+`'`, 10*time.Second)
		do(t, ctx, chromedp.WaitVisible(css(".receipt-genuine h1")))
		// Something that is not a receipt code shows the form's errors.
		do(t, ctx, chromedp.Navigate(l.URL+shell+"/en/verify"),
			chromedp.SendKeys(css(`input[name="code"]`), "my receipt\r"),
			chromedp.WaitVisible(css(".error-summary")))
		checkAxe(t, ctx, shell+"/en/verify with errors")
	}
}

// TestReceiptPDFCarriesItsQRCode downloads the PDF through the API in the
// browser and reads the QR code back from the rendered page.
func TestReceiptPDFCarriesItsQRCode(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	r, token := issueReceipt(t, data)
	l := startOn(t, data)
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(l.URL+"/nl/"))
	for _, format := range []string{"a4", "80mm"} {
		b64 := eval[string](t, ctx, `fetch('/api/v1/receipts/`+r.ID+`.pdf?format=`+format+`&token=`+token+`')
			.then(res => { if (res.status !== 200 || res.headers.get('content-type') !== 'application/pdf') throw new Error('status ' + res.status); return res.arrayBuffer() })
			.then(buf => { let s = ''; for (const c of new Uint8Array(buf)) s += String.fromCharCode(c); return btoa(s) })`)
		pdf, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
			t.Fatalf("%s: not a PDF (%v)", format, err)
		}
		got := readQR(t, pdf)
		if !strings.HasSuffix(got, "/r/"+token) {
			t.Errorf("%s: QR code holds %q, want a link ending in /r/%s", format, got, token)
		}
	}
}

// readQR renders a PDF's first page and decodes its QR code with
// pdftoppm and zbarimg; without them the test skips (fails in CI).
func readQR(t *testing.T, pdf []byte) string {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is required in CI (apt-get install poppler-utils zbar-tools)", tool)
			}
			t.Skipf("no %s (apt-get install poppler-utils zbar-tools)", tool)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "receipt.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	out, err := exec.Command("zbarimg", "--quiet", "--raw", filepath.Join(dir, "page.png")).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	return strings.TrimSpace(string(out))
}
