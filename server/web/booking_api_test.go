package web

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/config"
	"loket/server/pow"
	"loket/server/web/public"
)

// knownDossier accepts one dossier: 12345678 born 1990-01-01, asylum.
type knownDossier struct{}

func (knownDossier) VerifyDossier(_ context.Context, d string, birth bookings.Date, _ string) (string, bool, error) {
	return "asylum", d == "12345678" && birth == bookings.Date{Year: 1990, Month: 1, Day: 1}, nil
}

var bookingZone, _ = time.LoadLocation("Europe/Brussels")

// testOffices: one office open Monday to Friday 9-12, a 30-minute visit
// for three people at once and a dossier-only service for one.
func testOffices() []bookings.Office {
	morning := []bookings.Period{{From: 9 * 60, To: 12 * 60}}
	hours := map[string][]bookings.Period{"mon": morning, "tue": morning, "wed": morning, "thu": morning, "fri": morning}
	return []bookings.Office{{
		ID: "test", Name: "Test office", Address: "Teststraat 1, 1000 Brussel", Languages: []string{"nl"}, Hours: hours,
		Accessibility: map[string]string{"en": "Step-free entrance."},
		Services: []bookings.Service{
			{ID: "information_interview", DurationMinutes: 30, Capacity: 3, HorizonDays: 28, LeadMinutes: 90,
				Checklist: []string{"booking.bring.passport"}},
			{ID: "biometrics", DurationMinutes: 30, Capacity: 1, HorizonDays: 28, LeadMinutes: 60, DossierRequired: true},
		},
	}}
}

// bookingApp is the real app over a real store with test offices and
// staff accounts (none yet: add them with addStaff); the clock, shared by
// the Manager and the handlers, starts on Monday 2 March 2026 at 08:00 in
// Brussels.
type bookingApp struct {
	*testApp
	m *bookings.Manager
}

func newBookingApp(t testing.TB, mod func(*config.Config)) *bookingApp {
	t.Helper()
	return newBookingAppWith(t, testOffices(), mod)
}

// more adds further services to the dependencies.
func newBookingAppWith(t testing.TB, offices []bookings.Office, mod func(*config.Config), more ...func(e *testApp)) *bookingApp {
	t.Helper()
	a := &bookingApp{}
	a.testApp = newTestApp(t, appOptions{staff: true, start: time.Date(2026, 3, 2, 8, 0, 0, 0, bookingZone),
		config: func(c *config.Config) {
			c.BookingLimit, c.ManageLimit = 1000, 1000
			if mod != nil {
				mod(c)
			}
		},
		wire: func(e *testApp) {
			var err error
			a.m, err = bookings.New(bookings.Config{Secret: []byte(strings.Repeat("k", 32)), Now: e.clock.Now, PoWBits: 6}, e.store, knownDossier{}, offices)
			if err != nil {
				t.Fatal(err)
			}
			e.deps.Bookings = a.m
			for _, w := range more {
				w(e)
			}
		}})
	return a
}

// call sends a JSON request (body may be empty) with header pairs.
func (a *bookingApp) call(t *testing.T, method, path, body string, headers ...string) (int, map[string]any, http.Header) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept-Language", "en")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, text := do(t, a.app, req)
	var out map[string]any
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal([]byte(text), &out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, text)
		}
	}
	return res.StatusCode, out, res.Header
}

// solve finds a proof-of-work solution the way pow.js does.
func solve(t *testing.T, a *bookingApp) (string, string) {
	t.Helper()
	_, ch, _ := a.call(t, "GET", "/api/v1/bookings/challenge", "")
	token, need := ch["token"].(string), int(ch["bits"].(float64))
	for n := 0; ; n++ {
		if zeroBits(token, fmt.Sprint(n)) >= need {
			return token, fmt.Sprint(n)
		}
	}
}

// zeroBits counts the leading zero bits of sha256(token + solution).
func zeroBits(token, solution string) int {
	return pow.LeadingZeroBits(sha256.Sum256([]byte(token + solution)))
}

