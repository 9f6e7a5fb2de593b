// Package exchange moves Loket's texts to and from translators' tools:
// one XLIFF 2.0 document per language holding the UI strings
// ({lang}.json), the dossier status texts (status/{lang}.json) and the
// information pages (info/{lang}/*.md), each with its English source.
// Import writes the same files back, changing only the texts that
// changed, so that a reviewed translation is committed as a small diff.
package exchange

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"loket/server/content"
	"loket/server/locale"
	"loket/server/xliff"
)

// File ids in the XLIFF document.
const (
	FileMessages = "messages"
	FileStatus   = "status"
	FilePages    = "pages"
)

// ErrImport is returned when a document cannot be imported; nothing is
// written then.
var ErrImport = errors.New("exchange: import refused")

// pagesMeta holds the pages' metadata, with the pages reviewed per
// language ("reviewed": {"fr": ["asylum"]}).
const pagesMeta = "info/pages.json"

// statusFields are the translatable fields of a status text, in file order.
var statusFields = []string{"title", "meaning", "action", "next", "duration"}

// Export builds the XLIFF document that asks for target's texts, with
// source's as the source, from a translations file tree (translations.FS
// or the folder on disk). Existing translations are filled in as targets;
// a target is "reviewed" when a translator checked it (a message in its
// catalog's meta, a status text by its "reviewed" mark, a page in
// pages.json's "reviewed" list), "translated" otherwise, and "initial"
// when missing.
func Export(fsys fs.FS, source, target string) (xliff.Document, error) {
	if source == target {
		return xliff.Document{}, fmt.Errorf("exchange: source and target are both %q", source)
	}
	doc := xliff.Document{SrcLang: source, TrgLang: target}
	msgs, err := exportMessages(fsys, source, target)
	if err != nil {
		return doc, err
	}
	status, err := exportStatus(fsys, source, target)
	if err != nil {
		return doc, err
	}
	pages, err := exportPages(fsys, source, target)
	if err != nil {
		return doc, err
	}
	doc.Files = []xliff.File{msgs, status, pages}
	return doc, nil
}

func readJSON(fsys fs.FS, name string) (*node, []byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	n, err := parseOrdered(b)
	if err != nil {
		return nil, nil, fmt.Errorf("exchange: %s: %w", name, err)
	}
	return n, b, nil
}

func state(text string, reviewed bool) string {
	switch {
	case text == "":
		return xliff.StateInitial
	case reviewed:
		return xliff.StateReviewed
	}
	return xliff.StateTranslated
}

// reviewedKeys reads a catalog's meta: reviewed as a whole (or a source
// language), or the keys a translator checked.
func reviewedKeys(meta *node) (all bool, keys []string) {
	return meta.get("reviewed").isTrue() || meta.get("source").isTrue(), meta.get("reviewed_keys").strings()
}

func exportMessages(fsys fs.FS, source, target string) (xliff.File, error) {
	f := xliff.File{ID: FileMessages, Notes: []string{"Interface texts. Keep {name} placeholders; plural messages have one unit per plural form of the target language."}}
	src, _, err := readJSON(fsys, source+".json")
	if err != nil {
		return f, err
	}
	var trg *node
	if t, _, err := readJSON(fsys, target+".json"); err == nil {
		trg = t
	} else if !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	all, reviewed := reviewedKeys(trg.get("meta"))
	srcMsgs, trgMsgs := src.get("messages"), trg.get("messages")
	keys := slices.Clone(srcMsgs.keys)
	sort.Strings(keys)
	for _, key := range keys {
		if !xliff.ValidID(key) {
			return f, fmt.Errorf("exchange: message key %q cannot be an XLIFF id", key)
		}
		s, t := srcMsgs.get(key), trgMsgs.get(key)
		isReviewed := all || slices.Contains(reviewed, key)
		if s.isS {
			text := ""
			if t != nil && t.isS {
				text = t.str
			}
			f.Units = append(f.Units, xliff.Unit{ID: key, Source: s.str, Target: text, State: state(text, isReviewed)})
			continue
		}
		for _, cat := range pluralForms(target, t) {
			srcText := s.get(cat)
			if srcText == nil {
				srcText = s.get("other")
			}
			text := ""
			if v := t.get(cat); v != nil {
				text = v.str
			}
			f.Units = append(f.Units, xliff.Unit{ID: key + ":" + cat, Group: key, Notes: []string{"plural form: " + cat},
				Source: srcText.str, Target: text, State: state(text, isReviewed)})
		}
	}
	return f, nil
}

