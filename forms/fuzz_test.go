package forms

import (
	"loket/server/refusal"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzValidate posts arbitrary text to the status lookup form and to one
// field of all_types, through both entry points, and checks that nothing
// panics, that errors only name known fields and keys, that accepted values
// obey their rules, and that the form renders well-formed.
func FuzzValidate(f *testing.F) {
	set, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	lookup := mustForm(f, set, "status_lookup")
	all := mustForm(f, testSet(f), "all_types")
	keys := append(set.Keys(), testSet(f).Keys()...)
	now := testNow(f)
	dossier := regexp.MustCompile(`^[0-9]{8}$`)

	f.Fuzz(func(t *testing.T, dossierIn, birthIn, field, value string) {
		res := lookup.Validate(url.Values{"dossier": {dossierIn}, "birth_date": {birthIn}}, now)
		checkResult(t, lookup, res, keys)
		if !hasError(res, "dossier") && !dossier.MatchString(res.Values["dossier"]) {
			t.Errorf("dossier %q accepted", res.Values["dossier"])
		}
		if !hasError(res, "birth_date") {
			d, err := time.Parse(time.DateOnly, res.Values["birth_date"])
			if err != nil || d.After(civilDay(now)) || d.Before(civilDay(now).AddDate(-120, 0, 0)) {
				t.Errorf("birth date %q accepted", res.Values["birth_date"])
			}
		}
		elements(t, lookup.Render(keyPrinter{}, RenderOptions{Values: res.Values, Errors: res.Errors, Now: now}))

		values := validAll()
		values.Set(field, value)
		res = all.Validate(values, now)
		checkResult(t, all, res, keys)
		elements(t, all.Render(keyPrinter{}, RenderOptions{Values: res.Values, Errors: res.Errors, Now: now, Kiosk: true}))

		checkResult(t, all, all.ValidateJSON(map[string]any{field: value, "kind": value, "agree": value}, now), keys)
	})
}

func hasError(res Result, field string) bool {
	return slices.ContainsFunc(res.Errors, func(e refusal.Field) bool { return e.Field == field })
}

func checkResult(t *testing.T, f *Form, res Result, keys []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range res.Errors {
		if f.field(e.Field) == nil {
			t.Errorf("error names unknown field %q", e.Field)
		}
		if seen[e.Field] {
			t.Errorf("two errors for %q", e.Field)
		}
		seen[e.Field] = true
		if !slices.Contains(keys, e.Key) {
			t.Errorf("error key %q is not in Keys", e.Key)
		}
	}
	if len(res.Values) != len(f.fields) {
		t.Errorf("%d values for %d fields", len(res.Values), len(f.fields))
	}
	for name, v := range res.Values {
		fd := f.field(name)
		if fd == nil {
			t.Errorf("value for unknown field %q", name)
			continue
		}
		if !utf8.ValidString(v) {
			t.Errorf("%s: invalid UTF-8 value %q", name, v)
		}
		if utf8.RuneCountInString(v) > fd.maxLen {
			t.Errorf("%s: value of %d runes kept, over the cap", name, utf8.RuneCountInString(v))
		}
		if !seen[name] && !cleanText(v, fd.typ == typeTextarea) {
			t.Errorf("%s: accepted %q", name, v)
		}
	}
}
