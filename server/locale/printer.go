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
	meta  Meta
	chain []*Catalog
}

func newPrinter(c *Catalogs, code string) *Printer {
	p := &Printer{meta: c.byCode[code].Meta}
	for _, x := range c.Chain(code) {
		p.chain = append(p.chain, c.byCode[x])
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
	_, _, ok := p.lookup(key)
	return ok
}

// lookup finds key along the chain and the language it was found in, whose
// plural rules then apply.
func (p *Printer) lookup(key string) (Message, string, bool) {
	for _, c := range p.chain {
		if m, ok := c.Messages[key]; ok {
			return m, c.Meta.Code, true
		}
	}
	return Message{}, "", false
}

// T prints the message for key with named arguments given as pairs:
// T("slots.left", "count", 3). A "count" argument selects the plural form.
// A missing key prints the key itself, so a gap is visible, not silent.
func (p *Printer) T(key string, args ...any) string {
	m, lang, ok := p.lookup(key)
	if !ok {
		return key
	}
	text := m.Text
	if m.Plural != nil {
		text = m.Plural[category(lang, countArg(args))]
		if text == "" {
			text = m.Plural["other"]
		}
	}
	return substitute(text, args)
}

// countArg finds the "count" argument, if any.
func countArg(args []any) any {
	for i := 0; i+1 < len(args); i += 2 {
		if args[i] == "count" {
			return args[i+1]
		}
	}
	return 0
}

// category is the plural category of a count argument in lang.
func category(lang string, n any) string {
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
func substitute(text string, args []any) string {
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
		if v, ok := argNamed(args, text[i+1:i+j]); ok {
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
func argNamed(args []any, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == name {
			switch v := args[i+1].(type) {
			case string:
				return v, true
			case int:
				return strconv.Itoa(v), true
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

// Date writes t's date out in the printer's language, e.g. "Tuesday
// 3 March 2026", from the catalog's weekday and month names.
func (p *Printer) Date(t time.Time) string {
	return p.T("date.long",
		"weekday", p.T("date.weekday."+strconv.Itoa(int(t.Weekday()))),
		"day", t.Day(),
		"month", p.T("date.month."+strconv.Itoa(int(t.Month()))),
		"year", t.Year())
}
