package e2e

import (
	"bytes"
	"context"
	"encoding/base32"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"loket/server/accounts"
	"loket/server/demo"
	"loket/server/refcode"
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

// fetched is what fetch() in the page got back.
type fetched struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Body   []byte `json:"body"` // base64 in JSON
}

// fetchInPage fetches a URL from the page open in ctx, with its cookies,
// as a link the user follows would.
func fetchInPage(t *testing.T, ctx context.Context, url string) fetched {
	t.Helper()
	s := eval[string](t, ctx, `fetch(`+jsString(url)+`, {credentials: 'same-origin'}).then(async res => {
		const buf = new Uint8Array(await res.arrayBuffer()); let s = '';
		for (const c of buf) s += String.fromCharCode(c);
		return JSON.stringify({status: res.status, type: res.headers.get('content-type') || '', body: btoa(s)}) })`)
	var f fetched
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		t.Fatalf("fetch %s: %v", url, err)
	}
	return f
}

// pdfText extracts a PDF's text with pdftotext; without it the test
// skips (fails in CI).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is required in CI (apt-get install poppler-utils)")
		}
		t.Skip("no pdftotext (apt-get install poppler-utils)")
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// message reads one message of a language's catalog, as the pages print it.
func message(t *testing.T, lang, key string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "translations", lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var cat struct {
		Messages map[string]json.RawMessage `json:"messages"`
	}
	var s string
	if err := json.Unmarshal(b, &cat); err != nil || json.Unmarshal(cat.Messages[key], &s) != nil || s == "" {
		t.Fatalf("%s %s: no message (%v)", lang, key, err)
	}
	return s
}

// addUser creates an account in a data file no server holds.
func addUser(t *testing.T, data, email, role, password string, flags ...string) {
	t.Helper()
	add := exec.Command(binary, append([]string{"user", "add", "-data", data, "-email", email, "-role", role, "-password-stdin"}, flags...)...)
	add.Stdin = strings.NewReader(password + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
}

// municipalitySignIn signs a municipality account in with its second
// factor: at the first sign-in it enrols (the code is computed from the
// secret the page shows) and keeps the recovery codes; later sign-ins use
// one of those, since a TOTP code of the same 30 seconds is refused.
// recovery holds the unused codes by e-mail address.
func municipalitySignIn(t *testing.T, ctx context.Context, recovery map[string][]string, base, lang, email, password string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/"+lang+"/staff/signin"),
		chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), email),
		chromedp.SendKeys(css("#password"), password),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css("#code")),
	)
	if eval[bool](t, ctx, `!!document.querySelector('#totp-secret')`) {
		shown := eval[string](t, ctx, `document.querySelector('#totp-secret').textContent`)
		secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(shown, " ", ""))
		if err != nil {
			t.Fatalf("secret %q: %v", shown, err)
		}
		code := accounts.TOTPCode(secret, accounts.TOTPStep(time.Now()), 6)
		do(t, ctx, chromedp.SendKeys(css("#code"), code), chromedp.KeyEvent("\r"), chromedp.WaitVisible(css(".recovery-codes")))
		recovery[email] = eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.recovery-codes code')).map(c => c.textContent.trim())`)
		do(t, ctx, chromedp.Navigate(base+"/"+lang+"/staff/"))
	} else {
		codes := recovery[email]
		if len(codes) == 0 {
			t.Fatalf("%s: no recovery code left", email)
		}
		recovery[email] = codes[1:]
		do(t, ctx, chromedp.SendKeys(css("#code"), codes[0]), chromedp.KeyEvent("\r"))
	}
	list := `a.action[href="/` + lang + `/municipality/address"]`
	waitFor(t, ctx, `!!document.querySelector(`+jsString(list)+`) && document.readyState === 'complete'`, 10*time.Second)
	do(t, ctx, chromedp.Click(css(list)), chromedp.WaitVisible(css(".muni-filter")))
}

// staffSignOut ends the staff session from the staff home page.
func staffSignOut(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/en/staff/"), chromedp.Click(css(".signout button")), chromedp.WaitVisible(css("#email")))
}

// listedRefs are the references in the municipality list on the page.
func listedRefs(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.muni-table tbody tr td:first-child bdi')).map(b => b.textContent.trim())`)
}

