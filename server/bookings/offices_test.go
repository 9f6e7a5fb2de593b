package bookings

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata"
)

func TestDemoOfficesAreValid(t *testing.T) {
	offices := DemoOffices()
	if err := ValidateOffices(offices); err != nil {
		t.Fatal(err)
	}
	if len(offices) != 3 {
		t.Fatalf("%d demo offices, want 3", len(offices))
	}
	counselling := 0
	for _, o := range offices {
		if n := len(o.Services); n < 3 || n > 5 {
			t.Errorf("%s has %d services, want 3-5", o.ID, n)
		}
		for _, s := range o.Services {
			if s.ID == "return_counselling" {
				counselling++
				// Anyone may ask about return: no dossier, any procedure or none.
				if s.DossierRequired || len(s.Procedures) > 0 || !s.OpenTo("") {
					t.Errorf("%s: return counselling is not open to everyone: %+v", o.ID, s)
				}
			}
		}
	}
	if counselling < 2 {
		t.Errorf("return counselling offered at %d demo offices, want at least 2", counselling)
	}
}

func TestValidateOfficesRefuses(t *testing.T) {
	for name, breakIt := range map[string]func(o *Office){
		"bad id":          func(o *Office) { o.ID = "Brussels Office" },
		"no name":         func(o *Office) { o.Name = " " },
		"bad language":    func(o *Office) { o.Languages = []string{"en"} },
		"bad zone":        func(o *Office) { o.TimeZone = "Mars/Olympus" },
		"bad weekday":     func(o *Office) { o.Hours["monday"] = []Period{{540, 600}} },
		"reversed period": func(o *Office) { o.Hours["mon"] = []Period{{600, 540}} },
		"overlap":         func(o *Office) { o.Hours["mon"] = []Period{{540, 720}, {700, 800}} },
		"closure reversed": func(o *Office) {
			o.Closures = []Closure{{From: Date{2026, 5, 2}, To: Date{2026, 5, 1}}}
		},
		"no services":       func(o *Office) { o.Services = nil },
		"duplicate service": func(o *Office) { o.Services = append(o.Services, o.Services[0]) },
		"zero capacity":     func(o *Office) { o.Services[0].Capacity = 0 },
		"zero duration":     func(o *Office) { o.Services[0].DurationMinutes = 0 },
		"zero horizon":      func(o *Office) { o.Services[0].HorizonDays = 0 },
		"unknown procedure": func(o *Office) { o.Services[0].Procedures = []string{"tourism"} },
		"checklist text":    func(o *Office) { o.Services[0].Checklist = []string{"Bring your passport"} },
		"local phone":       func(o *Office) { o.Contact.Phone = "02 000 00 01" },
		"phone letters":     func(o *Office) { o.Contact.Phone = "+32 CALL NOW" },
		"hours, no phone":   func(o *Office) { o.Contact.Phone = "" },
		"bad phone hours":   func(o *Office) { o.Contact.PhoneHours = map[string][]Period{"mon": {{600, 540}}} },
		"bad e-mail":        func(o *Office) { o.Contact.Email = "desk at office" },
		"language name":     func(o *Office) { o.Contact.DeskLanguages = []string{"Arabic"} },
	} {
		t.Run(name, func(t *testing.T) {
			offices := DemoOffices()
			offices[0].Hours = map[string][]Period{"mon": {{540, 720}}}
			breakIt(&offices[0])
			if err := ValidateOffices(offices); !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("err = %v, want ErrInvalidConfig", err)
			}
		})
	}
	offices := DemoOffices()
	offices[1].ID = offices[0].ID
	if err := ValidateOffices(offices); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("duplicate office id: err = %v", err)
	}
}

func TestOfficesFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "offices.json")
	if err := SaveOfficesFile(path, DemoOffices()); err != nil {
		t.Fatal(err)
	}
	got, err := LoadOfficesFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, DemoOffices()) {
		t.Fatalf("round trip changed the offices:\n%+v", got)
	}
	for name, text := range map[string]string{
		"unknown field": `{"offices":[{"id":"x","nmae":"typo"}]}`,
		"bad clock":     `{"offices":[{"id":"x","name":"X","address":"A","languages":["nl"],"hours":{"mon":[{"from":"9h","to":"12:00"}]}}]}`,
		"not json":      `offices: []`,
	} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadOfficesFile(path); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: err = %v, want ErrInvalidConfig", name, err)
		}
	}
}

// dstOffice is open on Sundays around the night the clocks change, and on
// weekday mornings.
func dstOffice() Office {
	return Office{
		ID: "dst", Name: "DST test office", Address: "Nowhere 1", Languages: []string{"nl"},
		Hours: map[string][]Period{
			"sun": {{From: 60, To: 240}, {From: 9 * 60, To: 10 * 60}},
			"fri": {{From: 9 * 60, To: 10 * 60}},
			"mon": {{From: 9 * 60, To: 10 * 60}},
		},
		Services: []Service{{ID: "svc", DurationMinutes: 30, Capacity: 1, HorizonDays: 30}},
	}
}

