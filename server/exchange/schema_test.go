package exchange

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"loket/server/xliff"
	"loket/translations"
)

// schema is the OASIS XLIFF 2.0 core schema, kept as test data with its
// notice (testdata/xliff20/NOTICE), so validation needs no network.
const schema = "testdata/xliff20/xliff_core_2.0.xsd"

// xmllint finds the independent validator (Debian libxml2-utils). Without
// it the test skips, unless CI=true, where a missing tool is a failure.
func xmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is required when CI=true (Debian: libxml2-utils)")
		}
		t.Skip("xmllint not installed (Debian: libxml2-utils)")
	}
	return p
}

// validate runs xmllint on files against the schema, offline.
func validate(t *testing.T, lint string, files ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(lint, append([]string{"--noout", "--nonet", "--schema", schema}, files...)...).CombinedOutput()
	return string(out), err
}

// TestExportValidatesAgainstTheSchema: the document exported for every
// language (UI strings, status texts and pages, each with its review
// state) is valid XLIFF 2.0 for xmllint and the OASIS core schema; a
// document the schema forbids is refused, so the check can fail.
func TestExportValidatesAgainstTheSchema(t *testing.T) {
	lint := xmllint(t)
	dir := t.TempDir()
	var files []string
	for _, lang := range translations.Languages {
		source := "en"
		if lang == "en" {
			source = "nl"
		}
		doc, err := Export(translations.FS, source, lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		b, err := xliff.Marshal(doc)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		name := filepath.Join(dir, lang+".xlf")
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	out, err := validate(t, lint, files...)
	if err != nil {
		t.Fatalf("xmllint refused an export: %v\n%s", err, out)
	}
	if n := strings.Count(out, " validates"); n != len(files) {
		t.Errorf("%d of %d files validate:\n%s", n, len(files), out)
	}

	bad := filepath.Join(dir, "bad.xlf")
	doc := `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="f"><unit id="u"><notes/></unit></file></xliff>`
	if err := os.WriteFile(bad, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := validate(t, lint, bad); err == nil || !strings.Contains(out, "fails to validate") {
		t.Errorf("a unit without segment passed the schema: %v\n%s", err, out)
	}
}
