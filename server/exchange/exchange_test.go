package exchange

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"loket/server/xliff"
	"loket/translations"
)

// TestRoundTripEveryCatalog exports every language, writes and reads the
// XLIFF, imports it and gets every shipped file back byte for byte: UI
// strings with their placeholders and plural forms, status texts, pages.
func TestRoundTripEveryCatalog(t *testing.T) {
	for _, lang := range translations.Languages {
		if lang == "en" {
			continue
		}
		doc, err := Export(translations.FS, "en", lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		b, err := xliff.Marshal(doc)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		checkXLIFF(t, lang, b)
		back, err := xliff.Unmarshal(b)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		files, err := Import(translations.FS, back, translations.Languages)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		pages, _ := fs.Glob(translations.FS, "info/"+lang+"/*.md")
		if want := 2 + len(pages); len(files) != want {
			t.Errorf("%s: %d files imported, want %d", lang, len(files), want)
		}
		for name, got := range files {
			want, err := fs.ReadFile(translations.FS, name)
			if err != nil {
				t.Errorf("%s: import wrote %s, which is not shipped", lang, name)
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs after the round trip:\n%s", lang, name, firstDiff(got, want))
			}
		}
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return "got  …" + string(a[lo:min(len(a), i+80)]) + "\nwant …" + string(b[lo:min(len(b), i+80)])
}

// checkXLIFF reads the document with a plain token reader (not the
// package's own types) and checks what XLIFF 2.0 core requires of it:
// the namespace and version, both languages, ids unique per file and
// NMTOKENs, every unit a segment with a source, every <ph/> pointing at
// a <data> of its unit.
func checkXLIFF(t *testing.T, lang string, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var ids map[string]bool
	var data map[string]bool
	var refs []string
	units, phs := 0, 0
	segments := 0
	var in string              // "source" or "target" while inside one
	var srcIDs map[string]bool // <ph/> ids of the unit's source
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", lang, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Space != xliff.Namespace {
				t.Fatalf("%s: <%s> outside the XLIFF 2.0 namespace", lang, el.Name.Local)
			}
			a := map[string]string{}
			for _, at := range el.Attr {
				a[at.Name.Local] = at.Value
			}
			switch el.Name.Local {
			case "xliff":
				if a["version"] != "2.0" || a["srcLang"] != "en" || a["trgLang"] != lang {
					t.Fatalf("%s: root %v", lang, a)
				}
			case "file":
				ids = map[string]bool{}
			case "group", "unit":
				if ids[a["id"]] || !xliff.ValidID(a["id"]) {
					t.Errorf("%s: id %q repeated or not an NMTOKEN", lang, a["id"])
				}
				ids[a["id"]] = true
				if el.Name.Local == "unit" {
					units++
					segments = 0
					data = map[string]bool{}
					refs = nil
					srcIDs = map[string]bool{}
				}
			case "data":
				data[a["id"]] = true
			case "segment":
				segments++
			case "source", "target":
				in = el.Name.Local
			case "ph":
				phs++
				refs = append(refs, a["dataRef"])
				if in == "source" {
					srcIDs[a["id"]] = true
				} else if !srcIDs[a["id"]] {
					t.Errorf("%s: target code %q has no source code with that id", lang, a["id"])
				}
			}
		case xml.EndElement:
			if el.Name.Local == "unit" {
				if segments == 0 {
					t.Errorf("%s: a unit without segment", lang)
				}
				for _, r := range refs {
					if !data[r] {
						t.Errorf("%s: <ph dataRef=%q/> without data", lang, r)
					}
				}
			}
		}
	}
	if units < 500 || phs < 100 {
		t.Errorf("%s: only %d units and %d placeholders", lang, units, phs)
	}
}

// TestExportAsksForTheTargetsPluralForms: Arabic gets six forms of a
// plural message, Turkish two, each with the English text that fits.
func TestExportAsksForTheTargetsPluralForms(t *testing.T) {
	count := func(lang string) (int, xliff.Unit) {
		doc, err := Export(translations.FS, "en", lang)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		var few xliff.Unit
		for _, u := range doc.Files[0].Units {
			if u.Group == "booking.slots.left" {
				n++
				if strings.HasSuffix(u.ID, ":few") {
					few = u
				}
			}
		}
		return n, few
	}
	if n, few := count("ar"); n != 6 || few.Source != "{count} places left" || few.Target == "" || few.State != xliff.StateTranslated {
		t.Errorf("ar: %d forms, few %+v", n, few)
	}
	if n, _ := count("tr"); n != 2 {
		t.Errorf("tr: %d forms", n)
	}
}

