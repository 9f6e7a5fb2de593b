package dossiers

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Status kinds and who an open status waits for, as in
// translations/status/catalog.json.
const (
	KindOpen     = "open"
	KindDecision = "decision"
	KindClosed   = "closed"
	WaitsOffice  = "office"
	// OutcomeNegative is a decision's outcome when the application is
	// refused.
	OutcomeNegative = "negative"
)

// StatusDef is one status of a procedure: its kind and durations.
type StatusDef struct {
	Code      string `json:"code"`
	Kind      string `json:"kind"`
	WaitsFor  string `json:"waits_for"`
	Outcome   string `json:"outcome"`
	UsualDays int    `json:"usual_days"`
	LegalDays int    `json:"legal_days"`
}

// Text is what a status means for the applicant, in one language.
type Text struct {
	Title    string `json:"title"`
	Meaning  string `json:"meaning"`
	Action   string `json:"action"`
	Next     string `json:"next"`
	Duration string `json:"duration"`
	Lang     string `json:"-"` // the language the text is really in
	// Edited is set for a text published in the content editor;
	// Reviewed when a translator checked it, there or as shipped
	// ("reviewed": true in status/{lang}.json).
	Edited   bool `json:"-"`
	Reviewed bool `json:"reviewed,omitempty"`
}

// Catalog is the status catalog: statuses per procedure and their texts in
// every language. It is content (translations/status), loaded once.
type Catalog struct {
	procedures map[string][]StatusDef
	shipped    textTable // as in translations/status
	// texts are the live texts: shipped, with the editor's published
	// revisions applied; swapped whole so readers never see half a change.
	texts atomic.Pointer[textTable]
	mu    sync.Mutex // serialises SetText
}

// textTable holds texts by lang, then procedure or _default, then code.
type textTable map[string]map[string]map[string]Text

// LoadCatalog reads status/catalog.json and status/{lang}.json from fsys
// (translations.FS). Every procedure of Procedures must be described.
func LoadCatalog(fsys fs.FS) (*Catalog, error) {
	b, err := fs.ReadFile(fsys, "status/catalog.json")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCatalog, err)
	}
	var raw struct {
		Procedures map[string][]StatusDef `json:"procedures"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%w: catalog.json: %v", ErrCatalog, err)
	}
	c := &Catalog{procedures: raw.Procedures, shipped: textTable{}}
	for _, p := range Procedures {
		defs := c.procedures[p]
		if len(defs) == 0 {
			return nil, fmt.Errorf("%w: procedure %s has no statuses", ErrCatalog, p)
		}
		if !slices.ContainsFunc(defs, func(d StatusDef) bool { return d.Kind == KindDecision }) {
			return nil, fmt.Errorf("%w: procedure %s has no decision status", ErrCatalog, p)
		}
	}
	files, err := fs.Glob(fsys, "status/*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		lang := strings.TrimSuffix(path.Base(f), ".json")
		if lang == "catalog" {
			continue
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var t map[string]map[string]Text
		if err := json.Unmarshal(b, &t); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrCatalog, f, err)
		}
		for _, byCode := range t {
			for code, x := range byCode {
				x.Lang = lang
				byCode[code] = x
			}
		}
		c.shipped[lang] = t
	}
	c.texts.Store(&c.shipped)
	return c, nil
}

// ShippedText is a text exactly as shipped: scope is a procedure or
// "_default"; no fallback.
func (c *Catalog) ShippedText(lang, scope, code string) (Text, bool) {
	x, ok := c.shipped[lang][scope][code]
	return x, ok
}

// SetText makes x the live text of a procedure's (or the default) status
// in one language, as the content editor publishes it. The status must
// exist in that scope.
func (c *Catalog) SetText(lang, scope, code string, x Text) error {
	if _, ok := c.ShippedText(lang, scope, code); !ok {
		if _, ok := c.Status(scope, code); !ok {
			return fmt.Errorf("%w: no status %s/%s", ErrCatalog, scope, code)
		}
	}
	x.Lang, x.Edited = lang, true
	c.mu.Lock()
	defer c.mu.Unlock()
	old := *c.texts.Load()
	t := maps.Clone(old)
	t[lang] = maps.Clone(old[lang])
	if t[lang] == nil {
		t[lang] = map[string]map[string]Text{}
	}
	t[lang][scope] = maps.Clone(old[lang][scope])
	if t[lang][scope] == nil {
		t[lang][scope] = map[string]Text{}
	}
	t[lang][scope][code] = x
	c.texts.Store(&t)
	return nil
}

// Statuses lists a procedure's statuses in order.
func (c *Catalog) Statuses(procedure string) []StatusDef { return c.procedures[procedure] }

// Status finds a procedure's status by code.
func (c *Catalog) Status(procedure, code string) (StatusDef, bool) {
	for _, d := range c.procedures[procedure] {
		if d.Code == code {
			return d, true
		}
	}
	return StatusDef{}, false
}

// own is the text in exactly this language: the procedure's entry, else
// the language's default for the code.
func (c *Catalog) own(lang, procedure, code string) (Text, bool) {
	t := (*c.texts.Load())[lang]
	if x, ok := t[procedure][code]; ok {
		return x, true
	}
	x, ok := t["_default"][code]
	return x, ok
}

// Text is a status's text along a language chain (locale's Catalogs.Chain):
// {lang}[procedure][code], then {lang}._default[code], then the next
// language of the chain.
func (c *Catalog) Text(chain []string, procedure, code string) Text {
	for _, lang := range chain {
		if x, ok := c.own(lang, procedure, code); ok && x.Title != "" {
			return x
		}
	}
	return Text{Title: code}
}

// Missing lists every procedure status that lacks a title, meaning, action
// or next step in one of langs (without fallback), as "lang procedure/code
// field". The content test fails on any of them.
func (c *Catalog) Missing(langs []string) []string {
	var out []string
	for _, lang := range langs {
		if (*c.texts.Load())[lang] == nil {
			out = append(out, lang+": no status file")
			continue
		}
		for _, p := range Procedures {
			for _, d := range c.procedures[p] {
				x, ok := c.own(lang, p, d.Code)
				for field, v := range map[string]string{"title": x.Title, "meaning": x.Meaning, "action": x.Action, "next": x.Next} {
					if !ok || strings.TrimSpace(v) == "" {
						out = append(out, fmt.Sprintf("%s %s/%s %s", lang, p, d.Code, field))
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
