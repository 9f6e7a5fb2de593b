package web

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"loket/server/apidoc"
	"loket/server/apidoc/apicheck"
)

// TestOpenAPIServed: the document at /api/v1/openapi.json is the embedded
// one, and /api/docs shows every operation from it, with no script and no
// file from elsewhere.
func TestOpenAPIServed(t *testing.T) {
	a := newBookingApp(t, nil)
	res, body := get(t, a.app, "/api/v1/openapi.json")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !bytes.Equal([]byte(body), apidoc.JSON()) {
		t.Fatalf("openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	res, page := get(t, a.app, "/fr/api/docs")
	if res.StatusCode != 200 {
		t.Fatalf("/api/docs: %d", res.StatusCode)
	}
	ref, err := apidoc.BuildReference()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range ref.Groups {
		for _, o := range g.Operations {
			if !strings.Contains(page, `<code>`+o.Method+` `+o.Path+`</code>`) {
				t.Errorf("/api/docs lacks %s %s", o.Method, o.Path)
			}
		}
	}
	for _, s := range []string{`lang="fr"`, `<div class="prose api-docs" lang="en" dir="ltr">`, "BookingRequest", "&#34;pow_solution&#34;: &#34;48213&#34;"} {
		if !strings.Contains(page, s) {
			t.Errorf("/api/docs lacks %q", s)
		}
	}
	if strings.Contains(page, `<script src="http`) || strings.Contains(page, `<link rel="stylesheet" href="http`) {
		t.Error("/api/docs loads a third-party script")
	}
}

var (
	checkerOnce sync.Once
	checker     *apicheck.Checker
	checkerErr  error
)

// apiChecker is the OpenAPI checker shared by the API tests.
func apiChecker(t testing.TB) *apicheck.Checker {
	t.Helper()
	checkerOnce.Do(func() { checker, checkerErr = apicheck.New() })
	if checkerErr != nil {
		t.Fatal(checkerErr)
	}
	return checker
}