// fixture is a small translations tree for the refusal tests.
func fixture() fstest.MapFS {
	return fstest.MapFS{
		"en.json":              {Data: []byte("{\n \"meta\": {\n  \"code\": \"en\",\n  \"reviewed\": false\n },\n \"messages\": {\n  \"a.hello\": \"Hello {name}\",\n  \"b.days\": {\n   \"one\": \"{count} day\",\n   \"other\": \"{count} days\"\n  }\n }\n}\n")},
		"fr.json":              {Data: []byte("{\n \"meta\": {\n  \"code\": \"fr\",\n  \"reviewed\": false\n },\n \"messages\": {\n  \"a.hello\": \"Bonjour {name}\",\n  \"b.days\": {\n   \"one\": \"{count} jour\",\n   \"many\": \"{count} de jours\",\n   \"other\": \"{count} jours\"\n  }\n }\n}\n")},
		"status/en.json":       {Data: []byte("{\n \"_default\": {\n  \"received\": {\n   \"title\": \"Received\",\n   \"duration\": \"\"\n  }\n }\n}\n")},
		"status/fr.json":       {Data: []byte("{\n  \"_default\": {\n    \"received\": {\n      \"title\": \"Reçu\",\n      \"duration\": \"\"\n    }\n  }\n}\n")},
		"info/en/asylum.md":    {Data: []byte("# Asylum\n\nText.\n")},
		"info/fr/asylum.md":    {Data: []byte("# Asile\n\nTexte.\n")},
		"info/en/reception.md": {Data: []byte("# Reception\n\nText.\n")},
	}
}

func exported(t *testing.T, fsys fs.FS) xliff.Document {
	t.Helper()
	doc, err := Export(fsys, "en", "fr")
	if err != nil {
		t.Fatal(err)
	}
	b, err := xliff.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	back, err := xliff.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestImportTakesTranslationsAndReviews(t *testing.T) {
	fsys := fixture()
	doc := exported(t, fsys)
	for fi := range doc.Files {
		for ui := range doc.Files[fi].Units {
			u := &doc.Files[fi].Units[ui]
			switch u.ID {
			case "a.hello":
				u.Target, u.State = "Salut {name} !", xliff.StateReviewed
			case "_default.received.title":
				u.Target = "Demande reçue"
			case "reception":
				u.Target = "# Accueil\n\nTexte.\n"
			}
		}
	}
	files, err := Import(fsys, doc, []string{"en", "fr"})
	if err != nil {
		t.Fatal(err)
	}
	cat := string(files["fr.json"])
	if !strings.Contains(cat, `"a.hello": "Salut {name} !"`) || !strings.Contains(cat, "\"reviewed_keys\": [\n   \"a.hello\"\n  ]") ||
		!strings.Contains(cat, "\"many\": \"{count} de jours\"") {
		t.Errorf("catalog:\n%s", cat)
	}
	if st := string(files["status/fr.json"]); !strings.Contains(st, "      \"title\": \"Demande reçue\",") {
		t.Errorf("status texts keep their two-space indent:\n%s", st)
	}
	if p := string(files["info/fr/reception.md"]); p != "# Accueil\n\nTexte.\n" {
		t.Errorf("new page: %q", p)
	}
}

func TestImportRefusesBadTranslations(t *testing.T) {
	for name, c := range map[string]struct {
		unit, target, want string
	}{
		"lost placeholder":   {"a.hello", "Bonjour", "placeholders"},
		"renamed":            {"b.days:one", "{n} jour", "placeholders"},
		"page without title": {"asylum", "Texte sans titre.\n", "must start with a '# Title'"},
	} {
		fsys := fixture()
		doc := exported(t, fsys)
		for fi := range doc.Files {
			for ui := range doc.Files[fi].Units {
				if doc.Files[fi].Units[ui].ID == c.unit {
					doc.Files[fi].Units[ui].Target = c.target
				}
			}
		}
		if _, err := Import(fsys, doc, []string{"en", "fr"}); !errors.Is(err, ErrImport) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
	fsys := fixture()
	doc := exported(t, fsys)
	doc.Files[0].Units = append(doc.Files[0].Units, xliff.Unit{ID: "z.invented", Source: "x", Target: "y"})
	doc.Files[1].Units = append(doc.Files[1].Units, xliff.Unit{ID: "asylum.nope.title", Source: "x", Target: "y"})
	if _, err := Import(fsys, doc, []string{"en", "fr"}); err == nil || !strings.Contains(err.Error(), "z.invented") || !strings.Contains(err.Error(), "asylum.nope.title") {
		t.Errorf("unknown units: %v", err)
	}
	doc.TrgLang = "xx"
	if _, err := Import(fsys, doc, []string{"en", "fr"}); !errors.Is(err, ErrImport) {
		t.Errorf("unknown language: %v", err)
	}
}
