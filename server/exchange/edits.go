package exchange

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"loket/server/editor"
)

// ApplyEdits writes the content editor's published revisions into the
// translations file layout: a page becomes info/{lang}/{key}.md, a status
// text its entry in status/{lang}.json (key order and indent kept). A
// reviewed revision carries its mark ("reviewed": true on the status
// text, the page in pages.json's "reviewed" list of its language); an
// unreviewed one that changed the text drops it. It returns the files
// that change, by path in the tree.
func ApplyEdits(fsys fs.FS, live []editor.Revision) (map[string][]byte, error) {
	out := map[string][]byte{}
	status := map[string]*node{}
	raw := map[string][]byte{}
	var meta *node // pages.json, read for the first page
	sort.Slice(live, func(i, j int) bool { return live[i].Ref.String() < live[j].Ref.String() })
	for _, r := range live {
		switch r.Kind {
		case editor.KindPage:
			name := "info/" + r.Lang + "/" + r.Key + ".md"
			old, err := fs.ReadFile(fsys, name)
			changed := err != nil || string(old) != r.Body
			if changed {
				out[name] = []byte(r.Body)
			}
			if meta == nil {
				if meta, raw[pagesMeta], err = readJSON(fsys, pagesMeta); err != nil {
					return nil, err
				}
			}
			reviewed := meta.get("reviewed").get(r.Lang).strings()
			switch {
			case r.Reviewed && !slices.Contains(reviewed, r.Key):
				setReviewedPages(meta, r.Lang, append(reviewed, r.Key))
			case !r.Reviewed && changed && slices.Contains(reviewed, r.Key):
				setReviewedPages(meta, r.Lang, slices.DeleteFunc(reviewed, func(k string) bool { return k == r.Key }))
			}
		case editor.KindStatus:
			name := "status/" + r.Lang + ".json"
			if status[name] == nil {
				n, b, err := readJSON(fsys, name)
				if err != nil {
					return nil, err
				}
				status[name], raw[name] = n, b
			}
			f, err := editor.ParseStatus(r.Body)
			if err != nil {
				return nil, fmt.Errorf("exchange: %s revision %d: %w", r.Ref, r.N, err)
			}
			scope, code, ok := cutStatusKey(r.Key)
			if !ok {
				return nil, fmt.Errorf("exchange: %s: not procedure.code", r.Ref)
			}
			root := status[name]
			if root.get(scope) == nil {
				root.set(scope, &node{obj: true})
			}
			old := root.get(scope).get(code)
			texts := &node{obj: true} // the five fields, in their order
			same := old != nil
			for _, field := range statusFields {
				texts.set(field, strNode(f[field]))
				same = same && old.get(field) != nil && old.get(field).str == f[field]
			}
			if r.Reviewed || same && old.get("reviewed").isTrue() {
				texts.set("reviewed", &node{raw: "true"})
			}
			root.get(scope).set(code, texts)
		default:
			return nil, fmt.Errorf("exchange: %s: unknown kind", r.Ref)
		}
	}
	for name, n := range status {
		if b := encodeOrdered(n, indentOf(raw[name])); string(b) != string(raw[name]) {
			out[name] = b
		}
	}
	if meta != nil {
		if b := encodeOrdered(meta, indentOf(raw[pagesMeta])); string(b) != string(raw[pagesMeta]) {
			out[pagesMeta] = b
		}
	}
	return out, nil
}

func cutStatusKey(key string) (scope, code string, ok bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' {
			return key[:i], key[i+1:], i > 0 && i < len(key)-1
		}
	}
	return "", "", false
}
