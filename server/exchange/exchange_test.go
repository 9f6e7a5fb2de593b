package exchange

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"loket/server/content"
	"loket/server/dossiers"
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
		if want := 3 + len(pages); len(files) != want { // catalog, status texts, pages.json, pages
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
		"info/pages.json":      {Data: []byte("{\n \"pages\": [\n  {\n   \"key\": \"asylum\"\n  },\n  {\n   \"key\": \"reception\"\n  }\n ]\n}\n")},
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
				u.Target, u.State = "Demande reçue", xliff.StateFinal
			case "reception":
				u.Target, u.State = "# Accueil\n\nTexte.\n", xliff.StateReviewed
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
	if st := string(files["status/fr.json"]); !strings.Contains(st, "      \"title\": \"Demande reçue\",") || !strings.Contains(st, "\"duration\": \"\",\n      \"reviewed\": true\n") {
		t.Errorf("status texts keep their two-space indent and get their review mark:\n%s", st)
	}
	if meta := string(files["info/pages.json"]); !strings.Contains(meta, "\"reviewed\": {\n  \"fr\": [\n   \"reception\"\n  ]\n }") {
		t.Errorf("the reviewed page is not marked in pages.json:\n%s", meta)
	}

	// Changed again without review: the marks go.
	fsys["status/fr.json"] = &fstest.MapFile{Data: files["status/fr.json"]}
	fsys["info/pages.json"] = &fstest.MapFile{Data: files["info/pages.json"]}
	fsys["info/fr/reception.md"] = &fstest.MapFile{Data: files["info/fr/reception.md"]}
	doc = exported(t, fsys)
	for fi := range doc.Files {
		for ui := range doc.Files[fi].Units {
			u := &doc.Files[fi].Units[ui]
			if u.ID == "_default.received.title" || u.ID == "reception" {
				if u.State != xliff.StateReviewed {
					t.Errorf("%s exported as %s, not reviewed", u.ID, u.State)
				}
				u.Target, u.State = strings.Replace(u.Target, "e", "é", 1), xliff.StateTranslated
			}
		}
	}
	again, err := Import(fsys, doc, []string{"en", "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if st, meta := string(again["status/fr.json"]), string(again["info/pages.json"]); strings.Contains(st, "reviewed") || strings.Contains(meta, "reviewed") {
		t.Errorf("marks kept after an unreviewed change:\n%s\n%s", st, meta)
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

// TestReviewStateRoundTripsForEveryKind: in a copy of the shipped texts
// where a translator reviewed one French message, one status text and
// two pages (the intro included), the export says "reviewed" for exactly
// those units (every field of the status text), the pages and statuses
// load with their marks, and the import gives every file back byte for
// byte.
func TestReviewStateRoundTripsForEveryKind(t *testing.T) {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(translations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(translations.FS, p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(name string, change func(*node)) {
		n, raw, err := readJSON(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		change(n)
		fsys[name] = &fstest.MapFile{Data: encodeOrdered(n, indentOf(raw))}
	}
	edit("fr.json", func(n *node) {
		n.get("meta").insertAfter("reviewed", "reviewed_keys", strArray([]string{"nav.status"}))
	})
	edit("status/fr.json", func(n *node) { n.get("_default").get("received").set("reviewed", &node{raw: "true"}) })
	edit(pagesMeta, func(n *node) { setReviewedPages(n, "fr", []string{"index", "asylum"}) })

	lib, err := content.Load(fsys, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := lib.Page([]string{"fr"}, "asylum"); !p.Reviewed {
		t.Error("the reviewed page loads without its mark")
	}
	if p, _ := lib.Page([]string{"fr"}, "reception"); p.Reviewed {
		t.Error("a page nobody reviewed loads as reviewed")
	}
	cat, err := dossiers.LoadCatalog(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if x := cat.Text([]string{"fr"}, "family", "received"); !x.Reviewed {
		t.Error("the reviewed status text loads without its mark")
	}

	back := exported(t, fsys) // through XLIFF and back
	var got []string
	for _, f := range back.Files {
		for _, u := range f.Units {
			if u.State == xliff.StateReviewed {
				got = append(got, f.ID+"/"+u.ID)
			}
		}
	}
	want := []string{"messages/nav.status", "status/_default.received.title", "status/_default.received.meaning", "status/_default.received.action",
		"status/_default.received.next", "status/_default.received.duration", "pages/asylum", "pages/index"}
	if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("reviewed units %v, want %v", got, want)
	}
	files, err := Import(fsys, back, translations.Languages)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fr.json", "status/fr.json", pagesMeta, "info/fr/asylum.md"} {
		if !bytes.Equal(files[name], fsys[name].Data) {
			t.Errorf("%s differs after the round trip:\n%s", name, firstDiff(files[name], fsys[name].Data))
		}
	}
}
