package web

import (
	"net/url"
	"strings"
	"testing"

	"loket/server/bookings"
	"loket/server/content"
)

// TestInformationIndexReachesEveryPage: the index lists procedures and
// topics, and every page it links answers with its own title, last-checked
// date, sources and links.
func TestInformationIndexReachesEveryPage(t *testing.T) {
	app := newTestApp(t, shellApp).app
	res, body := get(t, app, "/en/info")
	if res.StatusCode != 200 {
		t.Fatalf("index: %d", res.StatusCode)
	}
	for _, k := range sharedLib(t).Keys() {
		href := `href="/en/info/` + k + `"`
		if !strings.Contains(body, href) {
			t.Errorf("index lacks %s", k)
			continue
		}
		res, page := get(t, app, "/en/info/"+k)
		p, _ := sharedLib(t).Page([]string{"en"}, k)
		if res.StatusCode != 200 || !strings.Contains(page, "<title>"+p.Title+" · ") ||
			!strings.Contains(page, "Last checked on") || !strings.Contains(page, `id="info-sources"`) {
			t.Errorf("%s: %d, title/checked/sources missing", k, res.StatusCode)
		}
	}
	if !strings.Contains(body, `id="info-topics"`) || !strings.Contains(body, `action="/en/info/search"`) {
		t.Error("index lacks the topics or the search form")
	}
	// The work page links the single-permit platform it names.
	_, page := get(t, app, "/nl/info/work")
	if !strings.Contains(page, `href="https://www.workinginbelgium.be"`) || !strings.Contains(page, "zoekjaar") {
		t.Error("work page: Working in Belgium link or search year missing")
	}
}

// TestReturnCounsellingListsItsOffices: the offices offering the service,
// with the service's hours and a booking link, come from the offices'
// data; without bookings the page shows no offices and no booking link.
func TestReturnCounsellingListsItsOffices(t *testing.T) {
	offices := testOffices()
	offices[0].Services = append(offices[0].Services, bookings.Service{ID: "return_counselling", DurationMinutes: 45,
		Capacity: 1, HorizonDays: 28, LeadMinutes: 60,
		Hours: map[string][]bookings.Period{"tue": {{From: 13 * 60, To: 16 * 60}}}})
	a := newBookingAppWith(t, offices, nil)
	_, body := get(t, a.app, "/ar/info/return_counselling")
	for _, want := range []string{`id="info-offices"`, "Test office", "Teststraat 1", `href="/ar/appointments/test/return_counselling"`, "13:00–16:00", `dir="rtl"`} {
		if !strings.Contains(body, want) {
			t.Errorf("return counselling page lacks %q", want)
		}
	}
	if res, _ := get(t, a.app, "/ar/appointments/test/return_counselling"); res.StatusCode != 200 {
		t.Errorf("booking page: %d", res.StatusCode)
	}
	_, body = get(t, newTestApp(t, shellApp).app, "/en/info/return_counselling")
	if strings.Contains(body, `id="info-offices"`) || strings.Contains(body, `class="action" href="/en/appointments"`) {
		t.Error("offices or booking links without bookings")
	}
}

// TestSearchWithoutJavaScript: a GET form, in the reader's language,
// normalised per script; odd input is answered, never refused.
func TestSearchWithoutJavaScript(t *testing.T) {
	app := newTestApp(t, shellApp).app
	for _, c := range []struct{ lang, q, want string }{
		{"ar", "اعادة التوطين", `href="/ar/info/resettlement"`},
		{"fr", "REINSTALLATION", `href="/fr/info/resettlement"`},
		{"uk", "тимчасовий захист", `href="/uk/info/temporary_protection"`},
		{"ti", "ሞግዚት", `href="/ti/info/unaccompanied_minors"`},
	} {
		res, body := get(t, app, "/"+c.lang+"/info/search?q="+url.QueryEscape(c.q))
		if res.StatusCode != 200 || !strings.Contains(body, c.want) || !strings.Contains(body, `role="status"`) {
			t.Errorf("%s %q: %d, no %s", c.lang, c.q, res.StatusCode, c.want)
		}
		if !strings.Contains(body, `value="`+c.q+`"`) {
			t.Errorf("%s: the query is not kept in the form", c.lang)
		}
	}
	_, body := get(t, app, "/en/info/search?q=zzqqxx")
	if !strings.Contains(body, "No page contains all these words.") {
		t.Error("no-result message missing")
	}
	for _, q := range []string{"", "%FF%FE", strings.Repeat("%D8%A7", 400), "%3Cscript%3E"} {
		res, body := get(t, app, "/kiosk/en/info/search?q="+q)
		if res.StatusCode != 200 || strings.Contains(body, "<script>") {
			t.Errorf("q=%.20s: %d", q, res.StatusCode)
		}
	}
}

// sharedLib is the information library every test app serves.
func sharedLib(tb testing.TB) *content.Library {
	sharedCatalogs(tb)
	return shared.lib
}