// wrongPoW is a booking body whose proof of work surely fails: with the
// tests' low difficulty, a random answer would pass one time in 64.
func wrongPoW(t *testing.T, a *bookingApp, start string) string {
	_, ch, _ := a.call(t, "GET", "/api/v1/bookings/challenge", "")
	token, need := ch["token"].(string), int(ch["bits"].(float64))
	n := 0
	for zeroBits(token, fmt.Sprint(n)) >= need {
		n++
	}
	return fmt.Sprintf(`{"office":"test","service":"information_interview","start":%q,"pow_token":%q,"pow_solution":"%d"}`, start, token, n)
}

// slotAt is a slot time in Brussels on a day of March 2026, in RFC 3339 UTC.
func slotAt(day, hour, minute int) string {
	return time.Date(2026, 3, day, hour, minute, 0, 0, bookingZone).UTC().Format(time.RFC3339)
}

func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func errField(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	fs, _ := e["fields"].([]any)
	if len(fs) == 0 {
		return ""
	}
	f, _ := fs[0].(map[string]any)
	s, _ := f["field"].(string)
	return s
}

// bookJSON makes a booking body with a fresh proof of work.
func (a *bookingApp) bookJSON(t *testing.T, start string, extra string) string {
	token, sol := solve(t, a)
	return fmt.Sprintf(`{"office":"test","service":"information_interview","start":%q,"pow_token":%q,"pow_solution":%q%s}`, start, token, sol, extra)
}

func TestOfficesAPI(t *testing.T) {
	a := newBookingApp(t, nil)
	status, body, _ := a.call(t, "GET", "/api/v1/offices", "")
	offices, _ := body["offices"].([]any)
	if status != 200 || len(offices) != 1 {
		t.Fatalf("offices: %d %v", status, body)
	}
	o := offices[0].(map[string]any)
	svc := o["services"].([]any)[0].(map[string]any)
	if o["accessibility"] != "Step-free entrance." || svc["name"] != "Information interview" ||
		!strings.Contains(o["map_url"].(string), "openstreetmap.org") || svc["bring"].([]any)[0] != "Your passport or travel document" {
		t.Errorf("office view: %v", o)
	}
	if status, body, _ := a.call(t, "GET", "/api/v1/offices/test/services", ""); status != 200 || len(body["services"].([]any)) != 2 {
		t.Errorf("services: %d %v", status, body)
	}
	if status, _, _ := a.call(t, "GET", "/api/v1/offices/nope/services", ""); status != 404 {
		t.Errorf("unknown office services: %d", status)
	}
}

func TestSlotsAPI(t *testing.T) {
	a := newBookingApp(t, nil)
	status, body, _ := a.call(t, "GET", "/api/v1/slots?office=test&service=information_interview&from=2026-03-02&to=2026-03-09", "")
	days, _ := body["days"].([]any)
	if status != 200 || len(days) != 7 {
		t.Fatalf("slots: %d %v", status, body)
	}
	sat := days[5].(map[string]any)
	if sat["reason"] != "closed" || sat["reason_text"] != "Closed" || len(sat["slots"].([]any)) != 0 || sat["label"] != "Saturday 7 March 2026" {
		t.Errorf("Saturday: %v", sat)
	}
	tue := days[1].(map[string]any)
	first := tue["slots"].([]any)[0].(map[string]any)
	if len(tue["slots"].([]any)) != 6 || first["time"] != "09:00" || first["remaining"] != 3.0 {
		t.Errorf("Tuesday: %v", tue)
	}
	// A booking shows in the next listing at once: the cache follows Changes.
	if status, body, _ := a.call(t, "POST", "/api/v1/bookings", a.bookJSON(t, slotAt(3, 9, 0), "")); status != 201 {
		t.Fatalf("book: %d %v", status, body)
	}
	_, body, _ = a.call(t, "GET", "/api/v1/slots?office=test&service=information_interview&from=2026-03-02&to=2026-03-09", "")
	first = body["days"].([]any)[1].(map[string]any)["slots"].([]any)[0].(map[string]any)
	if first["remaining"] != 2.0 {
		t.Errorf("after a booking the listing says %v places", first["remaining"])
	}
	for _, tt := range []struct {
		query       string
		status      int
		code, field string
	}{
		{"office=nope&service=information_interview", 422, "unknown_office", "office"},
		{"office=test&service=nope", 422, "unknown_service", "service"},
		{"office=test&service=information_interview&from=2026-13-01", 422, "date_format", "from"},
		{"office=test&service=information_interview&from=2026-03-02&to=2026-09-01", 422, "range", "to"},
		{"office=test&service=information_interview&from=2026-03-09&to=2026-03-02", 422, "range", "to"},
	} {
		status, body, _ := a.call(t, "GET", "/api/v1/slots?"+tt.query, "")
		if status != tt.status || errCode(body) != tt.code || errField(body) != tt.field {
			t.Errorf("%s: %d %s %s, want %d %s %s", tt.query, status, errCode(body), errField(body), tt.status, tt.code, tt.field)
		}
	}
}

