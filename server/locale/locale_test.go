package locale

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func testCatalogs(t *testing.T) *Catalogs {
	t.Helper()
	cat := func(code, dir, fallback, msgs string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`{"meta":{"code":"` + code + `","name":"` + code + `","dir":"` + dir +
			`","fallback":[` + fallback + `]},"messages":{` + msgs + `}}`)}
	}
	fsys := fstest.MapFS{
		"en.json": cat("en", "ltr", "", `"hello":"Hello {name}","only.en":"English only","days":{"one":"{count} day","other":"{count} days"}`),
		"nl.json": cat("nl", "ltr", `"en"`, `"hello":"Hallo {name}","days":{"one":"{count} dag","other":"{count} dagen"}`),
		"fa.json": cat("fa", "rtl", `"en"`, `"hello":"سلام {name}","only.fa":"فقط"`),
		"ps.json": cat("ps", "rtl", `"fa","en"`, `"hello":"سلام {name}"`),
		"ar.json": cat("ar", "rtl", `"en"`, `"days":{"zero":"z","one":"o","two":"t","few":"f","many":"m","other":"x"}`),
		"ru.json": cat("ru", "ltr", `"en"`, `"days":{"one":"o","few":"f","many":"m","other":"x"}`),
		"fr.json": cat("fr", "ltr", `"en"`, `"days":{"one":"o","many":"m","other":"x"}`),
		"ti.json": cat("ti", "ltr", `"en"`, `"days":{"one":"o","other":"x"}`),
	}
	c, err := Load(fsys, Options{Default: "nl", Order: []string{"nl", "en"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPluralCategories(t *testing.T) {
	c := testCatalogs(t)
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"ar", 0, "z"}, {"ar", 1, "o"}, {"ar", 2, "t"}, {"ar", 3, "f"}, {"ar", 10, "f"}, {"ar", 11, "m"}, {"ar", 99, "m"}, {"ar", 100, "x"},
		{"ru", 1, "o"}, {"ru", 2, "f"}, {"ru", 5, "m"}, {"ru", 21, "o"}, {"ru", 11, "m"},
		{"fr", 0, "o"}, {"fr", 1, "o"}, {"fr", 2, "x"}, {"fr", 1000000, "m"},
		{"ti", 0, "o"}, {"ti", 1, "o"}, {"ti", 2, "x"},
		{"en", 1, "1 day"}, {"en", 2, "2 days"}, {"nl", 1, "1 dag"}, {"nl", 0, "0 dagen"},
	}
	for _, tt := range tests {
		if got := c.Printer(tt.lang).T("days", "count", tt.n); got != tt.want {
			t.Errorf("%s %d: got %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestFallbackChain(t *testing.T) {
	c := testCatalogs(t)
	ps := c.Printer("ps")
	if got := ps.T("only.fa"); got != "فقط" {
		t.Errorf("ps -> fa fallback: %q", got)
	}
	if got := ps.T("only.en"); got != "English only" {
		t.Errorf("ps -> en fallback: %q", got)
	}
	if got := ps.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
	if got := c.Chain("ps"); len(got) < 3 || got[0] != "ps" || got[1] != "fa" || got[2] != "en" {
		t.Errorf("chain: %v", got)
	}
	if ps.Dir() != "rtl" || c.Printer("nl").Dir() != "ltr" {
		t.Error("direction")
	}
	if got := c.Printer("zz").Lang(); got != "nl" {
		t.Errorf("unknown printer: %s", got)
	}
}

func TestFallbackOverride(t *testing.T) {
	fsys := fstest.MapFS{
		"en.json": {Data: []byte(`{"meta":{"code":"en","dir":"ltr"},"messages":{"a":"A en"}}`)},
		"nl.json": {Data: []byte(`{"meta":{"code":"nl","dir":"ltr"},"messages":{"a":"A nl"}}`)},
		"de.json": {Data: []byte(`{"meta":{"code":"de","dir":"ltr","fallback":["en"]},"messages":{}}`)},
	}
	c, err := Load(fsys, Options{Default: "en", Fallbacks: map[string][]string{"de": {"nl"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Printer("de").T("a"); got != "A nl" {
		t.Errorf("override: %q", got)
	}
}

func TestMatch(t *testing.T) {
	c := testCatalogs(t)
	tests := map[string]string{
		"":                        "nl",
		"ar-MA,ar;q=0.9":          "ar",
		"prs":                     "fa",
		"fa-AF":                   "fa",
		"pbt":                     "ps",
		"zz":                      "nl",
		"de-CH,fr;q=0.5":          "fr",
		"en-GB,en;q=0.9":          "en",
		";;;garbage===":           "nl",
		"ru-RU;q=0.1,en-US;q=0.9": "en",
	}
	// Twice: the second answer comes from the cache.
	for range 2 {
		for header, want := range tests {
			if got := c.Match(header); got != want {
				t.Errorf("Match(%q) = %q, want %q", header, got, want)
			}
		}
	}
}

func TestMatchCacheIsBounded(t *testing.T) {
	c := testCatalogs(t)
	for i := range 3 * maxMatches {
		if got := c.Match(fmt.Sprintf("de-x-n%d,fr;q=0.5", i)); got != "fr" {
			t.Fatalf("Match = %q, want fr", got)
		}
	}
	if n := c.nMatches.Load(); n != maxMatches {
		t.Errorf("cache holds %d answers, want at most %d", n, maxMatches)
	}
	long := "ar" + strings.Repeat(",ar", maxMatchKey)
	if got := c.Match(long); got != "ar" {
		t.Errorf("long header matched %q", got)
	}
	if _, ok := c.matches.Load(long); ok {
		t.Error("an over-long header was cached")
	}
}

func TestSubstituteAndPlaceholders(t *testing.T) {
	c := testCatalogs(t)
	if got := c.Printer("en").T("hello", "name", "Amal"); got != "Hello Amal" {
		t.Errorf("got %q", got)
	}
	subs := []struct {
		text string
		args []any
		want string
	}{
		{"{n} of {n}", []any{"n", 3}, "3 of 3"},
		{"{a}{b}", []any{"a", "x", "b", 2.5}, "x2.5"},
		{"keep {other} and {{n}", []any{"n", 1}, "keep {other} and {1"},
		{"open {n", []any{"n", 1}, "open {n"},
		{"no args {n}", nil, "no args {n}"},
		{"}{n}{", []any{"n", "é"}, "}é{"},
	}
	en := c.Printer("en")
	for _, s := range subs {
		if got := en.substitute(s.text, s.args); got != s.want {
			t.Errorf("substitute(%q, %v) = %q, want %q", s.text, s.args, got, s.want)
		}
	}
	got := Placeholders("{a} and {b}, {a}")
	if len(got) != 3 || got[0] != "a" || got[1] != "b" {
		t.Errorf("placeholders %v", got)
	}
}

func TestLoadRejectsBadCatalogs(t *testing.T) {
	for name, data := range map[string]string{
		"not json":        `{`,
		"wrong code":      `{"meta":{"code":"fr","dir":"ltr"},"messages":{}}`,
		"bad dir":         `{"meta":{"code":"en","dir":"up"},"messages":{}}`,
		"plural no other": `{"meta":{"code":"en","dir":"ltr"},"messages":{"x":{"one":"a"}}}`,
	} {
		if _, err := Load(fstest.MapFS{"en.json": {Data: []byte(data)}}, Options{Default: "en"}); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	if _, err := Load(fstest.MapFS{}, Options{Default: "en"}); err == nil {
		t.Error("no default catalog: loaded")
	}
}

func TestPluralSelectsOnCountOrLastNumber(t *testing.T) {
	fsys := fstest.MapFS{
		"en.json": {Data: []byte(`{"meta":{"code":"en","dir":"ltr"},"messages":{
			"max":{"one":"at most {max} day","other":"at most {max} days"},
			"range":{"one":"{min} to {max} character","other":"{min} to {max} characters"},
			"none":{"one":"one","other":"other"}}}`)},
	}
	c, err := Load(fsys, Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	p := c.Printer("en")
	for _, tt := range []struct {
		key  string
		args []any
		want string
	}{
		{"max", []any{"max", 1}, "at most 1 day"},
		{"max", []any{"max", 7}, "at most 7 days"},
		{"range", []any{"min", 1, "max", 64}, "1 to 64 characters"},
		{"range", []any{"min", 0, "max", 1}, "0 to 1 character"},
		{"none", nil, "other"},
		{"none", []any{"name", "x"}, "other"},
	} {
		if got := p.T(tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%q, %v) = %q, want %q", tt.key, tt.args, got, tt.want)
		}
	}
}

func TestDigitSystems(t *testing.T) {
	msgs := `"n":"{count} of 10","code":"Code K7PM-2XQ4, ⁦31/12/1990⁩ or 12B","date.inline":"{day} {month} {year}","date.month.3":"m","date.weekday.1":"w","date.long":"{weekday} {day} {month} {year}"`
	fsys := fstest.MapFS{
		"en.json": {Data: []byte(`{"meta":{"code":"en","dir":"ltr"},"messages":{` + msgs + `}}`)},
		"fa.json": {Data: []byte(`{"meta":{"code":"fa","dir":"rtl","digits":"arabext"},"messages":{"n":"{count} از ١٠"}}`)},
		"ar.json": {Data: []byte(`{"meta":{"code":"ar","dir":"rtl"},"messages":{"n":"{count} من ۱۰"}}`)},
		"ps.json": {Data: []byte(`{"meta":{"code":"ps","dir":"rtl","digits":"arabext","fallback":["en"]},"messages":{}}`)},
	}
	at := time.Date(2026, 3, 2, 9, 5, 0, 0, time.UTC)
	check := func(c *Catalogs, lang, key string, args []any, want string) {
		t.Helper()
		if got := c.Printer(lang).T(key, args...); got != want {
			t.Errorf("%s %s: %q, want %q", lang, key, got, want)
		}
	}
	c, err := Load(fsys, Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	check(c, "fa", "n", []any{"count", 25}, "۲۵ از ۱۰")
	check(c, "ar", "n", []any{"count", 25}, "25 من 10")
	check(c, "en", "n", []any{"count", 25}, "25 of 10")
	// Codes with Latin letters and isolated literals keep their digits.
	check(c, "ps", "code", nil, "Code K7PM-2XQ4, ⁦31/12/1990⁩ or 12B")
	check(c, "ps", "n", []any{"count", 3, "when", at}, "۳ of ۱۰")
	if got := c.Printer("fa").Date(at); got != "w ۲ m ۲۰۲۶" {
		t.Errorf("fa date %q", got)
	}
	if got := c.Printer("fa").Time(at); got != "۰۹:۰۵" {
		t.Errorf("fa time %q", got)
	}

	// An office may print Arabic with Arabic-Indic digits.
	c, err = Load(fsys, Options{Default: "en", Digits: map[string]string{"ar": DigitsArabicIndic}})
	if err != nil {
		t.Fatal(err)
	}
	check(c, "ar", "n", []any{"count", 25}, "٢٥ من ١٠")
	for name, o := range map[string]Options{
		"unknown system":   {Default: "en", Digits: map[string]string{"ar": "roman"}},
		"unknown language": {Default: "en", Digits: map[string]string{"xx": "latn"}},
	} {
		if _, err := Load(fsys, o); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func TestTimeArguments(t *testing.T) {
	fsys := fstest.MapFS{
		"en.json": {Data: []byte(`{"meta":{"code":"en","dir":"ltr"},"messages":{
			"at":"On {date} at {time}.","date.inline":"{day} {month} {year}","date.long":"{weekday} {day} {month} {year}",
			"date.month.12":"December","date.weekday.0":"Sunday","label.value":"{label}: {value}"}}`)},
		"fr.json": {Data: []byte(`{"meta":{"code":"fr","dir":"ltr"},"messages":{"label.value":"{label}` + "\u202f" + `: {value}"}}`)},
	}
	c, err := Load(fsys, Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 14, 30, 0, 0, time.UTC)
	en := c.Printer("en")
	if got := en.T("at", "date", at, "time", at); got != "On 6 December 2026 at 14:30." {
		t.Errorf("got %q", got)
	}
	if got := en.Date(at); got != "Sunday 6 December 2026" {
		t.Errorf("long date %q", got)
	}
	if got := c.Printer("fr").LabelValue("Acte", "envoyer"); got != "Acte\u202f: envoyer" {
		t.Errorf("fr label %q", got)
	}
}

func TestReviewed(t *testing.T) {
	fsys := fstest.MapFS{
		"en.json": {Data: []byte(`{"meta":{"code":"en","dir":"ltr","source":true},"messages":{"a":"A","b":"B"}}`)},
		"de.json": {Data: []byte(`{"meta":{"code":"de","dir":"ltr","reviewed":true},"messages":{"a":"A"}}`)},
		"ar.json": {Data: []byte(`{"meta":{"code":"ar","dir":"rtl","reviewed_keys":["a"]},"messages":{"a":"أ"}}`)},
	}
	c, err := Load(fsys, Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Printer("en").Meta().Reviewed || !c.Printer("en").Reviewed("b") {
		t.Error("a source language needs no review")
	}
	if !c.Printer("de").Reviewed() {
		t.Error("de is reviewed as a whole")
	}
	ar := c.Printer("ar")
	if ar.Reviewed() || !ar.Reviewed("a") || ar.Reviewed("a", "b") || ar.Reviewed("zz") {
		t.Error("ar: only a is reviewed; b comes from en, which is not a review of Arabic")
	}
	bad := fstest.MapFS{"en.json": {Data: []byte(`{"meta":{"code":"en","dir":"ltr","reviewed_keys":["x"]},"messages":{}}`)}}
	if _, err := Load(bad, Options{Default: "en"}); err == nil {
		t.Error("a reviewed key that is not a message: loaded")
	}
}

func TestLanguageNames(t *testing.T) {
	c := realCatalogs(t)
	for _, tt := range []struct{ reader, code, want string }{
		{"nl", "ar", "Arabisch"},
		{"ar", "ti", "التغرينية"},
		{"uk", "sq", "албанська"},
		{"so", "ti", "Tigrinya"}, // Somali CLDR data lacks it: English, the next in the chain
		{"en", "xx-invalid-", "xx-invalid-"},
	} {
		if got := c.Printer(tt.reader).LanguageName(tt.code); got != tt.want {
			t.Errorf("%s names %s %q, want %q", tt.reader, tt.code, got, tt.want)
		}
	}
}