// pluralForms are the categories a plural message needs in lang: its
// rule's categories and any the existing translation already has.
func pluralForms(lang string, existing *node) []string {
	forms := locale.PluralCategories(lang)
	if existing != nil {
		for _, k := range existing.keys {
			if !slices.Contains(forms, k) {
				forms = append(forms, k)
			}
		}
	}
	return forms
}

func exportStatus(fsys fs.FS, source, target string) (xliff.File, error) {
	f := xliff.File{ID: FileStatus, Notes: []string{"Dossier status texts: title 2-6 words; DVZ, CGRS, ICAM and RvV/CCE stay in Latin letters; numbers in digits."}}
	src, _, err := readJSON(fsys, "status/"+source+".json")
	if err != nil {
		return f, err
	}
	var trg *node
	if t, _, err := readJSON(fsys, "status/"+target+".json"); err == nil {
		trg = t
	} else if !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	for i, scope := range src.keys {
		for j, code := range src.vals[i].keys {
			for _, field := range statusFields {
				s := src.vals[i].vals[j].get(field)
				if s == nil || s.str == "" {
					continue
				}
				text := ""
				t := trg.get(scope).get(code)
				if v := t.get(field); v != nil {
					text = v.str
				}
				where := "procedure " + scope
				if scope == "_default" {
					where = "every procedure without its own text"
				}
				f.Units = append(f.Units, xliff.Unit{ID: scope + "." + code + "." + field,
					Notes:  []string{fmt.Sprintf("status %s, %s: %s", code, where, field)},
					Source: s.str, Target: text, State: state(text, t.get("reviewed").isTrue())})
			}
		}
	}
	return f, nil
}

func exportPages(fsys fs.FS, source, target string) (xliff.File, error) {
	f := xliff.File{ID: FilePages, Notes: []string{"Information pages in Markdown: keep the '# ' title, the '## ' headings, list markers and blank lines; no HTML."}}
	files, err := fs.Glob(fsys, "info/"+source+"/*.md")
	if err != nil {
		return f, err
	}
	var reviewed []string
	if meta, _, err := readJSON(fsys, pagesMeta); err == nil {
		reviewed = meta.get("reviewed").get(target).strings()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	for _, name := range files {
		key := strings.TrimSuffix(path.Base(name), ".md")
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return f, err
		}
		trg, err := fs.ReadFile(fsys, "info/"+target+"/"+key+".md")
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return f, err
		}
		f.Units = append(f.Units, xliff.Unit{ID: key, Source: string(src), Target: string(trg),
			State: state(string(trg), slices.Contains(reviewed, key))})
	}
	return f, nil
}

// Import turns a translated document back into the target's files, as
// paths of the translations tree and their new contents: the catalog, the
// status texts and every page with a target. Every unit must exist in the
// source, keep its source's placeholders, and every page must start with
// a title; the first problems are listed in the error and nothing is
// returned. A text whose target is "reviewed" or "final" is marked
// reviewed (a message in the catalog's reviewed keys, a status text when
// all its fields are, a page in pages.json); one that changed without
// being reviewed loses its mark.
func Import(fsys fs.FS, doc xliff.Document, languages []string) (map[string][]byte, error) {
	if !slices.Contains(languages, doc.TrgLang) || !slices.Contains(languages, doc.SrcLang) || doc.SrcLang == doc.TrgLang {
		return nil, fmt.Errorf("%w: languages %s to %s are not two of Loket's", ErrImport, doc.SrcLang, doc.TrgLang)
	}
	var problems []string
	out := map[string][]byte{}
	for _, f := range doc.Files {
		var err error
		switch f.ID {
		case FileMessages:
			err = importMessages(fsys, doc, f, out, &problems)
		case FileStatus:
			err = importStatus(fsys, doc, f, out, &problems)
		case FilePages:
			err = importPages(fsys, doc, f, out, &problems)
		default:
			problems = append(problems, fmt.Sprintf("unknown file %q", f.ID))
		}
		if err != nil {
			return nil, err
		}
	}
	if len(problems) > 0 {
		if len(problems) > 10 {
			problems = append(problems[:10], fmt.Sprintf("and %d more", len(problems)-10))
		}
		return nil, fmt.Errorf("%w: %s", ErrImport, strings.Join(problems, "; "))
	}
	return out, nil
}