func TestBookingAPIRefusals(t *testing.T) {
	a := newBookingApp(t, nil)
	tests := []struct {
		name        string
		body        string
		status      int
		code, field string
	}{
		{"unknown office", strings.Replace(a.bookJSON(t, slotAt(3, 9, 0), ""), `"test"`, `"nope"`, 1), 422, "unknown_office", "office"},
		{"unknown service", strings.Replace(a.bookJSON(t, slotAt(3, 9, 0), ""), "information_interview", "nope", 1), 422, "unknown_service", "service"},
		{"not on grid", a.bookJSON(t, slotAt(3, 9, 10), ""), 422, "not_on_grid", "start"},
		{"past", a.bookJSON(t, slotAt(2, 7, 0), ""), 422, "in_past", "start"},
		{"inside lead time", a.bookJSON(t, slotAt(2, 9, 0), ""), 422, "too_soon", "start"},
		{"beyond horizon", a.bookJSON(t, time.Date(2026, 4, 6, 9, 0, 0, 0, bookingZone).UTC().Format(time.RFC3339), ""), 422, "too_far", "start"},
		{"closed day", a.bookJSON(t, slotAt(7, 9, 0), ""), 422, "closed", "start"},
		{"start missing", `{"office":"test","service":"information_interview"}`, 422, "invalid", "start"},
		{"start not a time", `{"office":"test","service":"information_interview","start":"tomorrow"}`, 422, "invalid", "start"},
		{"start a number", `{"office":"test","service":"information_interview","start":12}`, 422, "type", "start"},
		{"malformed JSON", `{"office":`, 400, "bad_request", ""},
		{"no proof of work", fmt.Sprintf(`{"office":"test","service":"information_interview","start":%q}`, slotAt(3, 9, 0)), 422, "challenge_invalid", "pow_solution"},
		{"wrong proof of work", wrongPoW(t, a, slotAt(3, 9, 0)), 422, "challenge_invalid", "pow_solution"},
		{"forged challenge", fmt.Sprintf(`{"office":"test","service":"information_interview","start":%q,"pow_token":"AAAA","pow_solution":"1"}`, slotAt(3, 9, 0)), 422, "challenge_invalid", "pow_solution"},
		{"dossier required", strings.Replace(a.bookJSON(t, slotAt(3, 9, 0), ""), "information_interview", "biometrics", 1), 422, "dossier_required", "dossier"},
		{"dossier mismatch", strings.Replace(a.bookJSON(t, slotAt(3, 9, 0), `,"dossier":"12345678","birth_date":"1991-01-01"`), "information_interview", "biometrics", 1), 422, "dossier_mismatch", "dossier"},
		{"bad birth date", a.bookJSON(t, slotAt(3, 9, 0), `,"birth_date":"1990-02-31"`), 422, "invalid", "birth_date"},
		{"bad e-mail", a.bookJSON(t, slotAt(3, 9, 0), `,"email":"not an address"`), 422, "bad_contact", "phone"},
	}
	for _, tt := range tests {
		status, body, _ := a.call(t, "POST", "/api/v1/bookings", tt.body)
		if status != tt.status || errCode(body) != tt.code || errField(body) != tt.field {
			t.Errorf("%s: %d %s %q, want %d %s %q (%v)", tt.name, status, errCode(body), errField(body), tt.status, tt.code, tt.field, body)
		}
	}
	// The message is in the request's language.
	_, body, _ := a.call(t, "POST", "/api/v1/bookings", a.bookJSON(t, slotAt(7, 9, 0), ""), "Accept-Language", "fr")
	if msg := body["error"].(map[string]any)["message"]; msg != "Le bureau est fermé ce jour-là." && !strings.Contains(fmt.Sprint(msg), "ferm") {
		t.Errorf("French message: %v", msg)
	}
	if status, _, _ := a.call(t, "POST", "/api/v1/bookings", "", "Content-Type", "text/plain"); status != 415 {
		t.Errorf("non-JSON body: %d", status)
	}
}

