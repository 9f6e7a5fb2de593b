package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"loket/server/config"
)

// TestStatusPrintout looks a demo dossier up through the form, then asks
// for the signed printout of the status shown: a PDF whose text names the
// dossier and the status in the reader's language. A forged grant gets
// no printout.
func TestStatusPrintout(t *testing.T) {
	base, _, _ := startServer(t, func(c *config.Config) { c.Demo = true })
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	get := func(u string) string {
		res, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	post := func(u string, form url.Values) (*http.Response, []byte) {
		res, err := client.PostForm(u, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(get(base + "/en/status"))
	if csrf == nil {
		t.Fatal("no CSRF token on the status form")
	}
	res, page := post(base+"/en/status", url.Values{"_csrf": {csrf[1]}, "dossier": {"10000001"}, "birth_date": {"1990-01-01"}})
	if res.Request.URL.Path != "/en/status/result" || !bytes.Contains(page, []byte(`action="/en/status/receipt"`)) {
		t.Fatalf("no printout form on the status result (%s)", res.Request.URL.Path)
	}
	res, pdf := post(base+"/en/status/receipt", url.Values{"_csrf": {csrf[1]}})
	if res.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("printout: %d %.30q", res.StatusCode, pdf)
	}
	// A download, so the result page stays where it was.
	if d := res.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment;") {
		t.Errorf("Content-Disposition %q", d)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		cmd := exec.Command("pdftotext", "-", "-")
		cmd.Stdin = bytes.NewReader(pdf)
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), "10000001") {
			t.Errorf("printout text lacks the dossier number: %v %q", err, out)
		}
	}
	u, _ := url.Parse(base + "/")
	var grant *http.Cookie
	for _, c := range jar.Cookies(u) {
		if c.Name == "loket_status" {
			grant = c
		}
	}
	if grant == nil {
		t.Fatal("no grant cookie")
	}
	forged := &http.Cookie{Name: grant.Name, Value: strings.Replace(grant.Value, "10000001", "10000002", 1), Path: "/"}
	jar.SetCookies(u, []*http.Cookie{forged})
	if res, body := post(base+"/en/status/receipt", url.Values{"_csrf": {csrf[1]}}); bytes.HasPrefix(body, []byte("%PDF")) {
		t.Errorf("a forged grant printed a receipt (%d)", res.StatusCode)
	}
}
