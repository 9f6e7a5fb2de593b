package bookings

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// WeekdayKeys are the keys of Office.Hours, Monday first as in Belgium.
var WeekdayKeys = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// periodPattern is one opening period as staff type it: "09:00-12:30",
// with a hyphen, an en dash or "to"-less spaces around it; "9:00" too.
var periodPattern = regexp.MustCompile(`^(\d{1,2})[:.h](\d{2})\s*[-–—]\s*(\d{1,2})[:.h](\d{2})$`)

// ParsePeriods reads a day's opening hours as staff type them: periods
// "09:00-12:00, 13:00-16:00" separated by commas or semicolons, the gaps
// between them being breaks; empty is closed. Periods are put in order;
// one that ends before it starts (ErrHoursOrder) or overlaps another
// (ErrHoursOverlap) is refused, and so is anything else (ErrHoursFormat).
func ParsePeriods(s string) ([]Period, error) {
	var out []Period
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := periodPattern.FindStringSubmatch(part)
		if m == nil {
			return nil, ErrHoursFormat
		}
		var n [4]int
		for i := range n {
			n[i], _ = strconv.Atoi(m[i+1])
		}
		if n[0] > 24 || n[1] > 59 || n[2] > 24 || n[3] > 59 || n[0]*60+n[1] > 24*60 || n[2]*60+n[3] > 24*60 {
			return nil, ErrHoursFormat
		}
		p := Period{From: Clock(n[0]*60 + n[1]), To: Clock(n[2]*60 + n[3])}
		if p.To <= p.From {
			return nil, ErrHoursOrder
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Period) int { return int(a.From - b.From) })
	for i := 1; i < len(out); i++ {
		if out[i].From < out[i-1].To {
			return nil, ErrHoursOverlap
		}
	}
	return out, nil
}

// FormatPeriods writes periods as ParsePeriods reads them.
func FormatPeriods(ps []Period) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.From.String() + "-" + p.To.String()
	}
	return strings.Join(parts, ", ")
}

// Change is one field of an office that an edit changed, as the audit
// trail records it: no personal data, only what staff set.
type Change struct {
	Field, Before, After string
}

// OfficeChanges lists what differs between two versions of an office, in
// a stable order: "name", "address", "accessibility.<lang>",
// "hours.<day>", "call_languages", "silent_calls", and per service
// "service.<id>" (added), "service.<id>.name.<lang>", ".checklist", ".duration_minutes",
// ".capacity", ".horizon_days", ".lead_minutes", ".inactive".
func OfficeChanges(before, after Office) []Change {
	var out []Change
	add := func(field, b, a string) {
		if b != a {
			out = append(out, Change{field, b, a})
		}
	}
	add("name", before.Name, after.Name)
	add("address", before.Address, after.Address)
	for _, l := range unionKeys(before.Accessibility, after.Accessibility) {
		add("accessibility."+l, before.Accessibility[l], after.Accessibility[l])
	}
	for _, d := range WeekdayKeys {
		add("hours."+d, FormatPeriods(before.Hours[d]), FormatPeriods(after.Hours[d]))
	}
	add("call_languages", strings.Join(before.Calls(), " "), strings.Join(after.Calls(), " "))
	add("silent_calls", strconv.FormatBool(before.SilentCalls), strconv.FormatBool(after.SilentCalls))
	for _, s := range after.Services {
		at := "service." + s.ID
		old, ok := before.Service(s.ID)
		if !ok {
			add(at, "", fmt.Sprintf("duration %d, capacity %d, horizon %d", s.DurationMinutes, s.Capacity, s.HorizonDays))
		}
		for _, l := range unionKeys(old.Names, s.Names) {
			add(at+".name."+l, old.Names[l], s.Names[l])
		}
		add(at+".checklist", strings.Join(old.Checklist, " "), strings.Join(s.Checklist, " "))
		if !ok {
			continue
		}
		add(at+".duration_minutes", strconv.Itoa(old.DurationMinutes), strconv.Itoa(s.DurationMinutes))
		add(at+".capacity", strconv.Itoa(old.Capacity), strconv.Itoa(s.Capacity))
		add(at+".horizon_days", strconv.Itoa(old.HorizonDays), strconv.Itoa(s.HorizonDays))
		add(at+".lead_minutes", strconv.Itoa(old.LeadMinutes), strconv.Itoa(s.LeadMinutes))
		add(at+".inactive", strconv.FormatBool(old.Inactive), strconv.FormatBool(s.Inactive))
	}
	return out
}

func unionKeys(a, b map[string]string) []string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
