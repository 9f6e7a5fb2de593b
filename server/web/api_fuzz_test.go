package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"loket/server/config"
)

// FuzzAPIBodies posts arbitrary bodies to the JSON endpoints that take
// input from the public and from the back office: whatever arrives, the
// answer is never a 5xx and never shows a stack trace, and an error answer
// has the API's error shape.
func FuzzAPIBodies(f *testing.F) {
	for _, seed := range []string{
		`{"dossier":"10000001","birth_date":"1990-01-01"}`, `{"dossier":12,"birth_date":[]}`, `{"dossier":"1","access_code":"x"}`,
		`{"office":"test","service":"information_interview","start":"2026-03-03T08:00:00Z"}`, `{"start":{}}`,
		`{"procedure":"asylum","received":"2024-01-01","birth_date":"1990-01-01","events":[{"id":"e","code":"received","date":"2024-01-01"}]}`,
		`{"id":"e1","code":"granted","date":"2025-13-40"}`, `[]`, `null`, `"x"`, `{`, "\x00\xff", strings.Repeat(`{"a":`, 300),
	} {
		f.Add(seed)
	}
	st := newStatusApp(f, func(c *config.Config) { c.LookupLimit = 1 << 30 })
	bk := newBookingAppWith(f, testOffices(), func(c *config.Config) { c.BookingPoW = false; c.BookingLimit = 1 << 30; c.BookingNoJSLimit = 1 << 30 })
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range []struct {
			app interface {
				Test(*http.Request, ...int) (*http.Response, error)
			}
			method string
			path   string
			auth   string
		}{
			{st.app, http.MethodPost, "/api/v1/status/lookup", ""},
			{st.app, http.MethodPut, "/api/v1/backoffice/dossiers/12345678", st.token},
			{st.app, http.MethodPost, "/api/v1/backoffice/dossiers/12345678/events", st.token},
			{bk.app, http.MethodPost, "/api/v1/bookings", ""},
		} {
			req := httptest.NewRequest(target.method, target.path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if target.auth != "" {
				req.Header.Set("Authorization", "Bearer "+target.auth)
			}
			res, err := target.app.Test(req, 5000)
			if err != nil {
				t.Fatalf("%s %s: %v", target.method, target.path, err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode >= 500 {
				t.Fatalf("%s %s with %q: %d %s", target.method, target.path, body, res.StatusCode, b)
			}
			if strings.Contains(string(b), "goroutine ") || strings.Contains(string(b), ".go:") {
				t.Fatalf("%s %s: stack trace in the answer", target.method, target.path)
			}
			if res.StatusCode >= 400 && !strings.HasPrefix(string(b), `{"error":{"code":"`) {
				t.Fatalf("%s %s: %d without the error shape: %s", target.method, target.path, res.StatusCode, b)
			}
		}
	})
}