func TestGridFollowsWallClockAcrossDST(t *testing.T) {
	c, err := newCatalog([]Office{dstOffice()})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := c.service("dst", "svc")
	utc := func(d Date) []string {
		var out []string
		for _, t := range s.grid(d).starts {
			out = append(out, t.Format("01-02T15:04Z"))
		}
		return out
	}
	for _, tc := range []struct {
		day  Date
		want []string
	}{
		// Friday before spring: CET, 09:00 local = 08:00 UTC.
		{Date{2026, 3, 27}, []string{"03-27T08:00Z", "03-27T08:30Z"}},
		// Last Sunday of March: 02:00-03:00 local does not exist and is skipped.
		{Date{2026, 3, 29}, []string{"03-29T00:00Z", "03-29T00:30Z", "03-29T01:00Z", "03-29T01:30Z", "03-29T07:00Z", "03-29T07:30Z"}},
		// Monday after: CEST, 09:00 local = 07:00 UTC.
		{Date{2026, 3, 30}, []string{"03-30T07:00Z", "03-30T07:30Z"}},
		// Friday before autumn: CEST.
		{Date{2026, 10, 23}, []string{"10-23T07:00Z", "10-23T07:30Z"}},
		// Monday after: CET again.
		{Date{2026, 10, 26}, []string{"10-26T08:00Z", "10-26T08:30Z"}},
	} {
		if got := utc(tc.day); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: slots %v, want %v", tc.day, got, tc.want)
		}
	}
	// Last Sunday of October: 02:00-03:00 happens twice; each wall-clock
	// slot appears once, and the day's 09:00 slot is 09:00 CET.
	autumn := s.grid(Date{2026, 10, 25}).starts
	loc, _ := time.LoadLocation("Europe/Brussels")
	var walls []string
	for _, t := range autumn {
		walls = append(walls, t.In(loc).Format("15:04"))
	}
	want := []string{"01:00", "01:30", "02:00", "02:30", "03:00", "03:30", "09:00", "09:30"}
	if !reflect.DeepEqual(walls, want) {
		t.Errorf("autumn wall clock %v, want %v", walls, want)
	}
	if got := autumn[6].Format(time.RFC3339); got != "2026-10-25T08:00:00Z" {
		t.Errorf("autumn 09:00 = %s, want 08:00Z", got)
	}
	if g := s.grid(Date{2026, 3, 28}); len(g.starts) != 0 || g.reason != "booking.day.closed" {
		t.Errorf("Saturday: %+v, want closed", g)
	}
	if g := s.grid(Date{2026, 4, 6}); len(g.starts) != 0 || g.reason != "booking.day.holiday" || g.holiday != "booking.holiday.easter_monday" {
		t.Errorf("Easter Monday: %+v, want holiday", g)
	}
}

func TestCleanContact(t *testing.T) {
	for _, tc := range []struct {
		phone, email string
		wantP, wantE string
		wantErr      bool
	}{
		{"+32 470 12 34 56", "", "+32470123456", "", false},
		{"0470/12.34.56", "a@example.org", "0470123456", "a@example.org", false},
		{"", " a.b@example.org ", "", "a.b@example.org", false},
		{"12345", "", "", "", true},
		{"0470 12 34 56 ext", "", "", "", true},
		{"", "Name <a@example.org>", "", "", true},
		{"", "not-an-address", "", "", true},
	} {
		p, e, err := cleanContact(tc.phone, tc.email)
		if (err != nil) != tc.wantErr || p != tc.wantP || e != tc.wantE {
			t.Errorf("cleanContact(%q, %q) = %q, %q, %v", tc.phone, tc.email, p, e, err)
		}
	}
}

func TestAdministration(t *testing.T) {
	a := DemoAdministration()
	if err := ValidateAdministration(a); err != nil {
		t.Fatal(err)
	}
	if a.NameIn("fr") != a.Name["fr"] || a.NameIn("ti") != a.Name["en"] || func() bool { n, in := a.AccessibilityIn("so"); return n != a.Accessibility["en"] || in != "en" }() {
		t.Error("names and notes fall back to English")
	}
	for _, o := range DemoOffices() {
		if o.Contact.Phone == "" || len(o.Contact.DeskLanguages) == 0 {
			t.Errorf("demo office %s has no contact", o.ID)
		}
	}
	path := filepath.Join(t.TempDir(), "administration.json")
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := LoadAdministrationFile(path)
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Fatalf("round trip: %v\n%+v", err, got)
	}
	for name, text := range map[string]string{
		"unknown field": `{"name":{"en":"X"},"adress":"typo"}`,
		"no english":    `{"name":{"nl":"X"},"address":"A","contact":{"phone":"+32 2 000 00 00"}}`,
		"no way in":     `{"name":{"en":"X"},"address":"A","contact":{}}`,
		"bad phone":     `{"name":{"en":"X"},"address":"A","contact":{"phone":"call us"}}`,
	} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadAdministrationFile(path); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: err = %v, want ErrInvalidConfig", name, err)
		}
	}
}

func TestWeekStartsOnMonday(t *testing.T) {
	w := Week(map[string][]Period{"sun": {{600, 660}}, "mon": {{540, 720}}})
	if len(w) != 7 || w[0].Weekday != time.Monday || w[6].Weekday != time.Sunday {
		t.Fatalf("week %+v", w)
	}
	if len(w[0].Periods) != 1 || len(w[1].Periods) != 0 || w[6].Periods[0].From != 600 {
		t.Errorf("periods %+v", w)
	}
}
