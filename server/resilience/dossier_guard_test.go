package resilience

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// visitor is one client address (given to the server through
// X-Forwarded-For from a trusted proxy) with its own cookies.
type visitor struct {
	t    *testing.T
	base string
	addr string
	c    *http.Client
}

func newVisitor(t *testing.T, p *proc, addr string) *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{t: t, base: p.URL, addr: addr, c: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (v *visitor) do(method, path, contentType string, body []byte) (int, string) {
	v.t.Helper()
	req, err := http.NewRequest(method, v.base+path, bytes.NewReader(body))
	if err != nil {
		v.t.Fatal(err)
	}
	req.Header.Set("X-Forwarded-For", v.addr)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := v.c.Do(req)
	if err != nil {
		v.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (v *visitor) json(path string, body any) (int, string) {
	b, _ := json.Marshal(body)
	return v.do(http.MethodPost, path, "application/json", b)
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// form posts a form the way a browser does: the page first, for its token.
func (v *visitor) form(path string, form url.Values) (int, string) {
	v.t.Helper()
	return v.formFrom(path, path, form)
}

// formFrom posts form to path with the token of the page at from.
func (v *visitor) formFrom(from, path string, form url.Values) (int, string) {
	v.t.Helper()
	_, page := v.do(http.MethodGet, from, "", nil)
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		v.t.Fatalf("no form token on %s", from)
	}
	form.Set("_csrf", html.UnescapeString(m[1]))
	return v.do(http.MethodPost, path, "application/x-www-form-urlencoded", []byte(form.Encode()))
}

// TestDossierSecretHasOneGuard is issue 14 item 4 against the real server:
// every path that checks a dossier number with a secret shares one
// per-address budget, the help form is no oracle, and a stranger's wrong
// answers lock only the stranger.
func TestDossierSecretHasOneGuard(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	p := run(t, data, append(benchFlags, "-demo", "-trusted-proxies", "127.0.0.1",
		"-lookup-limit", "4", "-dossier-failures", "3")...)

	// The attacker spends their address's lookup budget on the status API...
	attacker := newVisitor(t, p, "198.51.100.7")
	for _, n := range []string{"20000001", "20000002", "20000003", "20000004"} {
		if code, _ := attacker.json("/api/v1/status/lookup", map[string]string{"dossier": n, "birth_date": "1990-01-01"}); code != 404 {
			t.Fatalf("lookup of %s: %d, want 404", n, code)
		}
	}
	if code, _ := attacker.json("/api/v1/status/lookup", map[string]string{"dossier": "10000001", "birth_date": "1990-01-01"}); code != 429 {
		t.Fatalf("lookup over the budget: %d, want 429", code)
	}
	// ...then asks the help form, with a wrong and with the right birth
	// date: both answers must be the same.
	help := func(birth string) (int, string) {
		code, page := attacker.form("/en/help", url.Values{"category": {"status"}, "message": {"Where is my card?"},
			"lang": {"en"}, "contact": {"app"}, "dossier": {"10000001"}, "birth_date": {birth}})
		return code, page
	}
	wrongCode, wrongPage := help("1970-01-01")
	rightCode, rightPage := help("1990-01-01")
	if wrongCode != rightCode || strings.Contains(wrongPage, `id="f-dossier-error"`) != strings.Contains(rightPage, `id="f-dossier-error"`) {
		t.Errorf("the help form tells a wrong birth date (%d) from the right one (%d)", wrongCode, rightCode)
	}
	if rightCode != 200 {
		t.Errorf("help request with a dossier: %d, want 200 (recorded)", rightCode)
	}
	// A booking for a dossier is checked against the same budget.
	office, service, _, starts := demoSlots(t, p)
	booking := func(v *visitor, start time.Time, number, birth string) (int, string) {
		return v.json("/api/v1/bookings", map[string]any{"office": office, "service": service, "start": start.Format(time.RFC3339),
			"dossier": number, "birth_date": birth})
	}
	if code, body := booking(newVisitor(t, p, "192.0.2.30"), starts[0], "10000001", "1990-01-01"); code != 201 {
		t.Fatalf("booking for a dossier from a fresh address: %d %s", code, body)
	}
	if code, body := booking(attacker, starts[1], "10000011", "1983-11-11"); code != 422 || !strings.Contains(body, `"field":"dossier"`) {
		t.Errorf("booking for a dossier over the lookup budget: %d %s, want 422 on the dossier", code, body)
	}

	// A stranger's wrong answers lock the stranger only.
	stranger := newVisitor(t, p, "203.0.113.5")
	for _, birth := range []string{"1970-01-01", "1970-01-02", "1970-01-03"} {
		if code, _ := stranger.json("/api/v1/status/lookup", map[string]string{"dossier": "10000002", "birth_date": birth}); code != 404 {
			t.Fatalf("wrong birth date: %d, want 404", code)
		}
	}
	code, page := stranger.form("/en/status", url.Values{"dossier": {"10000002"}, "birth_date": {"1985-05-05"}})
	if code != 423 {
		t.Errorf("the stranger after 3 wrong answers: %d, want 423", code)
	}
	for _, way := range []string{`href="/en/help?from=status_locked"`, `href="/en/contact"`} {
		if !strings.Contains(page, way) {
			t.Errorf("the locked page offers no way forward: no %s", way)
		}
	}
	if code, body := newVisitor(t, p, "192.0.2.44").json("/api/v1/status/lookup", map[string]string{"dossier": "10000002", "birth_date": "1985-05-05"}); code != 200 {
		t.Errorf("the applicant from their own address: %d %s, want 200 (a stranger locked them out)", code, body)
	}
}
