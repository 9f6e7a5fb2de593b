package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/server/config"
)

// officesFile writes an offices file: one office open every day, all day,
// with a 30-minute service for three people at once.
func officesFile(t *testing.T) string {
	t.Helper()
	allDay := `[{"from":"00:00","to":"24:00"}]`
	hours := fmt.Sprintf(`{"mon":%[1]s,"tue":%[1]s,"wed":%[1]s,"thu":%[1]s,"fri":%[1]s,"sat":%[1]s,"sun":%[1]s}`, allDay)
	body := `{"offices":[{"id":"bench","name":"Bench office","address":"Benchstraat 1, 1000 Brussel","languages":["nl"],` +
		`"hours":` + hours + `,"services":[{"id":"information_interview","duration_minutes":30,"capacity":3,"horizon_days":30,"lead_minutes":0,` +
		`"checklist":["booking.bring.passport","booking.bring.letter","booking.bring.originals","booking.bring.copies"]}]}]}`
	p := filepath.Join(t.TempDir(), "offices.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConcurrentBookingsNeverOverbook sends 200 bookings of one
// capacity-3 slot at once through real HTTP: exactly three succeed.
func TestConcurrentBookingsNeverOverbook(t *testing.T) {
	url, _, _ := startServer(t, func(c *config.Config) {
		c.Offices = officesFile(t)
		c.BookingPoW = false
		c.BookingLimit = 1000
		c.NoSync = false
	})
	brussels, _ := time.LoadLocation("Europe/Brussels")
	d := time.Now().In(brussels).AddDate(0, 0, 2)
	start := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, brussels).UTC().Format(time.RFC3339)
	body := `{"office":"bench","service":"information_interview","start":"` + start + `"}`
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}, Timeout: 30 * time.Second}
	var mu sync.Mutex
	counts := map[int]int{}
	refs := map[string]bool{}
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for range 200 {
		wg.Go(func() {
			<-gate
			res, err := client.Post(url+"/api/v1/bookings", "application/json", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var out struct {
				Reference string `json:"reference"`
			}
			json.Unmarshal(b, &out)
			mu.Lock()
			counts[res.StatusCode]++
			if out.Reference != "" {
				refs[out.Reference] = true
			}
			mu.Unlock()
		})
	}
	close(gate)
	wg.Wait()
	if counts[201] != 3 || counts[409] != 197 || len(refs) != 3 {
		t.Fatalf("statuses %v, %d distinct references; want 3 x 201 and 197 x 409", counts, len(refs))
	}
	res, err := http.Get(url + "/api/v1/slots?office=bench&service=information_interview&from=" + d.Format(time.DateOnly) + "&to=" + d.AddDate(0, 0, 1).Format(time.DateOnly))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var listing struct {
		Days []struct {
			Slots []struct {
				Start     time.Time `json:"start"`
				Remaining int       `json:"remaining"`
			} `json:"slots"`
		} `json:"days"`
	}
	json.NewDecoder(res.Body).Decode(&listing)
	for _, s := range listing.Days[0].Slots {
		if s.Start.Format(time.RFC3339) == start && s.Remaining != 0 {
			t.Errorf("listing shows %d places left in the full slot", s.Remaining)
		}
	}
}

func TestServeWithoutOfficesLeavesAppointmentsOut(t *testing.T) {
	url, _, _ := startServer(t, nil)
	res, err := http.Get(url + "/api/v1/offices")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("offices without configuration: %d", res.StatusCode)
	}
}

func TestServeSeedsDemoOffices(t *testing.T) {
	url, _, _ := startServer(t, func(c *config.Config) { c.Demo = true })
	res, err := http.Get(url + "/api/v1/offices")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Offices []struct {
			ID string `json:"id"`
		} `json:"offices"`
	}
	json.NewDecoder(res.Body).Decode(&out)
	if len(out.Offices) != 3 || out.Offices[0].ID != "demo-brussels" {
		t.Errorf("demo offices: %+v", out.Offices)
	}
}

// TestBookingReceipt downloads the receipt of a booking through the page's
// form (reference, PIN, CSRF): it names the service, the office and its
// address, and lists what to bring exactly as the booking page does
// (read back with pdftotext); in Arabic, with the longest list, it still
// fits one A4 page and the roll. It is refused once the booking is
// cancelled.
func TestBookingReceipt(t *testing.T) {
	base, _, _ := startServer(t, func(c *config.Config) {
		c.Offices = officesFile(t)
		c.BookingPoW = false
	})
	brussels, _ := time.LoadLocation("Europe/Brussels")
	d := time.Now().In(brussels).AddDate(0, 0, 2)
	start := time.Date(d.Year(), d.Month(), d.Day(), 11, 0, 0, 0, brussels).UTC().Format(time.RFC3339)
	res, err := http.Post(base+"/api/v1/bookings", "application/json",
		strings.NewReader(`{"office":"bench","service":"information_interview","start":"`+start+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var conf struct{ Reference, PIN string }
	json.NewDecoder(res.Body).Decode(&conf)
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Fatalf("booking: %d", res.StatusCode)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	page, err := client.Get(base + "/en/appointments/manage")
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(page.Body)
	page.Body.Close()
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(html)
	if m == nil {
		t.Fatal("no CSRF token on the manage page")
	}
	post := func(path string, form url.Values) (int, []byte) {
		form.Set("_csrf", string(m[1]))
		res, err := client.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	download := func(pin string) (int, []byte) {
		return post("/en/appointments/receipt", url.Values{"reference": {conf.Reference}, "pin": {pin}, "format": {"a4"}})
	}
	code, pdf := download(conf.PIN)
	if code != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("receipt: %d %.20q", code, pdf)
	}
	_, manage := post("/en/appointments/manage", url.Values{"reference": {conf.Reference}, "pin": {conf.PIN}})
	var bring []string
	for _, li := range regexp.MustCompile(`<ul class="checklist">(.*?)</ul>`).FindAllSubmatch(manage, -1) {
		for _, item := range regexp.MustCompile(`<li>([^<]+)</li>`).FindAllSubmatch(li[1], -1) {
			bring = append(bring, string(item[1]))
		}
	}
	if len(bring) != 4 {
		t.Fatalf("the manage page lists %d things to bring", len(bring))
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		cmd := exec.Command("pdftotext", "-", "-")
		cmd.Stdin = bytes.NewReader(pdf)
		out, err := cmd.Output()
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range append([]string{"Bench office", "Benchstraat 1, 1000 Brussel", "Information interview"}, bring...) {
			if err != nil || !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
				t.Errorf("receipt text lacks %q: %v\n%s", want, err, text)
			}
		}
	}
	for _, format := range []string{"a4", "80mm"} {
		code, pdf := post("/ar/appointments/receipt", url.Values{"reference": {conf.Reference}, "pin": {conf.PIN}, "format": {format}})
		if code != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("Arabic %s receipt: %d", format, code)
		}
	}
	if code, _ := download("000001"); code != 404 {
		t.Errorf("wrong PIN: %d, want 404", code)
	}
	req, _ := http.NewRequest(http.MethodDelete, base+"/api/v1/bookings/"+conf.Reference, nil)
	req.Header.Set("X-Booking-PIN", conf.PIN)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Fatalf("cancel: %v %v", res, err)
	}
	if code, _ := download(conf.PIN); code != 410 {
		t.Errorf("receipt of a cancelled booking: %d, want 410", code)
	}
}
