package bookings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Procedures are the keys of the procedures a service can be open to.
var Procedures = []string{"asylum", "family", "study", "work", "short_stay", "regularisation", "statelessness", "return", "eu_citizen", "temporary_protection"}

// officeLanguages are the languages an office can work in: Belgium's three.
var officeLanguages = []string{"nl", "fr", "de"}

// weekdayKeys name the days in Hours, Monday first as in Belgium.
var weekdayKeys = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

// Office is a place where people come for their appointments. Offices are
// edited by administrators as a JSON file (see LoadOfficesFile).
type Office struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address"`
	MapURL  string `json:"map_url,omitempty"`
	// Accessibility holds notes (step-free entrance, hearing loop) by language code.
	Accessibility map[string]string `json:"accessibility,omitempty"`
	// Languages the office works in, among nl, fr, de; the first is the main one.
	Languages []string `json:"languages"`
	// TimeZone defaults to Europe/Brussels. Slot times are wall-clock times there.
	TimeZone string `json:"time_zone,omitempty"`
	// Hours are the opening hours by weekday key (mon..sun); a day left out is closed.
	// Several periods in a day leave breaks between them.
	Hours    map[string][]Period `json:"hours"`
	Closures []Closure           `json:"closures,omitempty"`
	Services []Service           `json:"services"`
	// Contact is the office's phone, e-mail and desk languages.
	Contact Contact `json:"contact,omitzero"`
	// CallLanguages are the languages of the hall's call display, labels
	// and spoken calls, in order; empty: the office's languages and English.
	CallLanguages []string `json:"call_languages,omitempty"`
	// SilentCalls turns the call display's chime and spoken calls off.
	SilentCalls bool `json:"silent_calls,omitempty"`
}

// callLanguagePattern is a language code as the catalogs name them.
var callLanguagePattern = regexp.MustCompile(`^[a-z]{2,3}$`)

// Calls are the languages of the office's call display (see CallLanguages).
func (o Office) Calls() []string {
	if len(o.CallLanguages) > 0 {
		return o.CallLanguages
	}
	if slices.Contains(o.Languages, "en") {
		return o.Languages
	}
	return append(slices.Clip(o.Languages), "en")
}

// Period is an opening period within a day, From inclusive, To exclusive.
type Period struct {
	From Clock `json:"from"`
	To   Clock `json:"to"`
}

// Clock is a wall-clock time of day in minutes after midnight, written "09:30".
type Clock int

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText writes "HH:MM".
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "HH:MM" (24:00 allowed as the end of a day).
func (c *Clock) UnmarshalText(b []byte) error {
	var h, m int
	if n, err := fmt.Sscanf(string(b), "%d:%d", &h, &m); err != nil || n != 2 || len(b) != 5 ||
		h < 0 || m < 0 || m > 59 || h*60+m > 24*60 {
		return fmt.Errorf("%w: time of day %q, want HH:MM", ErrInvalidConfig, b)
	}
	*c = Clock(h*60 + m)
	return nil
}