// exportCSV follows the list's export link and parses the CSV: the
// header row and the data rows.
func exportCSV(t *testing.T, ctx context.Context) ([]string, [][]string) {
	t.Helper()
	link := eval[string](t, ctx, `document.getElementById('muni-csv').getAttribute('href')`)
	f := fetchInPage(t, ctx, link)
	if f.Status != 200 || !strings.HasPrefix(f.Type, "text/csv") {
		t.Fatalf("export %s: %d %s", link, f.Status, f.Type)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.Body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("export %s: %v (%d rows)", link, err, len(rows))
	}
	return rows[0], rows[1:]
}

// countRef counts the CSV rows whose reference column is ref.
func countRef(rows [][]string, ref string) int {
	n := 0
	for _, r := range rows {
		if r[0] == ref {
			n++
		}
	}
	return n
}

// fillAddress fills the address notification form on the page with valid
// answers in a municipality and sends it; it returns the reference, the
// PIN and the receipt link of the confirmation.
func fillAddress(t *testing.T, ctx context.Context, surname, doc, street, postcode, muni string) (string, string, string) {
	t.Helper()
	fillAddressFields(t, ctx, surname, doc, street, postcode, muni)
	do(t, ctx, chromedp.Click(css(`#form-address_notification button[type="submit"]`)))
	return confirmation(t, ctx)
}

// fillAddressFields fills the address notification form on the page with
// valid answers in a municipality, consent ticked.
func fillAddressFields(t *testing.T, ctx context.Context, surname, doc, street, postcode, muni string) {
	t.Helper()
	today := time.Now()
	for id, v := range map[string]string{"f-surname": surname, "f-given_names": "Anna", "f-doc_number": doc, "f-street": street,
		"f-number": "3", "f-postcode": postcode, "f-birth_date": "1985-11-30", "f-entry_date": today.AddDate(0, 0, -2).Format(time.DateOnly),
		"f-departure_date": today.AddDate(0, 0, 10).Format(time.DateOnly), "f-nationality": "NO", "f-doc_type": "passport", "f-municipality": muni} {
		setField(t, ctx, id, v)
	}
	do(t, ctx, chromedp.Click(css(`#f-consent`)))
}

// confirmation waits for the address confirmation and reads it.
func confirmation(t *testing.T, ctx context.Context) (string, string, string) {
	t.Helper()
	waitFor(t, ctx, `!!document.getElementById('address-reference') && document.readyState === 'complete'`, 10*time.Second)
	ref := eval[string](t, ctx, `document.getElementById('address-reference').textContent.trim()`)
	pin := eval[string](t, ctx, `document.getElementById('address-pin').textContent.trim()`)
	link := eval[string](t, ctx, `document.getElementById('address-receipt').getAttribute('href')`)
	return ref, pin, link
}

// lookUpAddress opens the visitor's status page with a reference and PIN.
func lookUpAddress(t *testing.T, ctx context.Context, base, ref, pin string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/address/status"),
		chromedp.WaitVisible(css(`#f-reference`)),
		chromedp.SendKeys(css(`#f-reference`), strings.ToLower(ref)),
		chromedp.SendKeys(css(`#f-pin`), pin),
		chromedp.Click(css(`#form-address_status button[type="submit"]`)),
	)
	waitFor(t, ctx, `!!document.querySelector('.address-facts') && document.readyState === 'complete'`, 10*time.Second)
	if got := eval[string](t, ctx, `document.querySelector('.address-facts bdi').textContent`); got != ref {
		t.Errorf("status page shows %q, want %q", got, ref)
	}
}

// checkReceipt downloads the receipt PDF the confirmation links to, reads
// its QR code, opens the link it holds and checks the page calls it
// genuine with the reference, and a token with one character changed
// not genuine.
func checkReceipt(t *testing.T, ctx context.Context, server, link, ref, label string) {
	t.Helper()
	f := fetchInPage(t, ctx, link)
	if f.Status != 200 || f.Type != "application/pdf" || !bytes.HasPrefix(f.Body, []byte("%PDF-")) {
		t.Fatalf("%s receipt: %d %s %.8q", label, f.Status, f.Type, f.Body)
	}
	if text := pdfText(t, f.Body); !strings.Contains(text, ref) {
		t.Errorf("%s receipt text lacks %s: %q", label, ref, text)
	}
	qr := readQR(t, f.Body)
	token, ok := strings.CutPrefix(qr, server+"/r/")
	if !ok || token == "" || strings.ContainsAny(token, "/?#") {
		t.Fatalf("%s QR code holds %q, want %s/r/{token}", label, qr, server)
	}
	do(t, ctx, chromedp.Navigate(qr), chromedp.WaitVisible(css(".receipt-genuine h1")))
	if fields := eval[string](t, ctx, `document.querySelector('.receipt-fields').textContent`); !strings.Contains(fields, ref) {
		t.Errorf("%s verification page lacks %s: %q", label, ref, fields)
	}
	checkAxe(t, ctx, label+" receipt verification")
	// One character changed in the middle of the token.
	b := []byte(token)
	i := len(b) / 2
	b[i] = map[bool]byte{true: 'B', false: 'A'}[b[i] == 'A']
	do(t, ctx, chromedp.Navigate(server+"/r/"+string(b)), chromedp.WaitVisible(css(".receipt-verdict h1")))
	if eval[bool](t, ctx, `!!document.querySelector('.receipt-genuine')`) || strings.Contains(eval[string](t, ctx, `document.body.innerText`), ref) {
		t.Errorf("%s: a token with one character changed is genuine or shows the reference", label)
	}
	checkAxe(t, ctx, label+" changed receipt")
}

