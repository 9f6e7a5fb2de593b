package forms

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateBound is a date limit from a definition: an absolute date, or an
// offset from the day of validation (`today`, `-120y`, `+1y`, `-30d`).
type dateBound struct {
	abs                 time.Time
	relative            bool
	years, months, days int
}

func parseBound(s string) (*dateBound, error) {
	if s == "today" {
		return &dateBound{relative: true}, nil
	}
	if d, ok := parseISODate(s); ok {
		return &dateBound{abs: d}, nil
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return nil, fmt.Errorf("%q is not YYYY-MM-DD, today or an offset like -120y", s)
	}
	n, err := strconv.Atoi(s[1 : len(s)-1])
	if err != nil || n < 0 || n > 10000 || s[1] == '+' || s[1] == '-' {
		return nil, fmt.Errorf("%q: bad number in offset", s)
	}
	if s[0] == '-' {
		n = -n
	}
	b := &dateBound{relative: true}
	switch s[len(s)-1] {
	case 'y':
		b.years = n
	case 'm':
		b.months = n
	case 'd':
		b.days = n
	default:
		return nil, fmt.Errorf("%q: offset unit must be y, m or d", s)
	}
	return b, nil
}

// resolve gives the bound's date for the civil day today.
func (b *dateBound) resolve(today time.Time) time.Time {
	if !b.relative {
		return b.abs
	}
	return today.AddDate(b.years, b.months, b.days)
}

// isToday reports whether the bound is the day of validation itself, which
// gets the plainer "future"/"past" messages.
func (b *dateBound) isToday() bool {
	return b.relative && b.years == 0 && b.months == 0 && b.days == 0
}

// civilDay is the calendar day of t in t's own location, as midnight UTC so
// that dates compare without time-zone surprises.
func civilDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// parseISODate parses exactly YYYY-MM-DD, for definitions.
func parseISODate(s string) (time.Time, bool) {
	d, code := parseDate(s)
	return d, code == "" && len(s) == 10 && s[4] == '-'
}

// parseDate accepts what <input type=date> posts (YYYY-MM-DD) and what
// people type where there is no date picker: DD/MM/YYYY, DD-MM-YYYY and
// DD.MM.YYYY, with any script's digits. It returns codeDateFormat when the
// text is not a date at all, codeDate when it names a day that does not
// exist.
func parseDate(s string) (time.Time, string) {
	s = strings.TrimSpace(asciiDigits(s))
	var y, m, d string
	if parts := strings.Split(s, "-"); len(parts) == 3 && len(parts[0]) == 4 {
		y, m, d = parts[0], parts[1], parts[2]
	} else {
		for _, sep := range []string{"/", "-", "."} {
			if parts := strings.Split(s, sep); len(parts) == 3 {
				d, m, y = parts[0], parts[1], parts[2]
				break
			}
		}
	}
	if !allDigits(y) || len(y) != 4 || !allDigits(m) || len(m) > 2 || !allDigits(d) || len(d) > 2 {
		return time.Time{}, codeDateFormat
	}
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if year < 1 || month < 1 || month > 12 || day < 1 || t.Day() != day {
		return time.Time{}, codeDate
	}
	return t, ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// displayDate is how dates appear inside messages: day/month/year, the
// Belgian order, with ASCII digits.
func displayDate(t time.Time) string {
	return t.Format("02/01/2006")
}
