package apicheck

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTransportFindsUndocumentedAnswers serves answers that match the
// document and answers that do not, and checks only the second are
// reported.
func TestTransportFindsUndocumentedAnswers(t *testing.T) {
	answers := map[string]struct {
		status int
		body   string
	}{
		"/api/v1/bookings/challenge": {200, `{"token":"AQ8","bits":16,"expires":"2026-12-07T12:05:00Z"}`},
		"/api/v1/offices":            {200, `{"offices":[{"id":"x"}]}`},                        // required properties missing
		"/api/v1/slots":              {418, `{"error":{"code":"teapot","message":"no"}}`},      // undocumented status
		"/api/v1/nowhere":            {404, `{"error":{"code":"not_found","message":"gone"}}`}, // undocumented path
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := answers[r.URL.Path]
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	defer srv.Close()
	chk, err := New()
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: chk.Transport(nil)}
	for path := range answers {
		q := ""
		if path == "/api/v1/slots" {
			q = "?office=a&service=b"
		}
		res, err := client.Get(srv.URL + path + q)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	fails, checked := chk.Failures()
	if checked != 4 || len(fails) != 3 {
		t.Fatalf("%d checked, failures:\n%s", checked, strings.Join(fails, "\n"))
	}
	for _, f := range fails {
		if strings.Contains(f, "challenge") {
			t.Errorf("a documented answer is reported: %s", f)
		}
	}
}
