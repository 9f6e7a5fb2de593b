package bookings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Contact is how people reach an office, or the administration as a whole,
// other than by coming in: a phone number and when it is answered, an
// e-mail address, and the languages staff speak at the desk.
type Contact struct {
	// Phone is written as people dial it from abroad: "+32 2 000 00 00".
	Phone string `json:"phone,omitempty"`
	// PhoneHours are when the phone is answered, by weekday key (mon..sun).
	PhoneHours map[string][]Period `json:"phone_hours,omitempty"`
	Email      string              `json:"email,omitempty"`
	// DeskLanguages are the languages (ISO 639 codes) someone at the desk
	// speaks, beyond the office's official ones; interpreters excluded.
	DeskLanguages []string `json:"desk_languages,omitempty"`
}

// Administration is the administration behind every office: its name in
// each language, the postal address people write to, its central
// helpdesk and its accessibility contact. It is configured as a JSON file
// (see LoadAdministrationFile).
type Administration struct {
	// Name by language code; English is required and the fallback.
	Name map[string]string `json:"name"`
	// Address is the postal address for letters and documents.
	Address string  `json:"address"`
	Contact Contact `json:"contact"`
	// Accessibility holds notes by language code (how to ask for an
	// adapted service, a sign-language interpreter, ...).
	Accessibility map[string]string `json:"accessibility,omitempty"`
}

// NameIn is the administration's name in lang, else in English.
func (a Administration) NameIn(lang string) string {
	if n, ok := a.Name[lang]; ok {
		return n
	}
	return a.Name["en"]
}

// AccessibilityIn is the accessibility note in lang, else in English, with
// the language it is written in.
func (a Administration) AccessibilityIn(lang string) (note, in string) {
	if s, ok := a.Accessibility[lang]; ok {
		return s, lang
	}
	if s, ok := a.Accessibility["en"]; ok {
		return s, "en"
	}
	return "", ""
}

var (
	phonePattern = regexp.MustCompile(`^\+[1-9][0-9 ]{6,20}[0-9]$`)
	langPattern  = regexp.MustCompile(`^[a-z]{2,3}$`)
	emailPattern = regexp.MustCompile(`^[^@\s<>"]+@[^@\s<>"]+\.[a-z]{2,}$`)
)

// validate checks a contact as an administrator wrote it.
func (c Contact) validate(at string) error {
	if c.Phone != "" && !phonePattern.MatchString(c.Phone) {
		return fmt.Errorf("%w: %s.phone %q: write it as +32 2 000 00 00", ErrInvalidConfig, at, c.Phone)
	}
	if len(c.PhoneHours) > 0 && c.Phone == "" {
		return fmt.Errorf("%w: %s.phone_hours without a phone", ErrInvalidConfig, at)
	}
	if c.Email != "" && !emailPattern.MatchString(c.Email) {
		return fmt.Errorf("%w: %s.email %q is not an e-mail address", ErrInvalidConfig, at, c.Email)
	}
	for _, l := range c.DeskLanguages {
		if !langPattern.MatchString(l) {
			return fmt.Errorf("%w: %s.desk_languages: %q is not an ISO 639 code", ErrInvalidConfig, at, l)
		}
	}
	return validateHours(at+".phone_hours", c.PhoneHours)
}

// ValidateAdministration checks the administration's file.
func ValidateAdministration(a Administration) error {
	if strings.TrimSpace(a.Name["en"]) == "" || strings.TrimSpace(a.Address) == "" {
		return fmt.Errorf("%w: administration: name.en and address are required", ErrInvalidConfig)
	}
	if a.Contact.Phone == "" && a.Contact.Email == "" {
		return fmt.Errorf("%w: administration.contact: a phone or an e-mail address is required", ErrInvalidConfig)
	}
	return a.Contact.validate("administration.contact")
}

// LoadAdministrationFile reads and validates the administration file.
func LoadAdministrationFile(path string) (Administration, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Administration{}, fmt.Errorf("bookings: administration file: %w", err)
	}
	var a Administration
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return Administration{}, fmt.Errorf("%w: %s: %v", ErrInvalidConfig, path, err)
	}
	if err := ValidateAdministration(a); err != nil {
		return Administration{}, err
	}
	return a, nil
}

// DayHours are the opening periods of one weekday.
type DayHours struct {
	Weekday time.Weekday
	Periods []Period
}

// Week lists hours Monday first, as Belgians read a week, with closed days
// included (no periods) so that a reader sees every day.
func Week(hours map[string][]Period) []DayHours {
	keys := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	out := make([]DayHours, 0, len(keys))
	for _, k := range keys {
		out = append(out, DayHours{Weekday: weekdayKeys[k], Periods: slices.Clone(hours[k])})
	}
	return out
}
