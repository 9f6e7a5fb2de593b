package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"loket/server/editor"
	"loket/server/store"
	"loket/server/xliff"
	"loket/translations"
)

// retarget rewrites one unit's target in an XLIFF file, as a translator's
// tool would.
func retarget(t *testing.T, file, unit, target string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := xliff.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for fi := range doc.Files {
		for ui := range doc.Files[fi].Units {
			if doc.Files[fi].Units[ui].ID == unit {
				doc.Files[fi].Units[ui].Target, found = target, true
			}
		}
	}
	if !found {
		t.Fatalf("no unit %s", unit)
	}
	if b, err = xliff.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestContentExportImport: export Turkish, change one text, import into a
// copy of the translations folder: only that file changes; a target that
// loses a placeholder is refused and nothing is written.
func TestContentExportImport(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, translations.FS); err != nil {
		t.Fatal(err)
	}
	xlf := filepath.Join(t.TempDir(), "tr.xlf")
	if code, _, errs := run(t, "content", "export", "-lang", "tr", "-dir", dir, "-o", xlf); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	retarget(t, xlf, "help.category.other", "Başka bir konu")
	code, out, errs := run(t, "content", "import", "-dir", dir, xlf)
	if code != 0 || !strings.Contains(out, "wrote tr.json") || !strings.Contains(out, "tr: 1 of ") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "tr.json"))
	if !strings.Contains(string(got), `"help.category.other": "Başka bir konu",`) {
		t.Errorf("tr.json not updated")
	}
	retarget(t, xlf, "lawyer.dashboard.changed", "Son ziyaretinizden ({date}) beri değişenler")
	if code, _, errs := run(t, "content", "import", "-dir", dir, xlf); code != 1 || !strings.Contains(errs, "lawyer.dashboard.changed: placeholders") {
		t.Errorf("broken import: %d %s", code, errs)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "tr.json"))
	if string(after) != string(got) {
		t.Error("a refused import changed tr.json")
	}
	if code, _, _ := run(t, "content", "export", "-lang", "xx"); code != 2 {
		t.Errorf("unknown language: %d", code)
	}
	if code, out, _ := run(t, "content", "export", "-lang", "ar"); code != 0 || !strings.HasPrefix(out, "<?xml") {
		t.Errorf("export to standard output: %d %.40s", code, out)
	}
}

// TestContentExportWritesPublishedEdits: the editor's live revisions in a
// data file become the translations folder's files.
func TestContentExportWritesPublishedEdits(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, translations.FS); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	page := editor.Ref{Kind: editor.KindPage, Lang: "so", Key: "reception"}
	if _, err := s.AddRevision(ctx, editor.Revision{Ref: page, Body: "# Soo dhaweynta\n\nQoraal cusub.\n", Published: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRevision(ctx, editor.Revision{Ref: editor.Ref{Kind: editor.KindPage, Lang: "so", Key: "asylum"}, Body: "# Draft\n"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, out, errs := run(t, "content", "export", "-data", data, "-dir", dir)
	if code != 0 || !strings.Contains(out, "wrote info/so/reception.md") || !strings.Contains(out, "1 published texts, 1 files changed") {
		t.Fatalf("export: %d %s %s", code, out, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "info", "so", "reception.md")); string(b) != "# Soo dhaweynta\n\nQoraal cusub.\n" {
		t.Errorf("page: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "info", "so", "asylum.md")); strings.Contains(string(b), "Draft") {
		t.Error("a draft was exported")
	}
}
