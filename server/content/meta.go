package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"time"
)

// Flows are the app's own journeys a page may link to; the web layer maps
// each to its path in the reader's shell.
var Flows = []string{"status", "appointments", "address", "help"}

// ErrMeta is returned when info/pages.json is missing or inconsistent.
var ErrMeta = errors.New("content: page metadata")

// Source is where a page's facts come from: an official site or document.
// URL is empty for a document that has no stable address.
type Source struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Meta is what a page says about itself in every language: when its facts
// were last checked against its sources, the pages and flows it links to,
// and, for a page about a service, the service whose offices it lists.
type Meta struct {
	Key       string   `json:"key"`
	Procedure bool     `json:"procedure,omitempty"`
	Checked   string   `json:"checked"`
	Service   string   `json:"offices_service,omitempty"`
	Sources   []Source `json:"sources"`
	Related   []string `json:"related"`
	Flows     []string `json:"flows"`
}

// CheckedOn is the date the page was last checked.
func (m *Meta) CheckedOn() time.Time {
	t, _ := time.Parse(time.DateOnly, m.Checked) // validated by loadMeta
	return t
}

// metaFile is info/pages.json.
type metaFile struct {
	Pages []*Meta `json:"pages"`
	// Reviewed lists, per language, the pages ("index" for the intro) a
	// professional translator checked in that language: they show no
	// "not yet checked" notice. Translation import and the editor's
	// export keep it.
	Reviewed map[string][]string `json:"reviewed,omitempty"`
}

// loadMeta reads info/pages.json: one entry per page, in the order the
// information index lists them. Every procedure must have a page, dates
// must be real dates, sources absolute https addresses, related keys
// pages of the file, flows known, reviewed pages pages of the file.
func loadMeta(fsys fs.FS, procedures []string) (metaFile, error) {
	var raw metaFile
	b, err := fs.ReadFile(fsys, "info/pages.json")
	if err != nil {
		return raw, fmt.Errorf("%w: %w", ErrMeta, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return raw, fmt.Errorf("%w: pages.json: %w", ErrMeta, err)
	}
	if err := raw.check(procedures); err != nil {
		return metaFile{}, err
	}
	return raw, nil
}

func (raw metaFile) check(procedures []string) error {
	keys := map[string]bool{}
	for _, m := range raw.Pages {
		if !validKey(m.Key) || m.Key == "index" || m.Key == "search" || keys[m.Key] {
			return fmt.Errorf("%w: key %q is invalid or repeated", ErrMeta, m.Key)
		}
		keys[m.Key] = true
	}
	for _, p := range procedures {
		if !keys[p] {
			return fmt.Errorf("%w: procedure %s has no page", ErrMeta, p)
		}
	}
	for _, m := range raw.Pages {
		if m.Procedure != slices.Contains(procedures, m.Key) {
			return fmt.Errorf("%w: %s: \"procedure\" must be set exactly for the procedures", ErrMeta, m.Key)
		}
		if _, err := time.Parse(time.DateOnly, m.Checked); err != nil {
			return fmt.Errorf("%w: %s: checked %q is not a date (YYYY-MM-DD)", ErrMeta, m.Key, m.Checked)
		}
		if len(m.Sources) == 0 {
			return fmt.Errorf("%w: %s: no source", ErrMeta, m.Key)
		}
		for _, s := range m.Sources {
			if s.Name == "" {
				return fmt.Errorf("%w: %s: a source has no name", ErrMeta, m.Key)
			}
			if s.URL != "" {
				u, err := url.Parse(s.URL)
				if err != nil || u.Scheme != "https" || u.Host == "" {
					return fmt.Errorf("%w: %s: source address %q is not an https address", ErrMeta, m.Key, s.URL)
				}
			}
		}
		for _, r := range m.Related {
			if !keys[r] || r == m.Key {
				return fmt.Errorf("%w: %s: related page %q does not exist", ErrMeta, m.Key, r)
			}
		}
		for _, f := range m.Flows {
			if !slices.Contains(Flows, f) {
				return fmt.Errorf("%w: %s: unknown flow %q", ErrMeta, m.Key, f)
			}
		}
	}
	for lang, pages := range raw.Reviewed {
		for _, k := range pages {
			if !keys[k] && k != "index" {
				return fmt.Errorf("%w: reviewed page %q in %s does not exist", ErrMeta, k, lang)
			}
		}
	}
	return nil
}

// validKey: lower-case ASCII letters and underscores, as file names.
func validKey(k string) bool {
	if k == "" || len(k) > 40 {
		return false
	}
	for _, r := range k {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}
