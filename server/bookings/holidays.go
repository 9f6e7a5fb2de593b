package bookings

import (
	"sort"
	"time"
)

// Holiday is a Belgian public holiday; Key names it in the translations.
type Holiday struct {
	Date Date   `json:"date"`
	Key  string `json:"key"`
}

// Easter is Easter Sunday of the Gregorian year, by the anonymous Gregorian
// computus (Meeus/Jones/Butcher), valid for every Gregorian year.
func Easter(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{year, time.Month(month), day}
}

// Holidays lists Belgium's ten legal public holidays of year, in date order.
func Holidays(year int) []Holiday {
	e := Easter(year)
	hs := []Holiday{
		{Date{year, time.January, 1}, "booking.holiday.new_year"},
		{e.AddDays(1), "booking.holiday.easter_monday"},
		{Date{year, time.May, 1}, "booking.holiday.labour_day"},
		{e.AddDays(39), "booking.holiday.ascension"},
		{e.AddDays(50), "booking.holiday.whit_monday"},
		{Date{year, time.July, 21}, "booking.holiday.national_day"},
		{Date{year, time.August, 15}, "booking.holiday.assumption"},
		{Date{year, time.November, 1}, "booking.holiday.all_saints"},
		{Date{year, time.November, 11}, "booking.holiday.armistice"},
		{Date{year, time.December, 25}, "booking.holiday.christmas"},
	}
	// Ascension falls on 30 April when Easter is on 22 March.
	sort.Slice(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
	return hs
}

// HolidayOn is the translation key of the public holiday on d, or "".
func HolidayOn(d Date) string {
	for _, h := range Holidays(d.Year) {
		if h.Date == d {
			return h.Key
		}
	}
	return ""
}
