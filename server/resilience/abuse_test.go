package resilience

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestLookupsLockOutAsConfigured shows that guessing does not pay: after
// the configured wrong answers a dossier number is locked (even for the
// right birth date), and a booking reference is locked after wrong PINs.
func TestLookupsLockOutAsConfigured(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	p := run(t, data, append([]string{"-demo", "-dossier-failures", "3"}, benchFlags...)...)
	lookup := func(birth string) int {
		code, err := postJSON(p.URL+"/api/v1/status/lookup", map[string]string{"dossier": "10000001", "birth_date": birth}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return code
	}
	if code := lookup("1990-01-01"); code != 200 {
		t.Fatalf("right answer before guessing: %d", code)
	}
	for i := 0; i < 3; i++ {
		if code := lookup(fmt.Sprintf("1970-01-0%d", i+1)); code != 404 {
			t.Fatalf("wrong birth date %d: %d, want 404", i, code)
		}
	}
	if code := lookup("1990-01-01"); code != 423 {
		t.Errorf("right answer after 3 wrong ones: %d, want 423 (locked)", code)
	}
	// A wrong number answers exactly like a wrong birth date.
	if code, _ := postJSON(p.URL+"/api/v1/status/lookup", map[string]string{"dossier": "87654321", "birth_date": "1990-01-01"}, nil); code != 404 {
		t.Errorf("unknown number: %d, want the same 404", code)
	}

	office, service, _, starts := demoSlots(t, p)
	var conf struct {
		Reference string `json:"reference"`
		PIN       string `json:"pin"`
	}
	if code, _ := postJSON(p.URL+"/api/v1/bookings", map[string]any{"office": office, "service": service, "start": starts[0].Format(time.RFC3339)}, &conf); code != 201 {
		t.Fatalf("booking: %d", code)
	}
	status := func(pin string) int {
		return getBooking(t, p.URL, conf.Reference, pin, nil)
	}
	wrong := "000000"
	if wrong == conf.PIN {
		wrong = "111111"
	}
	codes := []int{}
	for i := 0; i < 6; i++ {
		codes = append(codes, status(wrong))
	}
	if codes[0] != 403 || codes[5] != 423 {
		t.Errorf("wrong PINs answered %v, want 403s then 423", codes)
	}
	if code := status(conf.PIN); code != 423 {
		t.Errorf("right PIN on a locked reference: %d, want 423", code)
	}
}

var hrefs = regexp.MustCompile(`href="(/[^"#]*)"`)

// TestEveryPageCarriesSecurityHeadersAndNoStackTrace crawls both shells in
// two languages and sends malformed bodies to the API: every HTML page has
// the security headers, and no answer is a 500 or shows a stack trace.
func TestEveryPageCarriesSecurityHeadersAndNoStackTrace(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	p := run(t, data, "-demo")
	seen := map[string]bool{}
	queue := []string{"/en/", "/ar/", "/kiosk", "/kiosk/fa/home", "/ti/info"}
	for len(queue) > 0 && len(seen) < 250 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] || strings.HasPrefix(path, "/assets/") || strings.Contains(path, ".pdf") || strings.HasSuffix(path, "/events") {
			continue
		}
		seen[path] = true
		res, err := client.Get(p.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		checkAnswer(t, "GET "+path, res, string(b))
		if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			for _, m := range hrefs.FindAllStringSubmatch(string(b), -1) {
				queue = append(queue, m[1])
			}
		}
	}
	if len(seen) < 40 {
		t.Errorf("crawled only %d pages", len(seen))
	}
	for _, route := range []string{"/api/v1/status/lookup", "/api/v1/bookings", "/api/v1/backoffice/dossiers/10000001/events"} {
		for _, body := range []string{"", "{", "[]", `{"dossier":12}`, strings.Repeat("{", 5000), "\x00\xff", `{"start":"` + strings.Repeat("9", 10000) + `"}`} {
			res, err := client.Post(p.URL+route, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			checkAnswer(t, fmt.Sprintf("POST %s %.20q", route, body), res, string(b))
		}
	}
	for _, path := range []string{"/%zz", "/en/%c0%af", "/kiosk/..%2f..%2fetc/passwd", "/r/" + strings.Repeat("A", 3000), "/en/info/" + url.PathEscape("<script>")} {
		res, err := client.Get(p.URL + path)
		if err != nil {
			continue // a request the client library itself refuses to send
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		checkAnswer(t, "GET "+path, res, string(b))
	}
}

func checkAnswer(t *testing.T, what string, res *http.Response, body string) {
	t.Helper()
	if res.StatusCode >= 500 && res.StatusCode != 503 {
		t.Errorf("%s: status %d", what, res.StatusCode)
	}
	if strings.Contains(body, "goroutine ") || strings.Contains(body, ".go:") || strings.Contains(body, "panic:") {
		t.Errorf("%s: the answer shows a stack trace", what)
	}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
			if res.Header.Get(h) == "" {
				t.Errorf("%s: no %s header", what, h)
			}
		}
		if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
			t.Errorf("%s: the CSP allows inline code", what)
		}
	}
}
