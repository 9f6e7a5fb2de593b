package web

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/translations"
)

// catalogsReviewing loads the shipped catalogs with Ukrainian's messages
// marked reviewed one by one (meta.reviewed_keys), as a translator's
// import leaves them: every message but those of except.
func catalogsReviewing(t *testing.T, except ...string) *locale.Catalogs {
	t.Helper()
	var uk struct {
		Meta     map[string]any             `json:"meta"`
		Messages map[string]json.RawMessage `json:"messages"`
	}
	raw, err := fs.ReadFile(translations.FS, "uk.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &uk); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range uk.Messages {
		if !slices.Contains(except, k) {
			keys = append(keys, k)
		}
	}
	uk.Meta["reviewed_keys"] = keys
	b, err := json.Marshal(uk)
	if err != nil {
		t.Fatal(err)
	}
	cats, err := locale.Load(overlay{translations.FS, fstest.MapFS{"uk.json": {Data: b}}}, locale.Options{Default: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	return cats
}

// overlay is fsys with some files replaced.
type overlay struct {
	fs.FS
	files fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.FS.Open(name)
}

// TestNoticeFollowsReviewedStrings: a page whose strings a translator
// reviewed one by one shows no "not yet checked" notice; a page that
// prints one machine-drafted string does; with no string reviewed, both
// do, and an English page never does.
func TestNoticeFollowsReviewedStrings(t *testing.T) {
	const notice = `class="unreviewed"`
	notices := func(cats *locale.Catalogs, path string) bool {
		t.Helper()
		e := newTestApp(t, appOptions{wire: func(e *testApp) { e.deps.Catalogs = cats }})
		res, page := get(t, e.app, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		return strings.Contains(page, notice)
	}
	shipped := sharedCatalogs(t)
	if !notices(shipped, "/uk/privacy") || !notices(shipped, "/uk/accessibility") || notices(shipped, "/en/privacy") {
		t.Error("as shipped, Ukrainian pages carry the notice and English ones do not")
	}
	all := catalogsReviewing(t)
	if notices(all, "/uk/privacy") || notices(all, "/uk/accessibility") {
		t.Error("a page of reviewed strings still carries the notice")
	}
	// One string of the privacy statement left machine-drafted.
	one := catalogsReviewing(t, "trust.privacy.intro")
	if !notices(one, "/uk/privacy") {
		t.Error("the privacy statement prints an unreviewed string and lacks the notice")
	}
	if notices(one, "/uk/accessibility") {
		t.Error("the accessibility statement, all reviewed, carries the notice")
	}

	// The information index shows the pages' own titles and summaries:
	// with its messages reviewed it keeps the notice until the pages are.
	index := func(lib *content.Library) bool {
		t.Helper()
		e := newTestApp(t, appOptions{wire: func(e *testApp) { e.deps.Catalogs, e.deps.Content = all, lib }})
		_, page := get(t, e.app, "/uk/info")
		return strings.Contains(page, notice)
	}
	if !index(shared.lib) {
		t.Error("the index of machine-drafted pages lacks the notice")
	}
	var meta map[string]any
	raw, err := fs.ReadFile(translations.FS, "info/pages.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		t.Fatal(err)
	}
	meta["reviewed"] = map[string]any{"uk": append(shared.lib.Keys(), "index")}
	b, err := json.Marshal(meta)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := content.Load(overlay{translations.FS, fstest.MapFS{"info/pages.json": {Data: b}}}, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	if index(lib) {
		t.Error("the index of reviewed messages and pages carries the notice")
	}
}
