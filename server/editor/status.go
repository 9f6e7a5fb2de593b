package editor

import (
	"fmt"
	"strings"
)

// StatusFields are the fields of a status text, in the order they are
// edited and shown.
var StatusFields = []string{"title", "meaning", "action", "next", "duration"}

// FormatStatus writes a status text as the editor's body: one
// "field: text" line per field.
func FormatStatus(fields map[string]string) string {
	var b strings.Builder
	for _, f := range StatusFields {
		fmt.Fprintf(&b, "%s: %s\n", f, fields[f])
	}
	return b.String()
}

// ParseStatus reads a status body back: every field once, on one line;
// title, meaning, action and next must not be empty (duration may be).
func ParseStatus(body string) (map[string]string, error) {
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		field, text, ok := strings.Cut(line, ":")
		field = strings.TrimSpace(field)
		if !ok || !isStatusField(field) {
			return nil, fmt.Errorf("line %q is not \"field: text\" with a field of %v", line, StatusFields)
		}
		if _, dup := out[field]; dup {
			return nil, fmt.Errorf("%s appears twice", field)
		}
		out[field] = strings.TrimSpace(text)
	}
	for _, f := range StatusFields[:4] {
		if out[f] == "" {
			return nil, fmt.Errorf("%s is empty", f)
		}
	}
	if _, ok := out["duration"]; !ok {
		out["duration"] = ""
	}
	return out, nil
}

func isStatusField(f string) bool {
	for _, s := range StatusFields {
		if s == f {
			return true
		}
	}
	return false
}
