package content

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"loket/server/dossiers"
	"loket/translations"
)

// TestEveryLanguageHasEveryPage fails when a language lacks the index or a
// page of pages.json in its own language, or a page lacks a title, a
// summary or sections.
func TestEveryLanguageHasEveryPage(t *testing.T) {
	lib, err := Load(translations.FS, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range translations.Languages {
		for _, key := range append([]string{"index"}, lib.Keys()...) {
			p, ok := lib.Page([]string{lang}, key)
			if !ok || p.Lang != lang {
				t.Errorf("%s: no page %q", lang, key)
				continue
			}
			if key != "index" && (p.Title == "" || p.Summary == "" || strings.Count(string(p.Body), "<h2>") < 6) {
				t.Errorf("%s/%s: title %q, summary %q, sections missing", lang, key, p.Title, p.Summary)
			}
		}
	}
}

// TestSeedTopicsArePages: the subjects of the policy statement that had no
// page have one, with metadata, reachable from the index.
func TestSeedTopicsArePages(t *testing.T) {
	lib, err := Load(translations.FS, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	idx := lib.Index([]string{"en"})
	var keys []string
	for _, p := range idx {
		keys = append(keys, p.Key)
	}
	for _, k := range []string{"unaccompanied_minors", "temporary_protection", "right_to_work", "reception", "resettlement", "return_counselling", "work"} {
		if !slices.Contains(keys, k) {
			t.Errorf("index lacks %s", k)
		}
	}
	rc, _ := lib.Page([]string{"en"}, "return_counselling")
	if rc.Meta.Service != "return_counselling" {
		t.Errorf("return counselling page lists the offices of %q", rc.Meta.Service)
	}
	// The work page names the single-permit platform and the search year
	// in every language, and links the platform as a source.
	for _, lang := range translations.Languages {
		p, _ := lib.Page([]string{lang}, "work")
		if !strings.Contains(string(p.Body), "Working in Belgium") || !strings.Contains(string(p.Body), "2021") {
			t.Errorf("%s: the work page does not name Working in Belgium and the search year", lang)
		}
	}
	work, _ := lib.Page([]string{"en"}, "work")
	if !slices.ContainsFunc(work.Meta.Sources, func(s Source) bool { return s.Name == "Working in Belgium" && s.URL != "" }) {
		t.Errorf("work sources: %+v", work.Meta.Sources)
	}
	tp, _ := lib.Page([]string{"nl"}, "temporary_protection")
	if !strings.Contains(string(tp.Body), "Heizel") || !tp.Meta.Procedure {
		t.Errorf("temporary protection: %+v", tp.Meta)
	}
	if got := lib.Related([]string{"fr"}, "asylum"); len(got) == 0 || got[0].Key != "reception" || got[0].Lang != "fr" {
		t.Errorf("related: %+v", got)
	}
}

func TestRender(t *testing.T) {
	fsys := fstest.MapFS{
		"info/pages.json":    {Data: []byte(`{"pages": [{"key": "asylum", "procedure": true, "checked": "2026-12-01", "sources": [{"name": "S"}], "related": ["family"], "flows": ["status"]}, {"key": "family", "checked": "2026-11-30", "sources": [{"name": "DVZ", "url": "https://dofi.ibz.be"}], "related": [], "flows": []}]}`)},
		"info/en/asylum.md":  {Data: []byte("# Asylum\n\nA short *summary*\nover two lines.\n\n## Steps\n\n1. Go.\n\n<script>alert(1)</script>\n")},
		"info/nl/asylum.md":  {Data: []byte("# Asiel\n\nKort.\n")},
		"info/en/family.md":  {Data: []byte("# Family\n\nText.\n")},
		"info/en/notitle.md": {Data: []byte("Just text.\n")},
	}
	if _, err := Load(fsys, []string{"asylum"}); err == nil {
		t.Fatal("a page without a title loaded")
	}
	delete(fsys, "info/en/notitle.md")
	lib, err := Load(fsys, []string{"asylum"})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := lib.Page([]string{"en"}, "asylum")
	if p.Title != "Asylum" || p.Summary != "A short summary over two lines." {
		t.Errorf("title %q summary %q", p.Title, p.Summary)
	}
	if strings.Contains(string(p.Body), "<script>") || strings.Contains(string(p.Body), "<h1>") {
		t.Errorf("body: %s", p.Body)
	}
	if p.Meta.Checked != "2026-12-01" || p.Meta.CheckedOn().Day() != 1 || p.Meta.Flows[0] != "status" {
		t.Errorf("meta: %+v", p.Meta)
	}
	// Fallback: Dutch has no family page, so the English one is used and
	// says so through its Lang.
	idx := lib.Index([]string{"nl", "en"})
	if len(idx) != 2 || idx[0].Lang != "nl" || idx[1].Lang != "en" {
		t.Errorf("index: %+v", idx)
	}
	if _, ok := lib.Page([]string{"nl"}, "missing"); ok {
		t.Error("found a missing page")
	}
	if !lib.Has("family") || lib.Has("index") || lib.Has("missing") {
		t.Error("Has")
	}
}

// TestMetadataIsChecked: every way pages.json can be wrong is refused at
// start-up with ErrMeta and a message naming the page.
func TestMetadataIsChecked(t *testing.T) {
	good := `{"key": "asylum", "procedure": true, "checked": "2026-12-01", "sources": [{"name": "S", "url": "https://example.org/x"}], "related": [], "flows": ["help"]}`
	for name, c := range map[string]struct{ pages, want string }{
		"procedure missing": {`{"pages": []}`, "procedure asylum has no page"},
		"bad date":          {strings.Replace(good, "2026-12-01", "2026-13-01", 1), "not a date"},
		"plain http":        {strings.Replace(good, "https://", "http://", 1), "not an https address"},
		"no source":         {strings.Replace(good, `[{"name": "S", "url": "https://example.org/x"}]`, `[]`, 1), "no source"},
		"unknown related":   {strings.Replace(good, `"related": []`, `"related": ["nope"]`, 1), `related page "nope"`},
		"unknown flow":      {strings.Replace(good, `["help"]`, `["pay"]`, 1), `unknown flow "pay"`},
		"unknown field":     {strings.Replace(good, `"flows"`, `"flow"`, 1), "unknown field"},
		"not a procedure":   {strings.Replace(good, `"procedure": true, `, ``, 1), `"procedure" must be set`},
		"bad key":           {strings.Replace(good, `"asylum"`, `"../x"`, 1), "invalid"},
	} {
		fsys := fstest.MapFS{
			"info/pages.json":   {Data: []byte(`{"pages": [` + c.pages + `]}`)},
			"info/en/asylum.md": {Data: []byte("# A\n\nB.\n")},
		}
		if strings.HasPrefix(c.pages, `{"pages"`) {
			fsys["info/pages.json"] = &fstest.MapFile{Data: []byte(c.pages)}
		}
		_, err := Load(fsys, []string{"asylum"})
		if !errors.Is(err, ErrMeta) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
	orphan := fstest.MapFS{
		"info/pages.json":   {Data: []byte(`{"pages": [` + good + `]}`)},
		"info/en/asylum.md": {Data: []byte("# A\n\nB.\n")},
		"info/en/other.md":  {Data: []byte("# O\n\nP.\n")},
	}
	if _, err := Load(orphan, []string{"asylum"}); !errors.Is(err, ErrMeta) || !strings.Contains(err.Error(), "other.md") {
		t.Errorf("a page without metadata: %v", err)
	}
}

// TestApplyReplacesAPageWhileServing: a published edit is served and
// searched at once, in its language only, while readers keep reading.
func TestApplyReplacesAPageWhileServing(t *testing.T) {
	lib, err := Load(translations.FS, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 200 {
			lib.Search([]string{"ar", "en"}, "Fedasil")
			lib.Index([]string{"ar"})
		}
	}()
	src := []byte("# الاستقبال (Fedasil)\n\nنص جديد عن كلمةنادرة.\n\n## ما هو\n\nنص.\n")
	if err := lib.Apply("ar", "reception", src, true); err != nil {
		t.Fatal(err)
	}
	<-done
	p, _ := lib.Page([]string{"ar"}, "reception")
	if !p.Edited || !p.Reviewed || p.Meta == nil || p.Meta.Key != "reception" || !strings.Contains(string(p.Body), "<h2>") {
		t.Errorf("applied page: %+v", p)
	}
	if hits := lib.Search([]string{"ar"}, "كلمةنادرة"); len(hits) != 1 || hits[0].Page.Key != "reception" {
		t.Errorf("search after apply: %+v", hits)
	}
	if en, _ := lib.Page([]string{"en"}, "reception"); en.Edited {
		t.Error("another language changed")
	}
	if shipped, _ := lib.Shipped("ar", "reception"); strings.Contains(string(shipped), "كلمةنادرة") {
		t.Error("the shipped text changed")
	}
	if err := lib.Apply("ar", "nope", src, false); err == nil {
		t.Error("applied an unknown page")
	}
	if err := lib.Apply("ar", "reception", []byte("no title"), false); err == nil {
		t.Error("applied an untitled page")
	}
}
