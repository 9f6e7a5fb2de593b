package web

import (
	"io/fs"
	"regexp"
	"testing"

	"loket/forms"
	"loket/kiosk"
	"loket/pwa"
	"loket/server/locale"
	"loket/server/web/kit"
	"loket/translations"
)

// templateKey finds literal translation keys in templates: {{.T "key" ...}}.
var templateKey = regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)

// TestEveryKeyExists fails when a template, a form definition or the error
// pages use a translation key that the English catalog lacks (the catalog
// test then checks that every other language has it too).
func TestEveryKeyExists(t *testing.T) {
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en"})
	if err != nil {
		t.Fatal(err)
	}
	en := cats.Catalog("en")
	need := map[string]string{}
	for _, fsys := range []fs.FS{pwa.FS, kiosk.FS} {
		err := fs.WalkDir(fsys, "templates", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, path)
			for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
				need[m[1]] = path
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	set, err := forms.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range set.Keys() {
		need[k] = "forms"
	}
	for _, k := range kit.ErrorKeys {
		need[k+".title"] = "error page"
		need[k+".text"] = "error page"
	}
	if len(need) < 20 {
		t.Fatalf("found only %d keys: is the pattern still right?", len(need))
	}
	for k, where := range need {
		if _, ok := en.Messages[k]; !ok {
			t.Errorf("%s uses %q, which en.json lacks", where, k)
		}
	}
}
