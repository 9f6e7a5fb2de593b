package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestOldStaffTokenOpensNothing: the shared staff token is gone. What it
// used to open the desks and the bookings day sheet with (a Bearer header,
// HTTP Basic with the token as password, the loket_staff cookie its login
// form set, the login form itself) now meets the account sign-in like any
// stranger.
func TestOldStaffTokenOpensNothing(t *testing.T) {
	const token = "staff-token-0123456789"
	qa := newQueueApp(t, 50)
	ba := newBookingApp(t, nil)
	// The cookie the token's login form set: a keyed hash of the token.
	m := hmac.New(sha256.New, qa.deps.Secret)
	m.Write([]byte("staff:" + token))
	oldCookie := "loket_staff=" + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("staff:"+token))
	// Someone waits, so a call that got through would call them.
	qa.registered(t).post("/kiosk/en/ticket", "/kiosk/en/ticket", url.Values{"service": {"documents"}})
	cases := []struct {
		name, method, path, header, value string
		bookings                          bool // the bookings app, not the queue app
		want                              int
	}{
		{"desk picker, Bearer", "GET", "/staff/desk", "Authorization", "Bearer " + token, false, 303},
		{"desk, Bearer", "GET", "/staff/desk?office=brussels&desk=1", "Authorization", "Bearer " + token, false, 303},
		{"desk, old cookie", "GET", "/staff/desk?office=brussels&desk=1", "Cookie", oldCookie, false, 303},
		{"call, Bearer", "POST", "/api/v1/queue/call", "Authorization", "Bearer " + token, false, 401},
		{"call, old cookie", "POST", "/api/v1/queue/call", "Cookie", oldCookie, false, 401},
		{"bookings, Bearer", "GET", "/staff/bookings?office=test", "Authorization", "Bearer " + token, true, 303},
		{"bookings, Basic", "GET", "/staff/bookings?office=test", "Authorization", basic, true, 303},
		{"bookings, old cookie", "GET", "/staff/bookings?office=test", "Cookie", oldCookie, true, 303},
	}
	for _, c := range cases {
		body := ""
		if c.method == "POST" {
			body = `{"office":"brussels","desk":"1"}`
		}
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set(c.header, c.value)
		app := qa.app
		if c.bookings {
			app = ba.app
		}
		res, _ := do(t, app, req)
		if res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", c.name, res.StatusCode, c.want)
		}
		if loc := res.Header.Get("Location"); c.want == 303 && !strings.HasSuffix(loc, "/staff/signin") && !strings.HasSuffix(loc, "/staff/signin?ended=1") {
			t.Errorf("%s: sent to %q, not to the sign-in page", c.name, loc)
		}
	}
	if b, _ := qa.q.Board(t.Context(), "brussels"); b.Services[0].Waiting != 1 || len(b.Now) != 0 {
		t.Errorf("the old token called someone: %d waiting, %d called", b.Services[0].Waiting, len(b.Now))
	}
	// The token's login form is gone (a valid CSRF token, so only the
	// route can refuse).
	if res, _ := qa.testApp.browser(t).post("/staff/login", "/en/staff/signin", url.Values{"token": {token}}); res.StatusCode != 404 {
		t.Errorf("token login form: %d", res.StatusCode)
	}
}
