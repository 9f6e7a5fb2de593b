package bookings

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePeriods(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "",
		"09:00-12:00":               "09:00-12:00",
		"13:00–16:00; 9:00 - 12:00": "09:00-12:00, 13:00-16:00",
		"08.30-12.30, 13h30-15h30":  "08:30-12:30, 13:30-15:30",
		"00:00-24:00":               "00:00-24:00",
	} {
		got, err := ParsePeriods(in)
		if err != nil || FormatPeriods(got) != want {
			t.Errorf("%q: %q %v, want %q", in, FormatPeriods(got), err, want)
		}
	}
	for in, want := range map[string]error{
		"12:00-09:00":              ErrHoursOrder,
		"09:00-09:00":              ErrHoursOrder,
		"09:00-12:00, 11:30-13:00": ErrHoursOverlap,
		"nine to five":             ErrHoursFormat,
		"09:00-24:30":              ErrHoursFormat,
		"09:60-10:00":              ErrHoursFormat,
		"09:00":                    ErrHoursFormat,
	} {
		if _, err := ParsePeriods(in); !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", in, err, want)
		}
	}
}

// shipped is a catalog that knows one service's shipped name.
type shipped struct{ lang string }

func (s shipped) Lang() string        { return s.lang }
func (s shipped) Has(key string) bool { return key == "booking.service.biometrics" }
func (s shipped) T(key string, _ ...any) string {
	return s.lang + ":" + strings.TrimPrefix(key, "booking.service.")
}

func TestNameInFallsBackSensibly(t *testing.T) {
	shippedOne := Service{ID: "biometrics", Names: map[string]string{"nl": "Vingerafdrukken"}}
	newOne := Service{ID: "residence_card", Names: map[string]string{"fr": "Carte de séjour", "ti": "ካርድ"}}
	for _, c := range []struct {
		s    Service
		lang string
		want string
	}{
		{shippedOne, "nl", "Vingerafdrukken"},                                    // staff's name in the reader's language
		{shippedOne, "ar", "ar:biometrics"},                                      // else the shipped translation
		{newOne, "ti", "ካርድ"},                                                    // staff's name in the reader's language
		{newOne, "ar", "Carte de séjour"},                                        // else English, nl, fr or de
		{Service{ID: "x", Names: map[string]string{"uk": "Ім'я"}}, "ar", "Ім'я"}, // else any
		{Service{ID: "bare"}, "en", "bare"},                                      // else the code
	} {
		if got := c.s.NameIn(shipped{c.lang}); got != c.want {
			t.Errorf("%s in %s: %q, want %q", c.s.ID, c.lang, got, c.want)
		}
	}
}

func TestOfficeChangesListFieldsBeforeAndAfter(t *testing.T) {
	before := DemoOffices()[0]
	after := before.Clone()
	after.Hours["mon"] = []Period{{From: 9 * 60, To: 11 * 60}}
	after.SilentCalls = true
	after.Services[0].Names = map[string]string{"fr": "Dépôt"}
	after.Services[1].Inactive = true
	after.Services = append(after.Services, Service{ID: "new", DurationMinutes: 10, Capacity: 1, HorizonDays: 7, Names: map[string]string{"en": "New"}})
	var got []string
	for _, c := range OfficeChanges(before, after) {
		got = append(got, c.Field+": "+c.Before+" → "+c.After)
	}
	want := []string{
		"hours.mon: 09:00-12:00, 13:00-16:00 → 09:00-11:00",
		"silent_calls: false → true",
		"service.submit_documents.name.fr:  → Dépôt",
		"service.biometrics.inactive: false → true",
		"service.new:  → duration 10, capacity 1, horizon 7",
		"service.new.name.en:  → New",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if before.Hours["mon"][0].To != 12*60 || before.Services[1].Inactive {
		t.Error("editing the clone changed the original")
	}
	if len(OfficeChanges(before, before.Clone())) != 0 {
		t.Error("an unchanged office has changes")
	}
}
