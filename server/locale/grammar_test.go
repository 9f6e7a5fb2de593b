package locale

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"loket/translations"
)

func realCatalogs(t *testing.T) *Catalogs {
	t.Helper()
	c, err := Load(translations.FS, Options{Default: "en", Order: translations.Languages})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// categoriesOf lists the plural categories whole numbers take in lang.
func categoriesOf(lang string) []string {
	seen := map[string]bool{}
	for n := 0; n <= 1000; n++ {
		seen[pluralCategory(lang, n)] = true
	}
	seen[pluralCategory(lang, 1000000)] = true
	seen["other"] = true // required by Load, and for fractions
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// TestPluralFormsMatchTheRules fails when a plural message lacks a
// category its language's rules use, or has one they never use.
func TestPluralFormsMatchTheRules(t *testing.T) {
	c := realCatalogs(t)
	for _, code := range translations.Languages {
		want := categoriesOf(code)
		for key, m := range c.Catalog(code).Messages {
			if m.Plural == nil {
				continue
			}
			got := make([]string, 0, len(m.Plural))
			for cat := range m.Plural {
				got = append(got, cat)
			}
			sort.Strings(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q has forms %v, its rules need %v", code, key, got, want)
			}
		}
	}
}

// countedNoun finds a number placeholder followed by a word: "{max} days".
// Unit symbols ("{count} min", "{count} h") do not change with the number.
var (
	countedNoun = regexp.MustCompile(`\{(count|days|max|min|minutes|seconds|hours|weeks|n)\} ([[:alpha:]]+)`)
	unitSymbols = []string{"min", "h", "d", "s", "of", "to", "or"}
)

// TestCountsUsePluralForms fails when an English message puts a counted
// noun after a number without plural forms: every language then needs its
// own (Arabic six, Russian and Ukrainian four).
func TestCountsUsePluralForms(t *testing.T) {
	c := realCatalogs(t)
	for key, m := range c.Catalog("en").Messages {
		if m.Plural != nil {
			continue
		}
		for _, sm := range countedNoun.FindAllStringSubmatch(m.Text, -1) {
			if !slices.Contains(unitSymbols, sm[2]) {
				t.Errorf("%q counts %q without plural forms: %q", key, sm[2], m.Text)
			}
		}
	}
}

// TestPluralFormsDiffer fails when a language whose nouns change with the
// number copied one form into every category (as "3 أسبوع" did).
func TestPluralFormsDiffer(t *testing.T) {
	c := realCatalogs(t)
	for _, code := range []string{"ar", "ru", "uk"} {
		for key, m := range c.Catalog(code).Messages {
			if m.Plural == nil {
				continue
			}
			distinct := map[string]bool{}
			for _, text := range m.Plural {
				distinct[text] = true
			}
			if len(distinct) < 2 {
				t.Errorf("%s: %q has the same text in every plural form", code, key)
			}
			if code == "ar" && (m.Plural["few"] == m.Plural["many"] || m.Plural["one"] == m.Plural["few"]) {
				t.Errorf("ar: %q: 3-10 and 11-99 (and 1) count nouns differently", key)
			}
		}
	}
}

// TestNoSpaceBeforeColon: no language puts a space before a colon except
// French, whose typography puts a narrow no-break space there (never a
// plain space, which can wrap the colon to the next line).
func TestNoSpaceBeforeColon(t *testing.T) {
	c := realCatalogs(t)
	for _, code := range translations.Languages {
		for key, m := range c.Catalog(code).Messages {
			for _, text := range texts(m) {
				for i, r := range text {
					if r != ':' || i == 0 {
						continue
					}
					prev := []rune(text[:i])
					before := prev[len(prev)-1]
					switch {
					case code == "fr" && unicode.IsSpace(before) && before != '\u202f':
						t.Errorf("fr: %q: %q before a colon, want U+202F", key, before)
					case code != "fr" && unicode.IsSpace(before):
						t.Errorf("%s: %q: space before a colon in %q", code, key, text)
					}
				}
			}
		}
	}
}

func texts(m Message) []string {
	if m.Plural == nil {
		return []string{m.Text}
	}
	out := make([]string, 0, len(m.Plural))
	for _, t := range m.Plural {
		out = append(out, t)
	}
	return out
}

// sentenceArgs are sample arguments for every placeholder a sentence with
// a date can hold.
func sentenceArgs(date time.Time) []any {
	return []any{"date", date, "time", date, "count", 3, "reference", "K7PM-2XQ4", "max", 5}
}

// TestDatesInSentences prints every message holding a date, for a Sunday,
// in Ukrainian, Russian, Arabic and Persian: no weekday in the nominative
// after a preposition ("З неділя"), no abbreviation's full stop doubled by
// the sentence's ("2026 р.."), and the language's digits only.
func TestDatesInSentences(t *testing.T) {
	c := realCatalogs(t)
	sunday := time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC)
	weekdays := map[string][]string{}
	for _, code := range []string{"uk", "ru", "ar", "fa"} {
		p := c.Printer(code)
		for d := range 7 {
			weekdays[code] = append(weekdays[code], p.T("date.weekday."+string(rune('0'+d))))
		}
	}
	var keys []string
	for key, m := range c.Catalog("en").Messages {
		for _, text := range texts(m) {
			if strings.Contains(text, "{date}") && !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
	}
	if len(keys) < 10 {
		t.Fatalf("only %d messages hold a date", len(keys))
	}
	for _, code := range []string{"uk", "ru", "ar", "fa"} {
		p := c.Printer(code)
		for _, key := range keys {
			got := p.T(key, sentenceArgs(sunday)...)
			for _, w := range weekdays[code] {
				if strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
					t.Errorf("%s: %q names the weekday %q inside a sentence: %q", code, key, w, got)
				}
			}
			if strings.Contains(got, "..") || strings.Contains(got, ". .") {
				t.Errorf("%s: %q: doubled full stop: %q", code, key, got)
			}
			checkDigits(t, code, key, got)
		}
	}
	want := map[string]string{
		"uk": "З 6 грудня 2026 року",
		"ru": "С 6 декабря 2026 года",
		"ar": "منذ 6 ديسمبر 2026",
		"fa": "از ۶ دسامبر ۲۰۲۶",
	}
	for code, w := range want {
		if got := c.Printer(code).T("status.result.since", "date", sunday); got != w {
			t.Errorf("%s since: %q, want %q", code, got, w)
		}
	}
	if got := c.Printer("uk").T("receipt.verify.revoked", "date", sunday); got != "Цю квитанцію скасовано 6 грудня 2026 року." {
		t.Errorf("uk revoked: %q", got)
	}
	if got := c.Printer("uk").Date(sunday); got != "неділя, 6 грудня 2026 року" {
		t.Errorf("uk long date: %q", got)
	}
}

// checkDigits fails when text holds a digit outside its language's system,
// except in words with Latin letters (codes) and isolated literals.
func checkDigits(t *testing.T, code, key, text string) {
	t.Helper()
	want := map[string]rune{"fa": '۰', "ps": '۰'}[code]
	if want == 0 {
		want = '0'
	}
	depth := 0
	for _, word := range strings.FieldsFunc(text, unicode.IsSpace) {
		for _, r := range word {
			switch r {
			case lri, rli, fsi:
				depth++
			case pdi:
				depth--
			}
		}
		if depth > 0 || hasLatinLetter(word) || strings.ContainsAny(word, "\u2066\u2067\u2068\u2069") {
			continue
		}
		for _, r := range word {
			if v, ok := digitValue(r); ok && r != want+v {
				t.Errorf("%s: %q mixes digit systems: %q in %q", code, key, r, text)
				break
			}
		}
	}
}

// TestOneDigitSystemPerLanguage prints every message of every language and
// checks its digits: Persian and Pashto digits in fa and ps, Western
// digits elsewhere (Arabic included, unless an office configures "arab").
func TestOneDigitSystemPerLanguage(t *testing.T) {
	c := realCatalogs(t)
	at := time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC)
	for _, code := range translations.Languages {
		p := c.Printer(code)
		for key := range c.Catalog("en").Messages {
			checkDigits(t, code, key, p.T(key, sentenceArgs(at)...))
		}
		if code == "fa" && p.Number(1990) != "۱۹۹۰" {
			t.Errorf("fa number %q", p.Number(1990))
		}
	}
}