// subset reports whether every placeholder of a is one of b.
func subset(a, b []string) bool {
	for _, p := range a {
		if !slices.Contains(b, p) {
			return false
		}
	}
	return true
}

// formsPlaceholders is the set of placeholders of a plural message's forms.
func formsPlaceholders(n *node) []string {
	var out []string
	for _, v := range n.vals {
		out = append(out, xliff.Placeholders(v.str)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func samePlaceholders(src, trg string) bool {
	return slices.Equal(xliff.Placeholders(src), xliff.Placeholders(trg))
}

func importMessages(fsys fs.FS, doc xliff.Document, f xliff.File, out map[string][]byte, problems *[]string) error {
	src, _, err := readJSON(fsys, doc.SrcLang+".json")
	if err != nil {
		return err
	}
	name := doc.TrgLang + ".json"
	trg, raw, err := readJSON(fsys, name)
	if err != nil {
		return err
	}
	srcMsgs, trgMsgs, meta := src.get("messages"), trg.get("messages"), trg.get("meta")
	wholeReviewed, reviewed := reviewedKeys(meta)
	changed := false
	touched := map[string]bool{} // plural keys whose forms changed
	for _, u := range f.Units {
		key, form, plural := strings.Cut(u.ID, ":")
		s := srcMsgs.get(key)
		switch {
		case s == nil || plural != !s.isS:
			*problems = append(*problems, fmt.Sprintf("message %s is not in the source", u.ID))
			continue
		case u.Target == "":
			continue
		}
		srcText := s.str
		if plural {
			sf := s.get(form)
			if sf == nil {
				sf = s.get("other")
			}
			srcText = sf.str
			if !slices.Contains(pluralForms(doc.TrgLang, nil), form) && trgMsgs.get(key).get(form) == nil {
				*problems = append(*problems, fmt.Sprintf("message %s: %s has no plural form %q", u.ID, doc.TrgLang, form))
				continue
			}
		}
		// A plural form may leave the number out (Arabic "one day" is a
		// word); the message's forms together must keep every placeholder.
		if plural && !subset(xliff.Placeholders(u.Target), xliff.Placeholders(srcText)) ||
			!plural && !samePlaceholders(srcText, u.Target) {
			*problems = append(*problems, fmt.Sprintf("message %s: placeholders %v, the source has %v", u.ID, xliff.Placeholders(u.Target), xliff.Placeholders(srcText)))
			continue
		}
		old := trgMsgs.get(key)
		if plural {
			if old == nil || !old.obj {
				old = &node{obj: true}
				trgMsgs.set(key, old)
			}
			if v := old.get(form); v == nil || v.str != u.Target {
				old.set(form, strNode(u.Target))
				touched[key] = true
				changed = true
				reviewed = slices.DeleteFunc(reviewed, func(k string) bool { return k == key })
			}
		} else if old == nil || old.str != u.Target {
			trgMsgs.set(key, strNode(u.Target))
			changed = true
			reviewed = slices.DeleteFunc(reviewed, func(k string) bool { return k == key })
		}
		if !wholeReviewed && isReviewed(u.State) && !slices.Contains(reviewed, key) {
			reviewed = append(reviewed, key)
			changed = true
		}
	}
	for key := range touched {
		if got, want := formsPlaceholders(trgMsgs.get(key)), formsPlaceholders(srcMsgs.get(key)); !slices.Equal(got, want) {
			*problems = append(*problems, fmt.Sprintf("message %s: its plural forms together have placeholders %v, the source %v", key, got, want))
		}
	}
	if !changed {
		out[name] = raw
		return nil
	}
	sortObject(trgMsgs)
	slices.Sort(reviewed)
	reviewed = slices.Compact(reviewed)
	if len(reviewed) > 0 {
		meta.insertAfter("reviewed", "reviewed_keys", strArray(reviewed))
	}
	out[name] = encodeOrdered(trg, indentOf(raw))
	return nil
}

// sortObject orders an object's keys, as the catalogs keep messages.
func sortObject(n *node) {
	idx := make([]int, len(n.keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return n.keys[idx[a]] < n.keys[idx[b]] })
	keys, vals := make([]string, len(idx)), make([]*node, len(idx))
	for i, j := range idx {
		keys[i], vals[i] = n.keys[j], n.vals[j]
	}
	n.keys, n.vals = keys, vals
}

func importStatus(fsys fs.FS, doc xliff.Document, f xliff.File, out map[string][]byte, problems *[]string) error {
	src, _, err := readJSON(fsys, "status/"+doc.SrcLang+".json")
	if err != nil {
		return err
	}
	name := "status/" + doc.TrgLang + ".json"
	trg, raw, err := readJSON(fsys, name)
	if err != nil {
		return err
	}
	changed := false
	// A status text is reviewed when every field the document carries
	// is; one that changed without review loses its mark.
	type review struct {
		texts             *node
		changed, reviewed bool
	}
	reviews := map[string]*review{}
	var order []string
	for _, u := range f.Units {
		parts := strings.Split(u.ID, ".")
		if len(parts) != 3 || src.get(parts[0]).get(parts[1]).get(parts[2]) == nil {
			*problems = append(*problems, fmt.Sprintf("status text %s is not in the source", u.ID))
			continue
		}
		if u.Target == "" {
			continue
		}
		scope, code, field := parts[0], parts[1], parts[2]
		if trg.get(scope) == nil {
			trg.set(scope, &node{obj: true})
		}
		if trg.get(scope).get(code) == nil {
			trg.get(scope).set(code, &node{obj: true})
		}
		texts := trg.get(scope).get(code)
		r := reviews[scope+"."+code]
		if r == nil {
			r = &review{texts: texts, reviewed: true}
			reviews[scope+"."+code] = r
			order = append(order, scope+"."+code)
		}
		r.reviewed = r.reviewed && isReviewed(u.State)
		if v := texts.get(field); v == nil || v.str != u.Target {
			texts.set(field, strNode(u.Target))
			changed, r.changed = true, true
		}
	}
	for _, key := range order {
		r := reviews[key]
		switch {
		case r.reviewed && !r.texts.get("reviewed").isTrue():
			r.texts.set("reviewed", &node{raw: "true"})
			changed = true
		case !r.reviewed && r.changed && r.texts.get("reviewed") != nil:
			r.texts.del("reviewed")
		}
	}
	if changed {
		out[name] = encodeOrdered(trg, indentOf(raw))
	} else {
		out[name] = raw
	}
	return nil
}

// isReviewed: a segment a translator checked.
func isReviewed(state string) bool { return state == xliff.StateReviewed || state == xliff.StateFinal }

// importPages takes every page with a target, and keeps the pages'
// review marks in pages.json: a page whose target is reviewed is marked,
// one that changed without review loses its mark.
func importPages(fsys fs.FS, doc xliff.Document, f xliff.File, out map[string][]byte, problems *[]string) error {
	meta, raw, err := readJSON(fsys, pagesMeta)
	if err != nil {
		return err
	}
	reviewed := meta.get("reviewed").get(doc.TrgLang).strings()
	was := slices.Clone(reviewed)
	for _, u := range f.Units {
		if _, err := fs.Stat(fsys, "info/"+doc.SrcLang+"/"+u.ID+".md"); err != nil {
			*problems = append(*problems, fmt.Sprintf("page %s is not in the source", u.ID))
			continue
		}
		if u.Target == "" {
			continue
		}
		if _, err := content.Render([]byte(u.Target)); err != nil {
			*problems = append(*problems, fmt.Sprintf("page %s: %v", u.ID, err))
			continue
		}
		name := "info/" + doc.TrgLang + "/" + u.ID + ".md"
		old, _ := fs.ReadFile(fsys, name)
		switch {
		case isReviewed(u.State) && !slices.Contains(reviewed, u.ID):
			reviewed = append(reviewed, u.ID)
		case !isReviewed(u.State) && string(old) != u.Target:
			reviewed = slices.DeleteFunc(reviewed, func(k string) bool { return k == u.ID })
		}
		out[name] = []byte(u.Target)
	}
	if slices.Equal(reviewed, was) {
		out[pagesMeta] = raw
		return nil
	}
	setReviewedPages(meta, doc.TrgLang, reviewed)
	out[pagesMeta] = encodeOrdered(meta, indentOf(raw))
	return nil
}

// setReviewedPages writes lang's reviewed pages into pages.json's
// "reviewed" object, sorted; no entry for a language without any.
func setReviewedPages(meta *node, lang string, keys []string) {
	rv := meta.get("reviewed")
	if rv == nil {
		rv = &node{obj: true}
		meta.set("reviewed", rv)
	}
	keys = slices.Clone(keys)
	slices.Sort(keys)
	if len(keys) == 0 {
		rv.del(lang)
	} else {
		rv.set(lang, strArray(keys))
		sortObject(rv)
	}
	if len(rv.keys) == 0 {
		meta.del("reviewed")
	}
}