// TestAddressNotificationPhoneAndKiosk is issue 8's "done when" in the
// browser. A visitor fills the address notification on the phone layout
// in Ukrainian and on the kiosk in Arabic, in Elsene: first with a name
// in Cyrillic or Arabic script and a postcode of another municipality,
// which must give field errors and keep the other answers, then
// corrected, which must give the confirmation with a reference, a PIN and
// the receipt. The receipt PDF holds the reference and a QR code whose
// link opens a page that calls it genuine (and a changed token not). The
// demo municipality user (Brussel and Elsene) finds it in the list
// filtered by day, opens it, exports it once in CSV without another
// municipality's notification, marks it checked (Ukrainian run) or asks
// the visitor to come in (Arabic run), reads the mark with their address
// in the notification's history, goes back to the list through the staff
// menu (which offers the clerk's pages only) and filters it by status; the
// visitor's status page says so. A user of Gent sees its own notification but neither of these: not
// in its list, not in its export, and their detail pages answer as a
// reference that does not exist. Every page passes axe-core.
func TestAddressNotificationPhoneAndKiosk(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	const gentEmail, gentPassword = "bevolking@gent.example.be", "correct horse battery staple"
	addUser(t, data, gentEmail, "municipality", gentPassword, "-municipalities", "gent")
	l := startOn(t, data, "-demo")
	brussels, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now()
	entry := today.AddDate(0, 0, -5).Format(time.DateOnly)
	departure := today.AddDate(0, 0, 20).Format(time.DateOnly)
	day := today.In(brussels).Format(time.DateOnly)

	// A notification in Gent, which Brussel and Elsene must never see.
	const gentSurname, gentDoc, gentStreet = "Haugland", "NQ7731904", "Veldstraat"
	phone := tab(t)
	do(t, phone, chromedp.Navigate(l.URL+"/en/address"), chromedp.WaitVisible(css(`#form-address_notification`)))
	gentRef, _, _ := fillAddress(t, phone, gentSurname, gentDoc, gentStreet, "9000", "gent")
	if !e2eRef.MatchString(gentRef) {
		t.Fatalf("Gent notification: reference %q", gentRef)
	}

	var made []string
	recovery := map[string][]string{}
	for _, tc := range []struct {
		lang, shell, script, dir string
		mark, staffLang          string
	}{
		{"uk", "", "Коваленко", "ltr", "checked", "en"},
		{"ar", "/kiosk", "كوفالينكو", "rtl", "come_in", "ar"},
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
				showAllSteps,
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
			waitFor(t, ctx, `!!document.querySelector('.error-summary') && document.readyState === 'complete'`, 10*time.Second)
			for _, id := range []string{"f-surname-error", "f-postcode-error"} {
				if !eval[bool](t, ctx, `!!document.getElementById('`+id+`')`) {
					t.Errorf("no error for %s", id)
				}
			}
			kept := eval[[]string](t, ctx, `['f-street','f-doc_number','f-nationality','f-municipality','f-departure_date'].map(id => document.getElementById(id).value)`)
			shown := departure
			if tc.shell == "/kiosk" { // the kiosk shows dates as the language writes them
				d, _ := time.Parse(time.DateOnly, departure)
				shown = d.Format("02/01/2006")
			}
			if strings.Join(kept, "|") != "Rue du Trône|FE123456|UA|elsene|"+shown {
				t.Errorf("answers not kept: %v", kept)
			}
			checkAxe(t, ctx, tc.lang+tc.shell+" form with errors")

			setField(t, ctx, "f-surname", "")
			setField(t, ctx, "f-postcode", "")
			do(t, ctx,
				showAllSteps,
				chromedp.SendKeys(css(`#f-surname`), "Kovalenko"),
				chromedp.SendKeys(css(`#f-postcode`), "1050"),
				chromedp.Click(css(`#form-address_notification button[type="submit"]`)),
			)
			ref, pin, link := confirmation(t, ctx)
			if !e2eRef.MatchString(ref) || len(pin) != 6 || !strings.HasPrefix(link, "/"+tc.lang+"/api/v1/receipts/") || !strings.Contains(link, "token=") {
				t.Fatalf("confirmation: reference %q, PIN %q, receipt %q", ref, pin, link)
			}
			made = append(made, ref)
			checkAxe(t, ctx, tc.lang+tc.shell+" confirmation")
			checkReceipt(t, ctx, l.URL, link, ref, tc.lang+tc.shell)

			lookUpAddress(t, ctx, base, ref, pin)
			checkAxe(t, ctx, tc.lang+tc.shell+" status")

			// The municipality: the list filtered by day, the detail, the
			// export, the mark.
			staff := tab(t)
			municipalitySignIn(t, staff, recovery, l.URL, tc.staffLang, "municipality@demo.loket.invalid", demo.Password)
			setField(t, staff, "f-from", day)
			setField(t, staff, "f-to", day)
			clickAndLoad(t, staff, `.muni-filter button[type="submit"]`)
			if refs := listedRefs(t, staff); !slices.Contains(refs, ref) || slices.Contains(refs, gentRef) {
				t.Errorf("list of %s: %v, want %s and not %s", day, refs, ref, gentRef)
			}
			checkAxe(t, staff, tc.staffLang+" municipality list")
			screenshot(t, staff, tc.staffLang+"-municipality-list")
			header, rows := exportCSV(t, staff)
			if header[0] != "reference" || !slices.Contains(header, "surname") || countRef(rows, ref) != 1 {
				t.Errorf("export: header %v, %s in %d rows", header, ref, countRef(rows, ref))
			}
			for _, r := range rows {
				if len(r) != len(header) || (r[2] != "brussel" && r[2] != "elsene") ||
					slices.ContainsFunc(r, func(v string) bool { return v == gentRef || v == gentSurname || v == gentDoc || v == gentStreet }) {
					t.Errorf("export row of another municipality: %v", r)
				}
			}
			// The day before shows nothing of today.
			setField(t, staff, "f-from", today.In(brussels).AddDate(0, 0, -1).Format(time.DateOnly))
			setField(t, staff, "f-to", today.In(brussels).AddDate(0, 0, -1).Format(time.DateOnly))
			clickAndLoad(t, staff, `.muni-filter button[type="submit"]`)
			if refs := listedRefs(t, staff); slices.Contains(refs, ref) {
				t.Errorf("the day before lists %s", ref)
			}
			if _, rows := exportCSV(t, staff); countRef(rows, ref) != 0 {
				t.Errorf("the day before exports %s", ref)
			}

			do(t, staff, chromedp.Navigate(l.URL+"/"+tc.staffLang+"/municipality/address?from="+day), chromedp.WaitVisible(css(".muni-table")))
			clickAndLoad(t, staff, `.muni-table a[href$="/`+ref+`"]`)
			if got := eval[string](t, staff, `document.querySelector('.address-facts').textContent`); !strings.Contains(got, "Kovalenko") || !strings.Contains(got, "FE123456") {
				t.Errorf("detail of %s: %q", ref, got)
			}
			checkAxe(t, staff, tc.staffLang+" municipality detail")
			screenshot(t, staff, tc.staffLang+"-municipality-detail")
			clickAndLoad(t, staff, map[string]string{"checked": "#muni-checked", "come_in": "#muni-come-in"}[tc.mark])
			if got, want := eval[string](t, staff, `document.getElementById('muni-status').textContent.trim()`), message(t, tc.staffLang, "municipality.address.status."+tc.mark); got != want {
				t.Errorf("status after marking: %q, want %q", got, want)
			}
			// The history names the mark and the clerk who made it.
			history := eval[[]string](t, staff, `Array.from(document.querySelectorAll('.muni-history li')).map(li => li.textContent)`)
			if len(history) < 2 || !strings.Contains(history[len(history)-1], message(t, tc.staffLang, "municipality.address.history."+tc.mark)) ||
				!strings.Contains(history[len(history)-1], "municipality@demo.loket.invalid") {
				t.Errorf("history after marking: %q", history)
			}
			checkAxe(t, staff, tc.staffLang+" municipality detail with its history")
			// Back to the list through the staff menu, which offers the
			// clerk's pages only, then the list filtered by status.
			menuList := `header nav a[href="/` + tc.staffLang + `/municipality/address"]`
			clickAndLoad(t, staff, menuList)
			if cur := eval[string](t, staff, `document.querySelector(`+jsString(menuList)+`).getAttribute('aria-current') || ''`); cur != "page" {
				t.Errorf("the menu does not mark the list as the current page: %q", cur)
			}
			if n := eval[int](t, staff, `document.querySelectorAll('header nav a[href*="/staff/inbox"], header nav a[href*="/staff/desk"], header nav a[href*="/staff/lawyer"]').length`); n != 0 {
				t.Errorf("the municipality's menu links %d pages of other roles", n)
			}
			for _, status := range []string{tc.mark, "new"} {
				setField(t, staff, "f-from", day)
				setField(t, staff, "f-to", day)
				setField(t, staff, "f-status", status)
				clickAndLoad(t, staff, `.muni-filter button[type="submit"]`)
				if refs := listedRefs(t, staff); slices.Contains(refs, ref) != (status == tc.mark) {
					t.Errorf("list of status %s: %v", status, refs)
				}
			}
			checkAxe(t, staff, tc.staffLang+" municipality list by status")
			staffSignOut(t, staff, l.URL)

			// The visitor sees it.
			lookUpAddress(t, ctx, base, ref, pin)
			if got, want := eval[string](t, ctx, `document.querySelector('main [role="status"]:not(#sync-state)').textContent.trim()`), message(t, tc.lang, "address.status.status."+tc.mark); got != want {
				t.Errorf("visitor's status after %s: %q, want %q", tc.mark, got, want)
			}
			checkAxe(t, ctx, tc.lang+tc.shell+" status after "+tc.mark)
		})
	}
	if len(made) != 2 {
		t.Fatalf("notifications made: %v", made)
	}

	// Gent sees its own notification and nothing of Elsene's.
	staff := tab(t)
	municipalitySignIn(t, staff, recovery, l.URL, "en", gentEmail, gentPassword)
	refs := listedRefs(t, staff)
	if !slices.Contains(refs, gentRef) || slices.ContainsFunc(refs, func(r string) bool { return slices.Contains(made, r) }) {
		t.Errorf("Gent's list: %v, want %s and none of %v", refs, gentRef, made)
	}
	_, rows := exportCSV(t, staff)
	if countRef(rows, gentRef) != 1 {
		t.Errorf("Gent's export has %s %d times", gentRef, countRef(rows, gentRef))
	}
	for _, r := range rows {
		if slices.Contains(made, r[0]) || slices.Contains(r, "Kovalenko") || slices.Contains(r, "FE123456") {
			t.Errorf("Gent's export holds Elsene's notification: %v", r)
		}
	}
	requestID := regexp.MustCompile(`<p class="request-id">.*?</p>`)
	missing, err := refcode.New('A')
	if err != nil {
		t.Fatal(err)
	}
	// The answer, without the request id and with the reference in its
	// links replaced, is the same as for a reference nobody made.
	page := func(ref string) fetched {
		f := fetchInPage(t, staff, "/en/municipality/address/"+ref)
		f.Body = bytes.ReplaceAll(requestID.ReplaceAll(f.Body, nil), []byte(ref), []byte("{ref}"))
		return f
	}
	none := page(missing.String())
	for _, ref := range made {
		if got := page(ref); got.Status != 404 || got.Status != none.Status || !bytes.Equal(got.Body, none.Body) {
			t.Errorf("Gent opens %s: %d, a missing reference: %d; the pages differ: %v", ref, got.Status, none.Status, !bytes.Equal(got.Body, none.Body))
		}
	}
	// Nor can Gent mark one: the form of its own notification, sent for
	// Elsene's.
	do(t, staff, chromedp.Navigate(l.URL+"/en/municipality/address/"+gentRef), chromedp.WaitVisible(css("#muni-checked")))
	st := eval[int](t, staff, `fetch(`+jsString("/en/municipality/address/"+made[0]+"/status")+`, {method: 'POST',
		body: new URLSearchParams({_csrf: document.querySelector('input[name="_csrf"]').value, status: 'come_in'})}).then(r => r.status)`)
	if st != 404 {
		t.Errorf("Gent marks Elsene's %s: %d, want 404", made[0], st)
	}
}