func TestBookingAPILifecycle(t *testing.T) {
	a := newBookingApp(t, nil)
	body := a.bookJSON(t, slotAt(3, 9, 0), `,"idempotency_key":"form-1","email":"ana@example.org","dossier":"12345678","birth_date":"1990-01-01"`)
	status, created, hdr := a.call(t, "POST", "/api/v1/bookings", body)
	if status != 201 || hdr.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d %v", status, created)
	}
	ref, pin := created["reference"].(string), created["pin"].(string)
	view := created["booking"].(map[string]any)
	if len(ref) != 9 || ref[4] != '-' || len(pin) != 6 || view["email"] != "ana@example.org" || view["time"] != "09:00" || view["date"] != "Tuesday 3 March 2026" {
		t.Errorf("created: %v", created)
	}
	for _, leak := range []string{"pin_hash", "PINHash", "client", "id", "idempotency_key"} {
		if _, ok := view[leak]; ok {
			t.Errorf("booking view carries %q", leak)
		}
	}
	// The same form twice (a double tap): the same booking, not a second one.
	status, again, _ := a.call(t, "POST", "/api/v1/bookings", body)
	if status != 200 || again["reference"] != ref || again["pin"] != pin {
		t.Errorf("double submit: %d %v", status, again)
	}
	// The same proof of work for another form is a replay.
	status, replay, _ := a.call(t, "POST", "/api/v1/bookings", strings.Replace(body, "form-1", "form-2", 1))
	if status != 422 || errCode(replay) != "challenge_replayed" {
		t.Errorf("replayed proof: %d %v", status, replay)
	}

	status, got, _ := a.call(t, "GET", "/api/v1/bookings/"+ref, "", "X-Booking-PIN", pin)
	if status != 200 || got["booking"].(map[string]any)["reference"] != ref {
		t.Errorf("get: %d %v", status, got)
	}
	if status, _, _ := a.call(t, "GET", "/api/v1/bookings/"+strings.ToLower(ref), "", "X-Booking-PIN", pin); status != 200 {
		t.Errorf("get in lower case: %d", status)
	}
	// A PIN in the query would stand in every access log: it is not read.
	if status, body, _ := a.call(t, "GET", "/api/v1/bookings/"+ref+"?pin="+pin, ""); status != 403 || errCode(body) != "wrong_pin" {
		t.Errorf("get with the PIN in the query: %d %v, want 403 wrong_pin", status, body)
	}
	for _, tt := range []struct {
		path, pin string
		status    int
		code      string
	}{
		{"/api/v1/bookings/" + ref, "000000", 403, "wrong_pin"},
		{"/api/v1/bookings/ABC", pin, 400, "bad_reference"},
		{"/api/v1/bookings/" + ref[:8] + string(otherSymbol(ref[8])), pin, 400, "bad_reference"},
		{"/api/v1/bookings/2222-2222", pin, 404, "not_found"},
	} {
		status, body, _ := a.call(t, "GET", tt.path, "", "X-Booking-PIN", tt.pin)
		if status != tt.status || errCode(body) != tt.code {
			t.Errorf("GET %s: %d %s, want %d %s", tt.path, status, errCode(body), tt.status, tt.code)
		}
	}

	req := httptest.NewRequest("GET", "/api/v1/bookings/"+ref+".ics", nil)
	req.Header.Set("Accept-Language", "en")
	req.Header.Set("X-Booking-PIN", pin)
	res, ics := do(t, a.app, req)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(ics, "BEGIN:VCALENDAR\r\n") || !strings.Contains(ics, "DTSTART;TZID=Europe/Brussels:20260303T090000") ||
		!strings.Contains(ics, "SUMMARY:Appointment: Information interview") || !strings.Contains(ics, "UID:"+ref+"@loket") {
		t.Errorf("ics: %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), ics)
	}
	if status, _, _ := a.call(t, "GET", "/api/v1/bookings/"+ref+".ics", "", "X-Booking-PIN", "000000"); status != 403 {
		t.Errorf("ics with a wrong PIN: %d", status)
	}

	status, moved, _ := a.call(t, "PATCH", "/api/v1/bookings/"+ref, fmt.Sprintf(`{"start":%q}`, slotAt(4, 10, 30)), "X-Booking-PIN", pin)
	if status != 200 || moved["booking"].(map[string]any)["time"] != "10:30" {
		t.Errorf("move: %d %v", status, moved)
	}
	if status, body, _ := a.call(t, "PATCH", "/api/v1/bookings/"+ref, `{"start":"soon"}`, "X-Booking-PIN", pin); status != 422 || errField(body) != "start" {
		t.Errorf("move to a bad time: %d %v", status, body)
	}
	if status, body, _ := a.call(t, "PATCH", "/api/v1/bookings/"+ref, `{"start":5}`, "X-Booking-PIN", pin); status != 422 || errCode(body) != "type" {
		t.Errorf("move with a number: %d %v", status, body)
	}
	status, cancelled, _ := a.call(t, "DELETE", "/api/v1/bookings/"+ref, "", "X-Booking-PIN", pin)
	if status != 200 || cancelled["booking"].(map[string]any)["status"] != "cancelled" {
		t.Errorf("cancel: %d %v", status, cancelled)
	}
	if status, body, _ := a.call(t, "DELETE", "/api/v1/bookings/"+ref, "", "X-Booking-PIN", pin); status != 410 || errCode(body) != "cancelled" {
		t.Errorf("cancel twice: %d %v", status, body)
	}
}

