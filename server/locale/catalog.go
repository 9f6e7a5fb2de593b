// Package locale loads Loket's message catalogs and prints messages in a
// person's language, with CLDR plural rules and a fallback chain per
// language. Catalogs are flat JSON files, one per language, in translations/.
package locale

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
)

// Meta describes a catalog: its language in its own script, direction,
// digit system and whether a professional translator reviewed it.
type Meta struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	English string `json:"english"`
	Dir     string `json:"dir"`
	// Digits is the digit system numbers print in (latn, arab, arabext);
	// empty means latn. Options.Digits overrides it.
	Digits string `json:"digits,omitempty"`
	// Source marks a language the texts are written in, not translated
	// into (en, nl): it needs no review, so Load marks it Reviewed.
	Source bool `json:"source,omitempty"`
	// Reviewed says a professional translator checked the whole catalog;
	// ReviewedKeys lists the messages one checked in a catalog that is not
	// reviewed as a whole.
	Reviewed     bool     `json:"reviewed"`
	ReviewedKeys []string `json:"reviewed_keys,omitempty"`
	Fallback     []string `json:"fallback"`
}

// Message is one entry: a plain string, or plural forms keyed by CLDR
// category (zero one two few many other).
type Message struct {
	Text   string
	Plural map[string]string
}

// UnmarshalJSON accepts a string or an object of plural forms.
func (m *Message) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &m.Text)
	}
	if err := json.Unmarshal(b, &m.Plural); err != nil {
		return err
	}
	if _, ok := m.Plural["other"]; !ok {
		return errors.New(`plural message lacks "other"`)
	}
	return nil
}

// Catalog is one language's messages.
type Catalog struct {
	Meta     Meta               `json:"meta"`
	Messages map[string]Message `json:"messages"`
	tag      language.Tag
}

// Catalogs holds every loaded language and negotiates between them.
type Catalogs struct {
	byCode   map[string]*Catalog
	order    []string // codes in display order
	def      string
	matcher  language.Matcher
	printers map[string]*Printer
	chains   map[string][]string
	// matches remembers Match's answer per Accept-Language value; browsers
	// send a handful of distinct values, so it stays small, and it stops
	// growing at maxMatches entries whatever clients send.
	matches  sync.Map
	nMatches atomic.Int32
}

// maxMatches bounds the Accept-Language cache, and maxMatchKey the length
// of a header it keeps.
const (
	maxMatches  = 1024
	maxMatchKey = 128
)

// Options say how catalogs load: the office's default language, the order
// languages are listed in, and fallback chains that override the catalogs'.
type Options struct {
	Default   string
	Order     []string
	Fallbacks map[string][]string
	// Digits overrides catalogs' digit systems by language, e.g. "ar":
	// "arab" for Arabic-Indic digits in Arabic.
	Digits map[string]string
}

// Load reads every *.json file at the root of fsys as a catalog. The
// default language must be among them.
func Load(fsys fs.FS, opts Options) (*Catalogs, error) {
	defaultLang, order := opts.Default, opts.Order
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalogs{byCode: map[string]*Catalog{}, def: defaultLang}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var cat Catalog
		if err := json.Unmarshal(b, &cat); err != nil {
			return nil, fmt.Errorf("locale: %s: %w", f, err)
		}
		code := strings.TrimSuffix(path.Base(f), ".json")
		if cat.Meta.Code != code {
			return nil, fmt.Errorf("locale: %s declares code %q", f, cat.Meta.Code)
		}
		if cat.Meta.Dir != "ltr" && cat.Meta.Dir != "rtl" {
			return nil, fmt.Errorf("locale: %s: dir must be ltr or rtl", f)
		}
		cat.tag = language.Make(code)
		if fb, ok := opts.Fallbacks[code]; ok {
			cat.Meta.Fallback = fb
		}
		if d, ok := opts.Digits[code]; ok {
			cat.Meta.Digits = d
		}
		if cat.Meta.Digits == "" {
			cat.Meta.Digits = DigitsLatin
		}
		if err := validDigits(cat.Meta.Digits); err != nil {
			return nil, fmt.Errorf("locale: %s: %w", f, err)
		}
		if cat.Meta.Source {
			cat.Meta.Reviewed = true
		}
		for _, k := range cat.Meta.ReviewedKeys {
			if _, ok := cat.Messages[k]; !ok {
				return nil, fmt.Errorf("locale: %s: reviewed key %q is not a message", f, k)
			}
		}
		c.byCode[code] = &cat
	}
	if c.byCode[defaultLang] == nil {
		return nil, fmt.Errorf("locale: default language %q has no catalog", defaultLang)
	}
	for code := range opts.Digits {
		if c.byCode[code] == nil {
			return nil, fmt.Errorf("locale: digits for %q, which has no catalog", code)
		}
	}
	c.order = orderCodes(c.byCode, order)
	tags := make([]language.Tag, len(c.order))
	for i, code := range c.order {
		tags[i] = c.byCode[code].tag
	}
	c.matcher = language.NewMatcher(tags)
	c.chains = make(map[string][]string, len(c.order))
	for _, code := range c.order {
		c.chains[code] = c.chainOf(code)
	}
	c.printers = make(map[string]*Printer, len(c.order))
	for _, code := range c.order {
		c.printers[code] = newPrinter(c, code)
	}
	return c, nil
}

