package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"loket/server/bookings"
	"loket/server/config"
)

// TestBrandingFlags: -brand-logo and -brand-color put the
// administration's logo and colour in the header of every layout (phone,
// kiosk, staff console), served as hashed assets the service worker
// keeps; the administration's name stands under "Loket" in the page's
// language; a logo with a script is refused at start.
func TestBrandingFlags(t *testing.T) {
	logo := filepath.Join(t.TempDir(), "logo.svg")
	if err := os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>`), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newTestApp(t, appOptions{staff: true, config: func(c *config.Config) { c.BrandLogo, c.BrandColor = logo, "#4B0082" },
		wire: func(e *testApp) {
			e.deps.Administration = bookings.Administration{Name: map[string]string{"en": "Ministry of Examples", "nl": "Ministerie van Voorbeelden"}}
		}})
	_, page := get(t, e.app, "/nl/")
	logoURL := regexp.MustCompile(`<img class="brand-logo" src="(/assets/brand-logo\.[0-9a-f]{10}\.svg)" alt=""`).FindStringSubmatch(page)
	cssURL := regexp.MustCompile(`<link rel="stylesheet" href="(/assets/brand\.[0-9a-f]{10}\.css)">`).FindStringSubmatch(page)
	if logoURL == nil || cssURL == nil || !strings.Contains(page, `<span class="brand-admin">Ministerie van Voorbeelden</span>`) {
		t.Fatalf("header: logo %v, css %v", logoURL, cssURL)
	}
	if _, page := get(t, e.app, "/ar/"); !strings.Contains(page, "Ministry of Examples") {
		t.Error("no English fallback for the administration's name")
	}
	for _, p := range []struct{ path, logo, name string }{
		{"/kiosk/nl/home", `<header class="kiosk-header">
  <p class="kiosk-brand"><img class="brand-logo" src="` + logoURL[1] + `" alt="" width="48" height="48">`, "Ministerie van Voorbeelden"},
		{"/nl/staff/signin", `<a class="brand" href="/nl/staff/"><img class="brand-logo" src="` + logoURL[1] + `" alt="" width="32" height="32">`, "Ministerie van Voorbeelden"},
		{"/ar/staff/signin", `<img class="brand-logo" src="` + logoURL[1] + `"`, "Ministry of Examples"},
	} {
		res, page := get(t, e.app, p.path)
		if res.StatusCode != 200 || !strings.Contains(page, p.logo) || !strings.Contains(page, `<span class="brand-admin">`+p.name+`</span>`) || !strings.Contains(page, `<link rel="stylesheet" href="`+cssURL[1]+`">`) {
			t.Errorf("%s (%d): no logo, name or colour in the header", p.path, res.StatusCode)
		}
	}
	res, body := get(t, e.app, logoURL[1])
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.Contains(body, "<rect") {
		t.Errorf("logo: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res, body := get(t, e.app, cssURL[1]); res.StatusCode != 200 || !strings.Contains(body, "--brand: #4b0082") {
		t.Errorf("colour: %d %q", res.StatusCode, body)
	}
	if _, sw := get(t, e.app, "/sw.js"); !strings.Contains(sw, logoURL[1]) || !strings.Contains(sw, cssURL[1]) {
		t.Error("the service worker does not keep the branding")
	}

	if err := os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 0o600); err != nil {
		t.Fatal(err)
	}
	d := e.deps
	if _, err := New(d); err == nil {
		t.Error("a logo with a script was accepted")
	}
	// Without flags: no logo, no colour sheet, no name when it is Loket's.
	plain := newTestApp(t, appOptions{staff: true, wire: func(e *testApp) {
		e.deps.Administration = bookings.Administration{Name: map[string]string{"en": "Loket"}}
	}})
	for _, p := range []string{"/en/", "/kiosk/en/home", "/en/staff/signin"} {
		if _, page := get(t, plain.app, p); strings.Contains(page, "brand-logo") || strings.Contains(page, "/assets/brand.") || strings.Contains(page, "brand-admin") {
			t.Errorf("%s: branding without flags", p)
		}
	}
}

// TestPrecacheListsEachURLOnce: the service worker's install fails when
// Cache.addAll gets the same URL twice, so the demo (its logo) and every
// branding must give a list without repeats.
func TestPrecacheListsEachURLOnce(t *testing.T) {
	e := newTestApp(t, appOptions{config: func(c *config.Config) { c.Demo, c.BrandColor = true, "#4b0082" }})
	_, sw := get(t, e.app, "/sw.js")
	m := regexp.MustCompile(`PRECACHE = (\[[^\]]*\])`).FindStringSubmatch(sw)
	if m == nil {
		t.Fatalf("no precache list in %.200s", sw)
	}
	seen := map[string]bool{}
	for _, u := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(m[1], -1) {
		if seen[u[1]] {
			t.Errorf("%s twice", u[1])
		}
		seen[u[1]] = true
	}
	if _, page := get(t, e.app, "/en/"); !strings.Contains(page, `class="brand-logo" src="/assets/demo-logo.`) {
		t.Error("the demo shows no logo")
	}
}
