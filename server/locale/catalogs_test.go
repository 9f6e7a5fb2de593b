package locale

import (
	"reflect"
	"sort"
	"testing"

	"loket/translations"
)

// TestCatalogsAreComplete fails when a language lacks a key that en has or
// has one en lacks, when a placeholder differs from en's, when a value is
// empty, or when a plural lacks a category its language needs.
func TestCatalogsAreComplete(t *testing.T) {
	c, err := Load(translations.FS, Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	en := c.Catalog("en")
	for _, code := range translations.Languages {
		cat := c.Catalog(code)
		if cat == nil {
			t.Errorf("%s: no catalog", code)
			continue
		}
		if cat.Meta.Reviewed {
			t.Logf("%s: marked reviewed", code)
		}
		if cat.Meta.Name == "" {
			t.Errorf("%s: meta.name is empty", code)
		}
		wantDir := "ltr"
		if code == "ar" || code == "fa" || code == "ps" {
			wantDir = "rtl"
		}
		if cat.Meta.Dir != wantDir {
			t.Errorf("%s: dir %q, want %q", code, cat.Meta.Dir, wantDir)
		}
		for key, m := range en.Messages {
			tm, ok := cat.Messages[key]
			if !ok {
				t.Errorf("%s: missing key %q", code, key)
				continue
			}
			if (m.Plural == nil) != (tm.Plural == nil) {
				t.Errorf("%s: %q plural in one language, not the other", code, key)
				continue
			}
			want := placeholderSet(m)
			if got := placeholderSet(tm); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %q placeholders %v, en has %v", code, key, got, want)
			}
			if tm.Plural == nil && tm.Text == "" {
				t.Errorf("%s: %q is empty", code, key)
			}
			for cat, text := range tm.Plural {
				if text == "" {
					t.Errorf("%s: %q plural %s is empty", code, key, cat)
				}
			}
			if tm.Plural != nil {
				for _, n := range []int{0, 1, 2, 3, 5, 11, 21, 100, 1000000} {
					if _, ok := tm.Plural[pluralCategory(code, n)]; !ok {
						t.Errorf("%s: %q lacks the plural form for %d", code, key, n)
					}
				}
			}
		}
		for key := range cat.Messages {
			if _, ok := en.Messages[key]; !ok {
				t.Errorf("%s: key %q is not in en", code, key)
			}
		}
	}
}

func placeholderSet(m Message) []string {
	seen := map[string]bool{}
	texts := []string{m.Text}
	for _, t := range m.Plural {
		texts = append(texts, t)
	}
	for _, t := range texts {
		for _, p := range Placeholders(t) {
			seen[p] = true
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
