package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"loket/server/dossiers"
	"loket/translations"
)

// TestEveryLanguageHasEveryPage fails when a language lacks the index or a
// procedure's information page, or a page lacks a title or summary.
func TestEveryLanguageHasEveryPage(t *testing.T) {
	lib, err := Load(translations.FS, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range translations.Languages {
		for _, key := range append([]string{"index"}, dossiers.Procedures...) {
			p, ok := lib.Page([]string{lang}, key)
			if !ok {
				t.Errorf("%s: no page %q", lang, key)
				continue
			}
			if key != "index" && (p.Title == "" || p.Summary == "" || !strings.Contains(string(p.Body), "<h2>")) {
				t.Errorf("%s/%s: title %q, summary %q, sections missing", lang, key, p.Title, p.Summary)
			}
		}
	}
}

func TestRender(t *testing.T) {
	fsys := fstest.MapFS{
		"info/en/asylum.md":  {Data: []byte("# Asylum\n\nA short *summary*\nover two lines.\n\n## Steps\n\n1. Go.\n\n<script>alert(1)</script>\n")},
		"info/nl/asylum.md":  {Data: []byte("# Asiel\n\nKort.\n")},
		"info/en/family.md":  {Data: []byte("# Family\n\nText.\n")},
		"info/en/notitle.md": {Data: []byte("Just text.\n")},
	}
	if _, err := Load(fsys, []string{"asylum"}); err == nil {
		t.Fatal("a page without a title loaded")
	}
	delete(fsys, "info/en/notitle.md")
	lib, err := Load(fsys, []string{"asylum", "family"})
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
	// Fallback: Dutch has no family page, so the English one is used and
	// says so through its Lang.
	idx := lib.Index([]string{"nl", "en"})
	if len(idx) != 2 || idx[0].Lang != "nl" || idx[1].Lang != "en" {
		t.Errorf("index: %+v", idx)
	}
	if _, ok := lib.Page([]string{"nl"}, "missing"); ok {
		t.Error("found a missing page")
	}
}
