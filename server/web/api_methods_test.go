package web

import (
	"testing"
)

// TestWrongMethodOnAPIRoutes: a method an API path does not take answers
// 405 with Allow listing the ones it does, in the API's error shape; a
// path that does not exist stays 404.
func TestWrongMethodOnAPIRoutes(t *testing.T) {
	a := newBookingApp(t, nil)
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"PUT", "/api/v1/slots", 405, "GET, HEAD"},
		{"POST", "/api/v1/offices", 405, "GET, HEAD"},
		{"GET", "/api/v1/status/lookup", 405, "POST"},
		{"PUT", "/api/v1/bookings/ABCD-2345", 405, "GET, HEAD, PATCH, DELETE"},
		{"DELETE", "/api/v1/receipts/abcdefghijklm.pdf", 405, "GET, HEAD"},
		{"GET", "/api/v1/backoffice/dossiers/10000001", 405, "PUT"},
		{"GET", "/api/v1/nowhere", 404, ""},
		{"DELETE", "/api/v1/offices/x/services/y", 404, ""},
	} {
		code, body, h := a.call(t, tc.method, tc.path, `{}`, "Content-Type", "application/json")
		if code != tc.status || h.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tc.method, tc.path, code, h.Get("Allow"), tc.status, tc.allow)
		}
		if code == 405 && errCode(body) != "method" {
			t.Errorf("%s %s: error code %q", tc.method, tc.path, errCode(body))
		}
	}
}