// otherSymbol is a reference symbol different from c, to break a check character.
func otherSymbol(c byte) byte {
	if c == '2' {
		return '3'
	}
	return '2'
}

func TestBookingAPICapacityAndMoveToFullSlot(t *testing.T) {
	a := newBookingApp(t, nil)
	var refs, pins []string
	for i := range 3 {
		status, body, _ := a.call(t, "POST", "/api/v1/bookings", a.bookJSON(t, slotAt(3, 9, 0), ""))
		if status != 201 {
			t.Fatalf("booking %d: %d %v", i+1, status, body)
		}
		refs, pins = append(refs, body["reference"].(string)), append(pins, body["pin"].(string))
	}
	status, body, _ := a.call(t, "POST", "/api/v1/bookings", a.bookJSON(t, slotAt(3, 9, 0), ""))
	next, _ := body["next"].([]any)
	if status != 409 || errCode(body) != "slot_full" || len(next) != public.NextFreeCount || next[0].(map[string]any)["time"] != "09:30" {
		t.Fatalf("fourth booking: %d %v", status, body)
	}
	// Moving another booking into the full slot fails and leaves it in place.
	_, other, _ := a.call(t, "POST", "/api/v1/bookings", a.bookJSON(t, slotAt(3, 10, 0), ""))
	oref, opin := other["reference"].(string), other["pin"].(string)
	status, body, _ = a.call(t, "PATCH", "/api/v1/bookings/"+oref, fmt.Sprintf(`{"start":%q}`, slotAt(3, 9, 0)), "X-Booking-PIN", opin)
	if status != 409 || errCode(body) != "slot_full" || body["next"] == nil {
		t.Errorf("move to a full slot: %d %v", status, body)
	}
	_, got, _ := a.call(t, "GET", "/api/v1/bookings/"+oref, "", "X-Booking-PIN", opin)
	if got["booking"].(map[string]any)["time"] != "10:00" {
		t.Errorf("failed move changed the booking: %v", got)
	}
	// Cancelling frees the place at once.
	a.call(t, "DELETE", "/api/v1/bookings/"+refs[0], "", "X-Booking-PIN", pins[0])
	if status, body, _ := a.call(t, "POST", "/api/v1/bookings", a.bookJSON(t, slotAt(3, 9, 0), "")); status != 201 {
		t.Errorf("after a cancellation: %d %v", status, body)
	}
}

