package exchange

import (
	"fmt"
	"io/fs"
	"sort"

	"loket/server/editor"
)

// ApplyEdits writes the content editor's published revisions into the
// translations file layout: a page becomes info/{lang}/{key}.md, a status
// text its entry in status/{lang}.json (key order and indent kept). It
// returns the files that change, by path in the tree.
func ApplyEdits(fsys fs.FS, live []editor.Revision) (map[string][]byte, error) {
	out := map[string][]byte{}
	status := map[string]*node{}
	raw := map[string][]byte{}
	sort.Slice(live, func(i, j int) bool { return live[i].Ref.String() < live[j].Ref.String() })
	for _, r := range live {
		switch r.Kind {
		case editor.KindPage:
			name := "info/" + r.Lang + "/" + r.Key + ".md"
			if old, err := fs.ReadFile(fsys, name); err != nil || string(old) != r.Body {
				out[name] = []byte(r.Body)
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
			texts := &node{obj: true} // the five fields, in their order
			for _, field := range statusFields {
				texts.set(field, strNode(f[field]))
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
