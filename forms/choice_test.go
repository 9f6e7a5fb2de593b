package forms

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
)

func TestChoiceRendersCallerOptions(t *testing.T) {
	f := mustForm(t, testSet(t), "choices")
	out := string(f.Render(keyPrinter{}, RenderOptions{Now: testNow(t),
		Values:  map[string]string{"country": "UA"},
		Choices: map[string][]Choice{"country": {{"BE", "België <BE>"}, {"UA", "Oekraïne"}}}}))
	checkStructure(t, f.Render(keyPrinter{}, RenderOptions{Now: testNow(t)}))
	for _, want := range []string{
		`<select class="select" id="f-country" name="country" required aria-required="true">`,
		`<option value="">[form.select.placeholder]</option>`,
		`<option value="BE">België &lt;BE&gt;</option>`,
		`<option value="UA" selected>Oekraïne</option>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestChoiceValidatesShapeOnly(t *testing.T) {
	f := mustForm(t, testSet(t), "choices")
	tests := []struct {
		value, want string
	}{
		{"", "form.error.required"},
		{"UA", ""},
		{strings.Repeat("x", 65), "form.error.too_long"},
		{"a\x00b", "form.error.text"},
	}
	for _, tt := range tests {
		res := f.Validate(url.Values{"country": {tt.value}}, testNow(t))
		got := ""
		if len(res.Errors) > 0 {
			got = res.Errors[0].Key
		}
		if got != tt.want {
			t.Errorf("%q: error %q, want %q", tt.value, got, tt.want)
		}
	}
}

func TestChoiceRefusesOptions(t *testing.T) {
	def := `{"id":"x","title":"a.title","submit":"a.submit","fields":[{"name":"f","type":"choice","label":"a.f","options":[{"value":"a","label":"a.a"}]}]}`
	_, err := load(fstest.MapFS{"x.json": {Data: []byte(def)}})
	if !errors.Is(err, ErrDefinition) || !strings.Contains(err.Error(), "only apply to select") {
		t.Fatalf("got %v", err)
	}
}
