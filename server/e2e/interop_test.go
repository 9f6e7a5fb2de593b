package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"loket/server/apidoc/apicheck"
)

// needTool finds an external program; without it the test skips, unless
// CI=true, where a missing tool is a failure.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required when CI=true (Debian: %s)", name, pkg)
		}
		t.Skipf("%s not installed (Debian: %s)", name, pkg)
	}
	return p
}

// apiJSON sends a JSON request with client and decodes the JSON answer
// into out.
func apiJSON(t *testing.T, client *http.Client, method, u string, body any, header http.Header, out any) int {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		b, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d %s", method, u, res.StatusCode, b)
		}
	}
	return res.StatusCode
}

// TestPublishedFormatsWithIndependentClients books an appointment through
// the API with the proof-of-work client written from docs/proof-of-work.md
// alone, downloads its receipt, reads the token from the QR code with zbar
// and verifies it with the verifier written from docs/receipt-token.md
// alone, against the keys the server publishes; both must agree with the
// server's own verdict, before and after the booking is cancelled, and on
// a forged copy. Every API answer on the way is checked against the
// OpenAPI document.
func TestPublishedFormatsWithIndependentClients(t *testing.T) {
	node := needTool(t, "node", "nodejs")
	zbarimg := needTool(t, "zbarimg", "zbar-tools")
	pdftoppm := needTool(t, "pdftoppm", "poppler-utils")
	l := start(t, "-demo")
	chk, err := apicheck.New()
	if err != nil {
		t.Fatal(err)
	}
	api := &http.Client{Transport: chk.Transport(nil)}
	examples := filepath.Join("..", "..", "docs", "examples")

	var slots struct {
		Days []struct {
			Slots []struct {
				Start string `json:"start"`
			} `json:"slots"`
		} `json:"days"`
	}
	apiJSON(t, api, "GET", l.URL+"/api/v1/slots?office=demo-brussels&service=information_interview", nil, nil, &slots)
	start := ""
	for _, d := range slots.Days {
		if len(d.Slots) > 0 {
			start = d.Slots[0].Start
			break
		}
	}
	if start == "" {
		t.Fatal("no free slot at the demo office")
	}

	var ch struct {
		Token string `json:"token"`
		Bits  int    `json:"bits"`
	}
	apiJSON(t, api, "GET", l.URL+"/api/v1/bookings/challenge", nil, nil, &ch)
	var out []byte
	out, err = exec.Command(node, filepath.Join(examples, "proof-of-work.mjs"), "solve", ch.Token, strconv.Itoa(ch.Bits)).Output()
	if err != nil {
		t.Fatalf("node solve: %v", err)
	}
	var conf struct {
		Reference string `json:"reference"`
		PIN       string `json:"pin"`
	}
	if code := apiJSON(t, api, "POST", l.URL+"/api/v1/bookings", map[string]string{"office": "demo-brussels",
		"service": "information_interview", "start": start, "idempotency_key": "interop-1",
		"pow_token": ch.Token, "pow_solution": strings.TrimSpace(string(out))}, nil, &conf); code != 201 {
		t.Fatalf("booking with the Node client's proof of work: %d %+v", code, conf)
	}

	// The receipt as a person downloads it, and the token in its QR code.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: chk.Transport(nil)}
	res, err := client.Get(l.URL + "/en/appointments/manage")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(page)
	if csrf == nil {
		t.Fatal("no CSRF token on the manage page")
	}
	res, err = client.PostForm(l.URL+"/en/appointments/receipt", url.Values{"_csrf": {string(csrf[1])},
		"reference": {conf.Reference}, "pin": {conf.PIN}, "format": {"a4"}})
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(res.Body)
	res.Body.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "r.pdf"), pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-png", "-r", "300", "-singlefile", filepath.Join(dir, "r.pdf"), filepath.Join(dir, "r")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	link, err := exec.Command(zbarimg, "-q", "--nodbus", "--raw", filepath.Join(dir, "r.png")).Output()
	if err != nil {
		t.Fatalf("no QR code on the receipt: %v", err)
	}
	token := strings.TrimSpace(string(link))
	token = token[strings.LastIndex(token, "/r/")+3:]

	var keys json.RawMessage
	apiJSON(t, api, "GET", l.URL+"/.well-known/loket-receipt-keys.json", nil, nil, &keys)
	keysFile := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(keysFile, keys, 0o600); err != nil {
		t.Fatal(err)
	}
	type verdict struct {
		Genuine    bool   `json:"genuine"`
		ReasonCode string `json:"reason_code"`
		Kind       string `json:"kind"`
		Reference  string `json:"reference"`
		Office     string `json:"office"`
		At         string `json:"at"`
		Expires    string `json:"expires"`
		Revoked    bool   `json:"revoked"`
	}
	nodeVerify := func(tok string) verdict {
		t.Helper()
		out, _ := exec.Command(node, filepath.Join(examples, "receipt-token.mjs"), "verify", keysFile, tok).Output()
		var v verdict
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("node verify: %q", out)
		}
		return v
	}
	server := func(tok string) verdict {
		t.Helper()
		var v verdict
		apiJSON(t, api, "GET", l.URL+"/api/v1/receipts/verify/"+tok, nil, nil, &v)
		return v
	}

	n, s := nodeVerify(token), server(token)
	if !n.Genuine || !s.Genuine || n.Kind != "booking_confirmed" || n.Reference != conf.Reference ||
		n.Kind != s.Kind || n.Reference != s.Reference || n.Office != s.Office || n.At != s.At || n.Expires != s.Expires {
		t.Fatalf("verdicts differ:\nnode   %+v\nserver %+v", n, s)
	}

	if n, s := nodeVerify(forge(t, token)), server(forge(t, token)); n.Genuine || s.Genuine || n.ReasonCode != "bad_signature" || s.ReasonCode != "bad_signature" {
		t.Errorf("forged token: node %+v, server %+v", n, s)
	}

	// Revocation is online only: the token stays genuine offline.
	if code := apiJSON(t, api, "DELETE", l.URL+"/api/v1/bookings/"+conf.Reference, nil, http.Header{"X-Booking-Pin": {conf.PIN}}, nil); code != 200 {
		t.Fatalf("cancel: %d", code)
	}
	if n, s := nodeVerify(token), server(token); !n.Genuine || !s.Genuine || !s.Revoked {
		t.Errorf("after cancelling: node %+v, server %+v (want genuine, and revoked online)", n, s)
	}

	// Every API exchange above matches the OpenAPI document.
	fails, checked := chk.Failures()
	for _, f := range fails {
		t.Error(f)
	}
	if checked < 8 {
		t.Errorf("only %d API exchanges checked against the OpenAPI document", checked)
	}
}
