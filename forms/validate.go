package forms

import (
	"loket/server/refusal"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Result is the outcome of validating one submission. Values holds every
// field of the form, normalised; when Errors is not empty they are only
// fit for showing the form again.
type Result struct {
	Values map[string]string
	Errors []refusal.Field
}

// OK reports whether the submission passed every rule.
func (r Result) OK() bool { return len(r.Errors) == 0 }

// rawValue is one submitted value; typeOK is false when it had the wrong
// shape (repeated, a JSON number, array or object).
type rawValue struct {
	text   string
	typeOK bool
}

// Validate checks a posted form. Relative date rules use the calendar day
// of now in now's location: pass the office's local time
// (Europe/Brussels), not UTC. Fields posted more than once are refused.
func (f *Form) Validate(values url.Values, now time.Time) Result {
	return f.validate(func(name string) rawValue {
		switch vs := values[name]; len(vs) {
		case 0:
			return rawValue{typeOK: true}
		case 1:
			return rawValue{text: vs[0], typeOK: true}
		default:
			return rawValue{}
		}
	}, now)
}

// ValidateJSON checks an API body decoded into a map. Strings are expected
// (consent also takes true/false; null counts as absent); any other JSON
// type is a form.error.type error. Unknown properties are ignored.
func (f *Form) ValidateJSON(body map[string]any, now time.Time) Result {
	return f.validate(func(name string) rawValue {
		switch v := body[name].(type) {
		case nil:
			return rawValue{typeOK: true}
		case string:
			return rawValue{text: v, typeOK: true}
		case bool:
			fd := f.field(name)
			if fd != nil && fd.typ == typeConsent {
				if v {
					return rawValue{text: "yes", typeOK: true}
				}
				return rawValue{typeOK: true}
			}
		}
		return rawValue{}
	}, now)
}

func (f *Form) field(name string) *field {
	for _, fd := range f.fields {
		if fd.name == name {
			return fd
		}
	}
	return nil
}

func (f *Form) validate(get func(name string) rawValue, now time.Time) Result {
	today := civilDay(now)
	res := Result{Values: make(map[string]string, len(f.fields))}
	errs := make([]*refusal.Field, len(f.fields))
	for i, fd := range f.fields {
		res.Values[fd.name], errs[i] = fd.check(get(fd.name), today)
	}
	for i, fd := range f.fields {
		if errs[i] == nil && res.Values[fd.name] == "" &&
			slices.ContainsFunc(fd.requiredWith, func(other string) bool { return res.Values[other] != "" }) {
			code := codeRequired
			if fd.typ == typeConsent {
				code = codeConsent
			}
			errs[i] = fd.fail(code)
		}
		if errs[i] != nil {
			res.Errors = append(res.Errors, *errs[i])
		}
	}
	return res
}

// check validates one field and returns its normalised value (or, on
// error, the value to show again).
func (fd *field) check(raw rawValue, today time.Time) (string, *refusal.Field) {
	multiline := fd.typ == typeTextarea
	if !raw.typeOK {
		return "", fd.fail(codeType)
	}
	s := raw.text
	// Refuse huge values before any work on them: max runes of at most
	// 4 bytes each, with some room for surrounding spaces.
	if len(s) > 4*fd.maxLen+64 {
		return displayable(s, fd.maxLen, multiline), fd.fail(codeTooLong, "max", fd.maxLen)
	}
	if multiline {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	if !cleanText(s, multiline) {
		return displayable(s, fd.maxLen, multiline), fd.fail(codeText)
	}
	for _, t := range fd.transforms {
		s = t(s)
	}
	if fd.typ == typeConsent {
		return fd.checkConsent(s)
	}
	if strings.TrimSpace(s) == "" {
		if fd.required {
			return s, fd.fail(codeRequired)
		}
		return "", nil
	}
	if n := utf8.RuneCountInString(s); n > fd.maxLen {
		return displayable(s, fd.maxLen, multiline), fd.fail(codeTooLong, "max", fd.maxLen)
	} else if n < fd.minLen {
		return s, fd.fail(codeTooShort, "min", fd.minLen)
	}
	var err *refusal.Field
	switch fd.typ {
	case typeDate:
		return fd.checkDate(s, today)
	case typeSelect:
		err = fd.checkOption(s)
	case typeEmail:
		s = strings.TrimSpace(s)
		if !emailPattern.MatchString(s) {
			err = fd.fail(codeEmail)
		}
	case typePhone:
		s = phoneChars.ReplaceAllString(asciiDigits(strings.TrimSpace(s)), "")
		if !phonePattern.MatchString(s) {
			err = fd.fail(codePhone)
		}
	case typePin:
		s = strings.Map(dropSpace, asciiDigits(s))
		if !allDigits(s) {
			err = fd.fail(codeDigits)
		}
	}
	if err == nil && fd.pattern != nil && !fd.pattern.MatchString(s) {
		err = fd.fail(codePattern)
	}
	return s, err
}

var (
	// emailPattern refuses, besides blanks and a second @, the characters
	// no ordinary address has and a spreadsheet or mail header reads as
	// structure: separators (, ; :), quotes, brackets and backslashes. An
	// address "a;=HYPERLINK(...);@evil.example" would become a formula
	// cell in a CSV export opened by Excel in a semicolon locale.
	emailPattern = regexp.MustCompile(`^[^\s@,;:"()<>\[\]\\]+@[^\s@.,;:"()<>\[\]\\]+(\.[^\s@.,;:"()<>\[\]\\]+)+$`)
	phoneChars   = regexp.MustCompile(`[\s()./\-]`)
	phonePattern = regexp.MustCompile(`^\+?[0-9]{6,15}$`)
)

// consentValues are the posted values meaning "ticked": what a checkbox
// sends plus what API clients are likely to send.
var consentValues = []string{"yes", "on", "true", "1"}

func (fd *field) checkConsent(s string) (string, *refusal.Field) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		if fd.required {
			return "", fd.fail(codeConsent)
		}
		return "", nil
	case slices.Contains(consentValues, s):
		return "yes", nil
	}
	return "", fd.fail(codeType)
}

func (fd *field) checkOption(s string) *refusal.Field {
	for _, o := range fd.options {
		if o.Value == s {
			return nil
		}
	}
	return fd.fail(codeOption)
}

func (fd *field) checkDate(s string, today time.Time) (string, *refusal.Field) {
	d, code := parseDate(s)
	if code != "" {
		return s, fd.fail(code)
	}
	iso := d.Format(time.DateOnly)
	if fd.min != nil {
		if min := fd.min.resolve(today); d.Before(min) {
			if fd.min.isToday() {
				return iso, fd.fail(codeDatePast)
			}
			return iso, fd.fail(codeDateMin, "min", displayDate(min))
		}
	}
	if fd.max != nil {
		if max := fd.max.resolve(today); d.After(max) {
			if fd.max.isToday() {
				return iso, fd.fail(codeDateFuture)
			}
			return iso, fd.fail(codeDateMax, "max", displayDate(max))
		}
	}
	return iso, nil
}
