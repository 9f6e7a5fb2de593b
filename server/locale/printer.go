package locale

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Printer prints messages in one language, falling back along the
// language's chain for keys it lacks. It is safe for concurrent use and
// built once per language, so templates get it in their data and never
// share mutable state between requests.
type Printer struct {
	meta Meta
	// msgs holds every key of the chain, resolved once: the message with
	// its digits in the printer's system, and the language it came from,
	// whose plural rules apply.
	msgs     map[string]entry
	reviewed map[string]bool
	// chain is the language codes the printer falls back along.
	chain []string
}

type entry struct {
	msg  Message
	lang string
}

func newPrinter(c *Catalogs, code string) *Printer {
	p := &Printer{meta: c.byCode[code].Meta, msgs: map[string]entry{}, reviewed: map[string]bool{}, chain: c.Chain(code)}
	digits := p.meta.Digits
	for _, x := range p.chain {
		for k, m := range c.byCode[x].Messages {
			if _, ok := p.msgs[k]; ok {
				continue
			}
			m.Text = toDigits(m.Text, digits)
			if m.Plural != nil {
				forms := make(map[string]string, len(m.Plural))
				for cat, t := range m.Plural {
					forms[cat] = toDigits(t, digits)
				}
				m.Plural = forms
			}
			p.msgs[k] = entry{msg: m, lang: x}
		}
	}
	for _, k := range p.meta.ReviewedKeys {
		p.reviewed[k] = true
	}
	return p
}

// Lang is the printer's language code, for the lang attribute.
func (p *Printer) Lang() string { return p.meta.Code }

// Dir is "ltr" or "rtl", for the dir attribute.
func (p *Printer) Dir() string { return p.meta.Dir }

// Meta is the printer's catalog metadata.
func (p *Printer) Meta() Meta { return p.meta }

// Has reports whether key exists anywhere in the chain.
func (p *Printer) Has(key string) bool {
	_, ok := p.msgs[key]
	return ok
}

// Reviewed reports whether a professional translator checked every one of
// keys in the printer's language: the whole catalog is reviewed (or is a
// source language), or each key is listed as reviewed and printed from
// this catalog, not a fallback. With no keys it asks about the catalog.
func (p *Printer) Reviewed(keys ...string) bool {
	if p.meta.Reviewed {
		return true
	}
	if len(keys) == 0 {
		return false
	}
	for _, k := range keys {
		if e, ok := p.msgs[k]; !ok || e.lang != p.meta.Code || !p.reviewed[k] {
			return false
		}
	}
	return true
}

// T prints the message for key with named arguments given as pairs:
// T("slots.left", "count", 3). A "count" argument selects the plural form
// (or else the last int argument: "at most {max} days").
// A missing key prints the key itself, so a gap is visible, not silent.
//
// An int argument prints in the language's digits; a time.Time prints as
// a time of day for a placeholder named "time", else as a date in the form
// the language uses inside a sentence ("date.inline"), so that "since
// {date}" stays grammatical where a weekday would need another case.
func (p *Printer) T(key string, args ...any) string {
	e, ok := p.msgs[key]
	if !ok {
		return key
	}
	text := e.msg.Text
	if e.msg.Plural != nil {
		n, found := countArg(args)
		text = e.msg.Plural[category(e.lang, n, found)]
		if text == "" {
			text = e.msg.Plural["other"]
		}
	}
	return p.substitute(text, args)
}

// countArg finds the number that selects a plural form: the "count"
// argument, or else the last int argument, as the counted noun follows the
// last number ("8 to 64 characters").
func countArg(args []any) (any, bool) {
	var last any
	found := false
	for i := 0; i+1 < len(args); i += 2 {
		if args[i] == "count" {
			return args[i+1], true
		}
		if _, ok := args[i+1].(int); ok {
			last, found = args[i+1], true
		}
	}
	return last, found
}

// category is the plural category of a count argument in lang; "other"
// when there is none or it is not a whole number.
func category(lang string, n any, found bool) string {
	if !found {
		return "other"
	}
	i, ok := n.(int)
	if !ok {
		var err error
		if i, err = strconv.Atoi(fmt.Sprint(n)); err != nil {
			return "other"
		}
	}
	return pluralCategory(lang, i)
}

// substitute replaces {name} placeholders with the named arguments; a
// placeholder without an argument stays as it is.
func (p *Printer) substitute(text string, args []any) string {
	if len(args) < 2 || !strings.Contains(text, "{") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 16)
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(text[:i])
		if v, ok := p.argNamed(args, text[i+1:i+j]); ok {
			b.WriteString(v)
			text = text[i+j+1:]
		} else {
			// Not a placeholder of ours: keep the brace and look on
			// from the next character, as "{{count}" holds one.
			b.WriteByte('{')
			text = text[i+1:]
		}
	}
	b.WriteString(text)
	return b.String()
}

// argNamed formats the argument called name.
func (p *Printer) argNamed(args []any, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == name {
			switch v := args[i+1].(type) {
			case string:
				return v, true
			case int:
				return p.Number(v), true
			case time.Time:
				if name == "time" {
					return p.Time(v), true
				}
				return p.InlineDate(v), true
			default:
				return fmt.Sprint(v), true
			}
		}
	}
	return "", false
}

// Placeholders lists the {name} placeholders in text, for catalog checks.
func Placeholders(text string) []string {
	var out []string
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, text[i+1:i+j])
		text = text[i+j+1:]
	}
}

// Date writes t's date out in the printer's language with its weekday,
// e.g. "Tuesday 3 March 2026", from the catalog's weekday and month names:
// for a date on its own (a heading, a label, a list item). Inside a
// sentence pass the time.Time to T, or use InlineDate.
func (p *Printer) Date(t time.Time) string { return p.date("date.long", t) }

// InlineDate writes t's date in the form the language puts inside a
// sentence after any preposition: without the weekday, whose case would
// change with the preposition in Ukrainian or Russian, and with the year
// written so that no abbreviation's full stop meets the sentence's.
func (p *Printer) InlineDate(t time.Time) string { return p.date("date.inline", t) }

func (p *Printer) date(key string, t time.Time) string {
	return p.T(key,
		"weekday", p.T("date.weekday."+strconv.Itoa(int(t.Weekday()))),
		"day", t.Day(),
		"month", p.T("date.month."+strconv.Itoa(int(t.Month()))),
		"year", t.Year())
}

// Time is t's time of day, "09:30", in the language's digits.
func (p *Printer) Time(t time.Time) string {
	return p.Digits(t.Format("15:04"))
}

// Number is n in the language's digits, without grouping.
func (p *Printer) Number(n int) string { return p.Digits(strconv.Itoa(n)) }

// Digits rewrites the digits of s (a number, a time) in the language's
// digit system. Codes with Latin letters keep theirs.
func (p *Printer) Digits(s string) string { return toDigits(s, p.meta.Digits) }

// LabelValue joins a label and its value with the language's colon:
// "Birth certificate: send before ...", or in French with the narrow
// no-break space its typography puts before a colon.
func (p *Printer) LabelValue(label, value string) string {
	return p.T("label.value", "label", label, "value", value)
}