// orderCodes lists the loaded codes in the given order, then any others
// alphabetically.
func orderCodes(by map[string]*Catalog, order []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, code := range order {
		if by[code] != nil && !seen[code] {
			out = append(out, code)
			seen[code] = true
		}
	}
	var rest []string
	for code := range by {
		if !seen[code] {
			rest = append(rest, code)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// Languages lists the catalogs' metadata in display order.
func (c *Catalogs) Languages() []Meta {
	out := make([]Meta, len(c.order))
	for i, code := range c.order {
		out[i] = c.byCode[code].Meta
	}
	return out
}

// Default is the office's default language code.
func (c *Catalogs) Default() string { return c.def }

// Has reports whether code is a loaded language.
func (c *Catalogs) Has(code string) bool { return c.byCode[code] != nil }

// Catalog returns a language's catalog, or nil.
func (c *Catalogs) Catalog(code string) *Catalog { return c.byCode[code] }

// Printer returns the printer for code, or the default language's.
func (c *Catalogs) Printer(code string) *Printer {
	if p, ok := c.printers[code]; ok {
		return p
	}
	return c.printers[c.def]
}

// aliases maps codes the matcher does not connect on its own.
var aliases = map[string]string{"prs": "fa", "fa-af": "fa", "pbt": "ps", "pus": "ps", "tir": "ti"}

// Match picks the best loaded language for an Accept-Language header, or
// the default when nothing fits. It uses the matcher's index, not its tag
// (the tag carries -u-rg- extensions).
func (c *Catalogs) Match(acceptLanguage string) string {
	if v, ok := c.matches.Load(acceptLanguage); ok {
		return v.(string)
	}
	m := c.match(acceptLanguage)
	if len(acceptLanguage) <= maxMatchKey && c.nMatches.Load() < maxMatches {
		if _, loaded := c.matches.LoadOrStore(strings.Clone(acceptLanguage), m); !loaded {
			c.nMatches.Add(1)
		}
	}
	return m
}

func (c *Catalogs) match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return c.def
	}
	for i, t := range tags {
		if a, ok := aliases[strings.ToLower(t.String())]; ok {
			tags[i] = language.Make(a)
		} else if base, _ := t.Base(); aliases[base.String()] != "" {
			tags[i] = language.Make(aliases[base.String()])
		}
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return c.def
	}
	return c.order[idx]
}

// Chain is the fallback order for code: itself, its catalog's fallbacks,
// then the default language. Unknown languages are skipped. The slice is
// shared: callers must not change it.
func (c *Catalogs) Chain(code string) []string {
	if chain, ok := c.chains[code]; ok {
		return chain
	}
	return c.chainOf(code)
}

func (c *Catalogs) chainOf(code string) []string {
	var chain []string
	seen := map[string]bool{}
	var add func(string)
	add = func(x string) {
		cat := c.byCode[x]
		if cat == nil || seen[x] {
			return
		}
		seen[x] = true
		chain = append(chain, x)
		for _, f := range cat.Meta.Fallback {
			add(f)
		}
	}
	add(code)
	add(c.def)
	add("en")
	return chain
}