func TestWrongPINsLockTheReference(t *testing.T) {
	a := newBookingApp(t, nil)
	_, body, _ := a.call(t, "POST", "/api/v1/bookings", a.bookJSON(t, slotAt(3, 9, 0), ""))
	ref, pin := body["reference"].(string), body["pin"].(string)
	for i := range 4 {
		if status, body, _ := a.call(t, "GET", "/api/v1/bookings/"+ref, "", "X-Booking-PIN", "999999"); status != 403 {
			t.Fatalf("wrong PIN %d: %d %v", i+1, status, body)
		}
	}
	for _, p := range []string{"999999", pin} {
		if status, body, _ := a.call(t, "GET", "/api/v1/bookings/"+ref, "", "X-Booking-PIN", p); status != 423 || errCode(body) != "locked" {
			t.Errorf("locked, PIN %s: %d %v", p, status, body)
		}
	}
	a.clock.Add(31 * time.Minute)
	if status, _, _ := a.call(t, "GET", "/api/v1/bookings/"+ref, "", "X-Booking-PIN", pin); status != 200 {
		t.Errorf("after the lockout: %d", status)
	}
}

func TestPerAddressLimits(t *testing.T) {
	a := newBookingApp(t, func(c *config.Config) { c.ManageLimit = 3; c.BookingLimit = 2 })
	for i := range 3 {
		if status, _, _ := a.call(t, "GET", "/api/v1/bookings/2222-2222", "", "X-Booking-PIN", "1"); status != 404 {
			t.Fatalf("lookup %d: %d", i+1, status)
		}
	}
	if status, body, _ := a.call(t, "GET", "/api/v1/bookings/2222-2222", "", "X-Booking-PIN", "1"); status != 429 || errCode(body) != "too_many" {
		t.Errorf("fourth lookup: %d %v", status, body)
	}
	if status, _, _ := a.call(t, "GET", "/api/v1/bookings/challenge", ""); status != 429 {
		t.Errorf("challenges share the lookup limit: %d", status)
	}
	b := newBookingApp(t, func(c *config.Config) { c.BookingLimit = 2; c.BookingPoW = false })
	for i := range 2 {
		if status, body, _ := b.call(t, "POST", "/api/v1/bookings", fmt.Sprintf(`{"office":"test","service":"information_interview","start":%q}`, slotAt(3, 9, 0))); status != 201 {
			t.Fatalf("booking %d without proof of work (benchmark setting): %d %v", i+1, status, body)
		}
	}
	if status, _, _ := b.call(t, "POST", "/api/v1/bookings", fmt.Sprintf(`{"office":"test","service":"information_interview","start":%q}`, slotAt(3, 9, 30))); status != 429 {
		t.Errorf("third booking from one address: %d", status)
	}
}

func TestISODate(t *testing.T) {
	for _, d := range []bookings.Date{{Year: 2026, Month: 3, Day: 2}, {Year: 2026, Month: 12, Day: 31}, {Year: 2027, Month: 10, Day: 9}} {
		if got := public.IsoDate(d); got != d.String() {
			t.Errorf("isoDate(%v) = %s", d, got)
		}
	}
}

func TestSlotsAPIGzipIsTheSameListing(t *testing.T) {
	a := newBookingApp(t, nil)
	path := "/api/v1/slots?office=test&service=information_interview&from=2026-03-02&to=2026-04-27"
	_, plain := get(t, a.app, path, "Accept-Language", "en")
	for range 2 { // the second answer comes from the cache
		res, zipped := get(t, a.app, path, "Accept-Language", "en", "Accept-Encoding", "gzip")
		if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("headers %v", res.Header)
		}
		zr, err := gzip.NewReader(strings.NewReader(zipped))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(zr)
		if string(b) != plain || len(zipped)*4 > len(plain) {
			t.Errorf("gzip body differs or is not smaller: %d vs %d bytes", len(zipped), len(plain))
		}
	}
}
