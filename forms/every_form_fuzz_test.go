package forms

import (
	"net/url"
	"sort"
	"testing"
)

// FuzzEveryForm sends arbitrary text into every field of every shipped
// form definition, as a form post and as a JSON body: nothing panics,
// errors name only known fields and keys, and the form still renders.
func FuzzEveryForm(f *testing.F) {
	set, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	ids := make([]string, 0, len(set.forms))
	for id := range set.forms {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	keys := set.Keys()
	now := testNow(f)
	for _, seed := range []string{"", "1990-01-01", "12345678", "<script>", "\x00", "A-1/b", "31/12/1999", "😀"} {
		f.Add(uint8(0), uint8(0), seed)
	}
	f.Fuzz(func(t *testing.T, formIndex, fieldIndex uint8, value string) {
		form := set.forms[ids[int(formIndex)%len(ids)]]
		if len(form.fields) == 0 {
			return
		}
		name := form.fields[int(fieldIndex)%len(form.fields)].name
		res := form.Validate(url.Values{name: {value}}, now)
		checkResult(t, form, res, keys)
		checkResult(t, form, form.ValidateJSON(map[string]any{name: value}, now), keys)
		elements(t, form.Render(keyPrinter{}, RenderOptions{Values: res.Values, Errors: res.Errors, Now: now}))
	})
}
