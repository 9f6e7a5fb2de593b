package bookings

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	for _, tc := range []struct {
		year int
		want Date
	}{
		{1818, Date{1818, time.March, 22}}, // earliest possible
		{1943, Date{1943, time.April, 25}}, // latest possible
		{2000, Date{2000, time.April, 23}},
		{2019, Date{2019, time.April, 21}},
		{2024, Date{2024, time.March, 31}},
		{2025, Date{2025, time.April, 20}},
		{2026, Date{2026, time.April, 5}},
		{2027, Date{2027, time.March, 28}},
		{2038, Date{2038, time.April, 25}},
	} {
		if got := Easter(tc.year); got != tc.want {
			t.Errorf("Easter(%d) = %v, want %v", tc.year, got, tc.want)
		}
	}
}

func TestHolidays(t *testing.T) {
	for _, tc := range []struct {
		year int
		want []string
	}{
		{2024, []string{"2024-01-01", "2024-04-01", "2024-05-01", "2024-05-09", "2024-05-20", "2024-07-21", "2024-08-15", "2024-11-01", "2024-11-11", "2024-12-25"}},
		{2025, []string{"2025-01-01", "2025-04-21", "2025-05-01", "2025-05-29", "2025-06-09", "2025-07-21", "2025-08-15", "2025-11-01", "2025-11-11", "2025-12-25"}},
		{2026, []string{"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25", "2026-07-21", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"}},
		{2027, []string{"2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-17", "2027-07-21", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25"}},
		// Easter on 22 March puts Ascension on 30 April, before Labour Day.
		{2285, []string{"2285-01-01", "2285-03-23", "2285-04-30", "2285-05-01", "2285-05-11", "2285-07-21", "2285-08-15", "2285-11-01", "2285-11-11", "2285-12-25"}},
	} {
		hs := Holidays(tc.year)
		if len(hs) != len(tc.want) {
			t.Fatalf("%d: %d holidays, want %d", tc.year, len(hs), len(tc.want))
		}
		for i, h := range hs {
			if h.Date.String() != tc.want[i] {
				t.Errorf("%d: holiday %d (%s) = %s, want %s", tc.year, i, h.Key, h.Date, tc.want[i])
			}
			if HolidayOn(h.Date) != h.Key {
				t.Errorf("HolidayOn(%s) = %q, want %q", h.Date, HolidayOn(h.Date), h.Key)
			}
		}
	}
	if k := HolidayOn(Date{2026, time.April, 7}); k != "" {
		t.Errorf("2026-04-07 is a holiday %q", k)
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2026-12-31")
	if err != nil || d.AddDays(1) != (Date{2027, time.January, 1}) || d.Weekday() != time.Thursday {
		t.Fatalf("ParseDate: %v %v %v", d, d.AddDays(1), err)
	}
	if _, err := ParseDate("2026-02-30"); err == nil {
		t.Error("2026-02-30 parsed")
	}
	var back Date
	b, _ := d.MarshalText()
	if err := back.UnmarshalText(b); err != nil || back != d {
		t.Errorf("round trip %s -> %v %v", b, back, err)
	}
}
