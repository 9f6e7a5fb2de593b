package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// node is a JSON value that keeps its keys in file order, so that a file
// written back after an import differs from the shipped one only where a
// text changed (the catalogs are reviewed as diffs).
type node struct {
	keys []string
	vals []*node
	obj  bool
	arr  []*node
	isA  bool
	str  string
	isS  bool
	raw  string // number, true, false, null
}

func parseOrdered(b []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := parseNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the JSON value")
	}
	return n, nil
}

func parseNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{obj: true}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := parseNode(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
				n.vals = append(n.vals, v)
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := &node{isA: true}
			for dec.More() {
				v, err := parseNode(dec)
				if err != nil {
					return nil, err
				}
				n.arr = append(n.arr, v)
			}
			_, err := dec.Token()
			return n, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return &node{str: t, isS: true}, nil
	case json.Number:
		return &node{raw: t.String()}, nil
	case bool:
		return &node{raw: fmt.Sprint(t)}, nil
	case nil:
		return &node{raw: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// get is the value under key of an object, or nil.
func (n *node) get(key string) *node {
	if n == nil || !n.obj {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// set puts v under key, keeping the key's place, or appends it.
func (n *node) set(key string, v *node) {
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	n.keys = append(n.keys, key)
	n.vals = append(n.vals, v)
}

// insertAfter puts v under key right after the key after, or appends it.
func (n *node) insertAfter(after, key string, v *node) {
	if n.get(key) != nil {
		n.set(key, v)
		return
	}
	for i, k := range n.keys {
		if k == after {
			n.keys = append(n.keys[:i+1], append([]string{key}, n.keys[i+1:]...)...)
			n.vals = append(n.vals[:i+1], append([]*node{v}, n.vals[i+1:]...)...)
			return
		}
	}
	n.set(key, v)
}

// del removes key from an object.
func (n *node) del(key string) {
	for i, k := range n.keys {
		if k == key {
			n.keys = append(n.keys[:i], n.keys[i+1:]...)
			n.vals = append(n.vals[:i], n.vals[i+1:]...)
			return
		}
	}
}

func strNode(s string) *node { return &node{str: s, isS: true} }

// strArray is a JSON array of strings.
func strArray(ss []string) *node {
	n := &node{isA: true}
	for _, s := range ss {
		n.arr = append(n.arr, strNode(s))
	}
	return n
}

// strings lists the strings of an array node.
func (n *node) strings() []string {
	if n == nil {
		return nil
	}
	var out []string
	for _, v := range n.arr {
		out = append(out, v.str)
	}
	return out
}

// isTrue reports whether n is the JSON literal true.
func (n *node) isTrue() bool { return n != nil && n.raw == "true" }

// write prints n as Python's json.dumps(indent=N, ensure_ascii=False)
// does, the format of the shipped files.
func (n *node) write(b *bytes.Buffer, indent string, level int) {
	pad := strings.Repeat(indent, level+1)
	switch {
	case n.obj:
		if len(n.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range n.keys {
			b.WriteString(pad)
			writeString(b, k)
			b.WriteString(": ")
			n.vals[i].write(b, indent, level+1)
			if i < len(n.keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(indent, level) + "}")
	case n.isA:
		if len(n.arr) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, v := range n.arr {
			b.WriteString(pad)
			v.write(b, indent, level+1)
			if i < len(n.arr)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(indent, level) + "]")
	case n.isS:
		writeString(b, n.str)
	default:
		b.WriteString(n.raw)
	}
}

// writeString escapes as JSON without escaping HTML characters or
// non-ASCII letters.
func writeString(b *bytes.Buffer, s string) {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Write(bytes.TrimSuffix(tmp.Bytes(), []byte("\n")))
}

// encodeOrdered writes a whole file with the given indent and a final
// newline.
func encodeOrdered(n *node, indent string) []byte {
	var b bytes.Buffer
	n.write(&b, indent, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

// indentOf is the indent unit of a pretty-printed JSON file: the spaces
// before its first key.
func indentOf(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		rest := b[i+1:]
		j := 0
		for j < len(rest) && rest[j] == ' ' {
			j++
		}
		if j > 0 {
			return string(rest[:j])
		}
	}
	return " "
}