// Closure closes an office on the days From to To inclusive (works, strikes,
// bridge days), or, when Start or End is set, one day (From equal to To)
// from Start to End only (an outage in the morning). Reason is shown to
// staff, not translated.
type Closure struct {
	From   Date   `json:"from"`
	To     Date   `json:"to"`
	Start  Clock  `json:"start,omitempty"`
	End    Clock  `json:"end,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// PartDay reports whether c closes only part of its day.
func (c Closure) PartDay() bool { return c.Start != 0 || c.End != 0 }

// Covers reports whether c closes all of day d.
func (c Closure) Covers(d Date) bool { return !c.PartDay() && c.On(d) }

// On reports whether c closes day d, or part of it.
func (c Closure) On(d Date) bool { return !d.Before(c.From) && !c.To.Before(d) }

// Span is the instants c closes, [from, to), in loc.
func (c Closure) Span(loc *time.Location) (from, to time.Time) {
	if c.PartDay() {
		return c.From.At(int(c.Start), loc), c.From.At(int(c.End), loc)
	}
	return c.From.At(0, loc), c.To.AddDays(1).At(0, loc)
}

// validate checks one closure as staff or the offices file give it.
func (c Closure) Validate() error {
	switch {
	case c.From.IsZero() || c.To.IsZero() || c.To.Before(c.From):
		return ErrClosureDates
	case c.PartDay() && c.From != c.To:
		return ErrClosurePartDay
	case c.PartDay() && (c.End <= c.Start || c.End > 24*60):
		return ErrClosureHours
	case utf8.RuneCountInString(c.Reason) > MaxClosureReason:
		return ErrClosureReason
	}
	return nil
}

// MaxClosureReason bounds the reason staff give for a closure, in characters.
const MaxClosureReason = 200

// Service is something an office offers by appointment.
type Service struct {
	// ID names the service and its translations: booking.service.<id>.
	ID              string `json:"id"`
	DurationMinutes int    `json:"duration_minutes"`
	// Capacity is the number of desks: how many people share one slot.
	Capacity int `json:"capacity"`
	// HorizonDays is how many days ahead people may book.
	HorizonDays int `json:"horizon_days"`
	// LeadMinutes is the minimum time between booking and appointment.
	LeadMinutes int `json:"lead_minutes"`
	// Procedures lists the procedure keys that may book; empty means all.
	Procedures      []string `json:"procedures,omitempty"`
	DossierRequired bool     `json:"dossier_required,omitempty"`
	// Checklist holds translation keys of the documents to bring (the
	// console offers ChecklistItems).
	Checklist []string `json:"checklist,omitempty"`
	// Hours replaces the office's hours for this service when set.
	Hours map[string][]Period `json:"hours,omitempty"`
	// Names are the service's name by language code, given by staff; a
	// language without one reads the shipped translation
	// (booking.service.<id>), else another language's name (NameIn).
	Names map[string]string `json:"names,omitempty"`
	// Inactive services take no new bookings and no walk-ins; their
	// bookings are kept and their ticket letter stays reserved.
	Inactive bool `json:"inactive,omitempty"`
}

// Translator is what NameIn needs of a language's catalog.
type Translator interface {
	Lang() string
	Has(key string) bool
	T(key string, args ...any) string
}

// NameIn is the service's name for a reader of p's language: the name
// staff gave in that language, else the shipped translation, else the
// name staff gave in English, then in nl, fr or de, then any, else the id.
func (s Service) NameIn(p Translator) string {
	if n := s.Names[p.Lang()]; n != "" {
		return n
	}
	if p.Has(s.NameKey()) {
		return p.T(s.NameKey())
	}
	for _, l := range []string{"en", "nl", "fr", "de"} {
		if n := s.Names[l]; n != "" {
			return n
		}
	}
	for _, l := range slices.Sorted(maps.Keys(s.Names)) {
		if s.Names[l] != "" {
			return s.Names[l]
		}
	}
	return s.ID
}

// MaxServices bounds an office's services, active or not: each has its
// own ticket letter (queue.Letters: A to Z without I and O).
const MaxServices = 24

// MaxServiceName bounds a service name staff give, in characters.
const MaxServiceName = 80

// NameKey is the translation key of the service's name.
func (s Service) NameKey() string { return "booking.service." + s.ID }

// Duration is the length of one appointment.
func (s Service) Duration() time.Duration { return time.Duration(s.DurationMinutes) * time.Minute }

// OpenTo reports whether a person in procedure may book s.
func (s Service) OpenTo(procedure string) bool {
	return len(s.Procedures) == 0 || slices.Contains(s.Procedures, procedure)
}

// Service finds a service of o by id.
func (o Office) Service(id string) (Service, bool) {
	for _, s := range o.Services {
		if s.ID == id {
			return s, true
		}
	}
	return Service{}, false
}

// Location is the office's time zone.
func (o Office) Location() (*time.Location, error) {
	name := o.TimeZone
	if name == "" {
		name = "Europe/Brussels"
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: office %s: time zone %q: %v", ErrInvalidConfig, o.ID, name, err)
	}
	return loc, nil
}

// AccessibilityIn is the accessibility note in lang, else in English, else
// in one of the office's languages, with the language it is written in (a
// page marks a note in another language as such, WCAG 3.1.2).
func (o Office) AccessibilityIn(lang string) (note, in string) {
	langs := append([]string{lang, "en"}, o.Languages...)
	for _, l := range langs {
		if s, ok := o.Accessibility[l]; ok {
			return s, l
		}
	}
	return "", ""
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ValidateOffices checks a set of offices as an administrator wrote it, so
// a typo is refused when saved, not found by a visitor.
func ValidateOffices(offices []Office) error {
	if len(offices) == 0 {
		return fmt.Errorf("%w: no offices", ErrInvalidConfig)
	}
	seen := map[string]bool{}
	for i, o := range offices {
		at := fmt.Sprintf("offices[%d]", i)
		if !idPattern.MatchString(o.ID) {
			return fmt.Errorf("%w: %s.id %q: use a-z, 0-9, _ and -", ErrInvalidConfig, at, o.ID)
		}
		if seen[o.ID] {
			return fmt.Errorf("%w: %s: office id %q used twice", ErrInvalidConfig, at, o.ID)
		}
		seen[o.ID] = true
		if strings.TrimSpace(o.Name) == "" || strings.TrimSpace(o.Address) == "" {
			return fmt.Errorf("%w: %s: name and address are required", ErrInvalidConfig, at)
		}
		if len(o.Languages) == 0 {
			return fmt.Errorf("%w: %s.languages: at least one of nl, fr, de", ErrInvalidConfig, at)
		}
		for _, l := range o.Languages {
			if !slices.Contains(officeLanguages, l) {
				return fmt.Errorf("%w: %s.languages: %q is not nl, fr or de", ErrInvalidConfig, at, l)
			}
		}
		if len(o.CallLanguages) > 8 {
			return fmt.Errorf("%w: %s.call_languages: at most 8", ErrInvalidConfig, at)
		}
		for _, l := range o.CallLanguages {
			if !callLanguagePattern.MatchString(l) {
				return fmt.Errorf("%w: %s.call_languages: %q is not a language code", ErrInvalidConfig, at, l)
			}
		}
		if _, err := o.Location(); err != nil {
			return err
		}
		if err := validateHours(at+".hours", o.Hours); err != nil {
			return err
		}
		if err := o.Contact.validate(at + ".contact"); err != nil {
			return err
		}
		for j, c := range o.Closures {
			if err := c.Validate(); err != nil {
				return fmt.Errorf("%w: %s.closures[%d]: %v", ErrInvalidConfig, at, j, err)
			}
		}
		if len(o.Services) == 0 || len(o.Services) > MaxServices {
			return fmt.Errorf("%w: %s: between 1 and %d services", ErrInvalidConfig, at, MaxServices)
		}
		ids := map[string]bool{}
		for j, s := range o.Services {
			if err := validateService(fmt.Sprintf("%s.services[%d]", at, j), s, ids); err != nil {
				return err
			}
		}
	}
	return nil
}

func validateService(at string, s Service, ids map[string]bool) error {
	switch {
	case !idPattern.MatchString(s.ID):
		return fmt.Errorf("%w: %s.id %q: use a-z, 0-9, _ and -", ErrInvalidConfig, at, s.ID)
	case ids[s.ID]:
		return fmt.Errorf("%w: %s: service id %q used twice", ErrInvalidConfig, at, s.ID)
	case s.DurationMinutes < 5 || s.DurationMinutes > 480:
		return fmt.Errorf("%w: %s.duration_minutes: between 5 and 480", ErrInvalidConfig, at)
	case s.Capacity < 1 || s.Capacity > 1000:
		return fmt.Errorf("%w: %s.capacity: between 1 and 1000", ErrInvalidConfig, at)
	case s.HorizonDays < 1 || s.HorizonDays > 366:
		return fmt.Errorf("%w: %s.horizon_days: between 1 and 366", ErrInvalidConfig, at)
	case s.LeadMinutes < 0 || s.LeadMinutes > s.HorizonDays*24*60:
		return fmt.Errorf("%w: %s.lead_minutes: between 0 and the horizon", ErrInvalidConfig, at)
	}
	ids[s.ID] = true
	for _, p := range s.Procedures {
		if !slices.Contains(Procedures, p) {
			return fmt.Errorf("%w: %s.procedures: unknown procedure %q", ErrInvalidConfig, at, p)
		}
	}
	for _, k := range s.Checklist {
		if !strings.HasPrefix(k, "booking.") {
			return fmt.Errorf("%w: %s.checklist: %q is not a translation key", ErrInvalidConfig, at, k)
		}
	}
	for l, n := range s.Names {
		if !callLanguagePattern.MatchString(l) || utf8.RuneCountInString(n) > MaxServiceName || strings.TrimSpace(n) != n {
			return fmt.Errorf("%w: %s.names[%s]: a language code and at most %d characters", ErrInvalidConfig, at, l, MaxServiceName)
		}
	}
	if s.Hours != nil {
		return validateHours(at+".hours", s.Hours)
	}
	return nil
}

func validateHours(at string, hours map[string][]Period) error {
	for day, ps := range hours {
		if _, ok := weekdayKeys[day]; !ok {
			return fmt.Errorf("%w: %s: %q is not one of mon..sun", ErrInvalidConfig, at, day)
		}
		for i, p := range ps {
			if p.To <= p.From {
				return fmt.Errorf("%w: %s.%s[%d]: %s-%s ends before it starts", ErrInvalidConfig, at, day, i, p.From, p.To)
			}
			if i > 0 && p.From < ps[i-1].To {
				return fmt.Errorf("%w: %s.%s[%d]: periods must be in order without overlap", ErrInvalidConfig, at, day, i)
			}
		}
	}
	return nil
}

// officesFile is the shape of the administrators' JSON file.
type officesFile struct {
	Offices []Office `json:"offices"`
}

// LoadOfficesFile reads and validates the offices file at path.
func LoadOfficesFile(path string) ([]Office, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("bookings: offices file: %w", err)
	}
	var f officesFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalidConfig, path, err)
	}
	if err := ValidateOffices(f.Offices); err != nil {
		return nil, err
	}
	return f.Offices, nil
}

// SaveOfficesFile validates offices and writes them to path, through a
// temporary file and a rename so a reader never sees half a file.
func SaveOfficesFile(path string, offices []Office) error {
	if err := ValidateOffices(offices); err != nil {
		return err
	}
	b, err := json.MarshalIndent(officesFile{offices}, "", "  ")
	if err != nil {
		return fmt.Errorf("bookings: offices file: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".offices-*.json")
	if err != nil {
		return fmt.Errorf("bookings: offices file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("bookings: offices file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("bookings: offices file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("bookings: offices file: %w", err)
	}
	return nil
}

// ChecklistItems are the documents to bring that every catalog
// translates, in the order the console offers them; a service's
// checklist is chosen from them (an offices file may name other keys,
// which the console keeps).
var ChecklistItems = []string{
	"booking.bring.passport", "booking.bring.id_document", "booking.bring.letter", "booking.bring.letters_received",
	"booking.bring.originals", "booking.bring.copies", "booking.bring.photo", "booking.bring.address_proof",
}
