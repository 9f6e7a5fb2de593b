package forms

import (
	"fmt"
	"html/template"
	"loket/server/refusal"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	tagRe  = regexp.MustCompile(`<([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>`)
	attrRe = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
)

// element is one start tag of the rendered HTML.
type element struct {
	name  string
	attrs map[string]string
}

// elements lists the start tags of out; it fails the test on a "<" that
// does not start a well-formed tag, which also catches unescaped values.
func elements(t *testing.T, out template.HTML) []element {
	t.Helper()
	s := string(out)
	var els []element
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if strings.HasPrefix(s[i:], "</") {
			i += strings.IndexByte(s[i:], '>') + 1
			continue
		}
		m := tagRe.FindStringSubmatchIndex(s[i:])
		if m == nil || m[0] != 0 {
			t.Fatalf("not a tag at %q", s[i:min(i+40, len(s))])
		}
		el := element{name: s[i+m[2] : i+m[3]], attrs: map[string]string{}}
		for _, a := range attrRe.FindAllStringSubmatch(s[i+m[4]:i+m[5]], -1) {
			if _, dup := el.attrs[a[1]]; dup {
				t.Errorf("<%s> has %s twice", el.name, a[1])
			}
			el.attrs[a[1]] = a[2]
		}
		els = append(els, el)
		i += m[1]
	}
	return els
}

func byID(els []element) map[string]element {
	ids := map[string]element{}
	for _, el := range els {
		if id, ok := el.attrs["id"]; ok {
			ids[id] = el
		}
	}
	return ids
}

// checkStructure asserts what must hold for any rendering: unique ids,
// labels pointing at controls, aria-describedby and summary links pointing
// at existing elements, no inline style or script.
func checkStructure(t *testing.T, out template.HTML) []element {
	t.Helper()
	els := elements(t, out)
	ids := map[string]int{}
	for _, el := range els {
		if id, ok := el.attrs["id"]; ok {
			ids[id]++
		}
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}
	controls := byID(els)
	for _, el := range els {
		for a := range el.attrs {
			if a == "style" || strings.HasPrefix(a, "on") {
				t.Errorf("<%s> has inline %s", el.name, a)
			}
		}
		switch el.name {
		case "script", "style":
			t.Errorf("inline <%s>", el.name)
		case "label":
			c, ok := controls[el.attrs["for"]]
			if !ok || !slices.Contains([]string{"input", "select", "textarea"}, c.name) {
				t.Errorf("label for %q points at no control", el.attrs["for"])
			}
		case "a":
			href := el.attrs["href"]
			c, ok := controls[strings.TrimPrefix(href, "#")]
			if !strings.HasPrefix(href, "#") || !ok || c.name == "label" {
				t.Errorf("summary link %q points at no field", href)
			}
		}
		if d, ok := el.attrs["aria-describedby"]; ok {
			for _, id := range strings.Fields(d) {
				if _, ok := controls[id]; !ok {
					t.Errorf("<%s id=%q> describedby missing %q", el.name, el.attrs["id"], id)
				}
			}
		}
	}
	return els
}

func TestRenderStatusLookup(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	f := mustForm(t, set, "status_lookup")
	now := testNow(t)
	res := f.Validate(url.Values{"dossier": {"1234"}, "birth_date": {"2030-01-01"}}, now)
	out := f.Render(keyPrinter{}, RenderOptions{Action: "/status", CSRF: "tok", Values: res.Values, Errors: res.Errors, Now: now})
	els := checkStructure(t, out)
	ids := byID(els)

	form := ids["form-status_lookup"]
	for attr, want := range map[string]string{"method": "post", "novalidate": "", "action": "/status", "lang": "ar", "dir": "rtl"} {
		if got, ok := form.attrs[attr]; !ok || got != want {
			t.Errorf("form %s=%q, want %q", attr, got, want)
		}
	}
	if _, kiosk := form.attrs["class"]; kiosk {
		t.Error("kiosk class outside kiosk mode")
	}
	summary := ids["form-status_lookup-errors"]
	if summary.name != "h2" || !strings.Contains(string(out), `role="alert" aria-labelledby="form-status_lookup-errors" tabindex="-1"`) {
		t.Errorf("error summary missing or not labelled: %s", out)
	}
	dossier := ids["f-dossier"]
	for attr, want := range map[string]string{
		"type": "text", "name": "dossier", "inputmode": "numeric", "autocomplete": "off", "spellcheck": "false",
		"dir": "ltr", "required": "", "aria-required": "true", "aria-invalid": "true", "maxlength": "20",
		"aria-describedby": "f-dossier-hint f-dossier-error", "value": "1234",
	} {
		if got, ok := dossier.attrs[attr]; !ok || got != want {
			t.Errorf("dossier %s=%q, want %q", attr, got, want)
		}
	}
	if _, ok := dossier.attrs["data-keypad"]; ok {
		t.Error("keypad outside kiosk mode")
	}
	birth := ids["f-birth_date"]
	for attr, want := range map[string]string{
		"type": "date", "min": "1905-03-15", "max": "2025-03-15", "autocomplete": "bday", "value": "2030-01-01",
	} {
		if got := birth.attrs[attr]; got != want {
			t.Errorf("birth_date %s=%q, want %q", attr, got, want)
		}
	}
	for _, want := range []string{
		`<p class="field-error" id="f-dossier-error"><span class="visually-hidden">[form.error.prefix]</span> [form.status_lookup.dossier.error.pattern]</p>`,
		`<li><a href="#f-birth_date">[form.status_lookup.birth_date.error.date_future]</a></li>`,
		`<button type="submit" class="button">[form.status_lookup.submit]</button>`,
		`<input type="hidden" name="_csrf" value="tok">`,
		`<h1 class="form-title">[form.status_lookup.title]</h1>`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestRenderNoErrors(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	out := f.Render(keyPrinter{}, RenderOptions{Now: testNow(t)})
	els := checkStructure(t, out)
	for _, el := range els {
		if _, ok := el.attrs["aria-invalid"]; ok {
			t.Errorf("aria-invalid on %q without errors", el.attrs["id"])
		}
	}
	if strings.Contains(string(out), "error-summary") || strings.Contains(string(out), "field-error") {
		t.Error("error markup without errors")
	}
	ids := byID(els)
	for name, wantRequired := range map[string]bool{"name": true, "kind": true, "agree": true, "nick": false, "pin": false} {
		_, req := ids["f-"+name].attrs["required"]
		_, aria := ids["f-"+name].attrs["aria-required"]
		if req != wantRequired || aria != wantRequired {
			t.Errorf("%s required=%v aria-required=%v, want %v", name, req, aria, wantRequired)
		}
	}
	if !strings.Contains(string(out), `[t.nick.label] <span class="optional">[form.optional]</span>`) {
		t.Error("optional field not marked")
	}
	if _, ok := ids["f-ref"]; ok {
		t.Error("hidden field rendered with an id/label")
	}
	for name, want := range map[string]string{"phone": "tel", "email": "email", "name": "text", "when": "date"} {
		if got := ids["f-"+name].attrs["type"]; got != want {
			t.Errorf("%s type %q, want %q", name, got, want)
		}
	}
	if ids["f-note"].name != "textarea" || ids["f-note"].attrs["maxlength"] != "2000" {
		t.Errorf("note: %+v", ids["f-note"])
	}
}

func TestRenderEscapesValues(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	evil := `"><script>alert(1)</script>`
	values := map[string]string{}
	for _, fd := range f.fields {
		values[fd.name] = evil
	}
	out := f.Render(keyPrinter{}, RenderOptions{
		Action: "javascript:alert(1)", CSRF: evil, Values: values, Now: testNow(t),
		ExtraHidden: map[string]string{"step": evil, `a"b`: "1"},
		Errors:      []refusal.Field{{Field: "name", Key: "x", Args: []any{"v", evil}}},
	})
	checkStructure(t, out)
	if strings.Contains(string(out), "<script") || strings.Contains(string(out), "javascript:") {
		t.Fatalf("unescaped value in output:\n%s", out)
	}
	if !strings.Contains(string(out), `&lt;script&gt;`) {
		t.Error("escaped value not kept")
	}
}

func TestRenderKiosk(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	out := f.Render(keyPrinter{}, RenderOptions{Kiosk: true, Now: testNow(t), Values: map[string]string{"when": "2024-02-29"}})
	ids := byID(checkStructure(t, out))
	form := ids["form-all_types"]
	if form.attrs["class"] != "kiosk" || form.attrs["autocomplete"] != "off" {
		t.Errorf("kiosk form attributes: %v", form.attrs)
	}
	// The keyboard's labels come translated in the reader's language.
	for attr, want := range map[string]string{
		"data-kb-delete": "[kiosk.keyboard.delete]", "data-kb-latin-only": "[kiosk.keyboard.latin_only]",
		"data-kb-day": "[kiosk.date.day]", "data-kb-date-order": "dmy",
	} {
		if form.attrs[attr] != want {
			t.Errorf("%s = %q, want %q", attr, form.attrs[attr], want)
		}
	}
	if m := strings.Split(form.attrs["data-kb-months"], "|"); len(m) != 12 || m[1] != "[kiosk.date.month_2]" {
		t.Errorf("months %q", form.attrs["data-kb-months"])
	}
	want := map[string]string{
		"name": "text", "code": "text", "note": "text", "when": "date", "appt": "date", "phone": "phone",
		"email": "email", "dossier": "digits", "pin": "digits", "kind": "pick", "agree": "",
	}
	for name, kb := range want {
		el := ids["f-"+name]
		if got, ok := el.attrs["data-keyboard"]; got != kb || ok != (kb != "") {
			t.Errorf("%s: data-keyboard %q, want %q", name, got, kb)
		}
		if name != "agree" && el.attrs["autocomplete"] != "off" {
			t.Errorf("%s: autocomplete %q on a kiosk", name, el.attrs["autocomplete"])
		}
	}
	// Dates are text the day/month/year pickers fill, never the browser's
	// date picker, and carry their own refusals for the script.
	when := ids["f-when"]
	if when.attrs["type"] != "text" || when.attrs["value"] != "29/02/2024" || when.attrs["min"] != "" {
		t.Errorf("kiosk date: %v", when.attrs)
	}
	if when.attrs["data-kb-date-wrong"] != "[form.error.date]" || when.attrs["data-kb-date-unfinished"] != "[form.error.date_format]" {
		t.Errorf("date messages: %v", when.attrs)
	}
	// The phone renders none of it.
	phone := f.Render(keyPrinter{}, RenderOptions{Now: testNow(t)})
	if strings.Contains(string(phone), "data-keyboard") || strings.Contains(string(phone), "data-kb-") {
		t.Error("keyboard hints outside the kiosk")
	}
}

// The kiosk writes a date in the order of the visitor's language, and the
// server reads every such rendering back as the same day.
func TestKioskDateOrder(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"en", "1990-12-31", "31/12/1990"},
		{"ar", "1990-12-31", "31/12/1990"},
		{"ti", "31/12/1990", "31/12/1990"},
		{"fa", "1990-12-31", "1990-12-31"},
		{"ps", "31/12/1990", "1990-12-31"},
		{"en", "31/02/1990", "31/02/1990"}, // not a day: kept as typed
		{"fa", "31/1", "31/1"},
	}
	for _, tt := range tests {
		got := kioskDate(tt.in, tt.lang)
		if got != tt.want {
			t.Errorf("kioskDate(%q, %s) = %q, want %q", tt.in, tt.lang, got, tt.want)
		}
		in, _ := parseDate(tt.in)
		if back, code := parseDate(got); code == "" && !back.Equal(in) {
			t.Errorf("%s: %q reads back as %v", tt.lang, got, back)
		}
	}
}

// Fields that must be in Latin letters get the Latin-only keyboard, and
// references the code keyboard, in the definitions the server uses.
func TestEmbeddedKeyboards(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for form, fields := range map[string]map[string]string{
		"address_notification": {"surname": kbLatin, "given_names": kbLatin, "postcode": kbDigits, "birth_date": kbDate, "phone": kbPhone},
		"status_lookup":        {"dossier": kbDigits, "birth_date": kbDate},
		"booking_manage":       {"reference": kbCode, "pin": kbDigits},
		"escalation":           {"message": kbText, "email": kbEmail},
	} {
		f := mustForm(t, set, form)
		for name, want := range fields {
			if got := f.field(name).keyboard; got != want {
				t.Errorf("%s.%s: keyboard %q, want %q", form, name, got, want)
			}
		}
	}
}

func TestRenderValuesKept(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	out := f.Render(keyPrinter{}, RenderOptions{Now: testNow(t), Values: map[string]string{
		"name": "Ana", "kind": "b", "agree": "yes", "dossier": "12345678", "note": "a\nb", "ref": "r1",
	}, ExtraHidden: map[string]string{"z": "2", "a": "1", "ref": "clash", "_csrf": "clash"}})
	els := checkStructure(t, out)
	ids := byID(els)
	if ids["f-name"].attrs["value"] != "Ana" || ids["f-dossier"].attrs["value"] != "1234 5678" {
		t.Errorf("values not kept: name %q dossier %q", ids["f-name"].attrs["value"], ids["f-dossier"].attrs["value"])
	}
	if _, ok := ids["f-agree"].attrs["checked"]; !ok {
		t.Error("consent not checked")
	}
	if strings.Contains(string(out), "clash") {
		t.Error("ExtraHidden entry named like a field or _csrf rendered")
	}
	for _, want := range []string{
		`<option value="b" selected>[t.kind.b]</option>`, `<option value="a">[t.kind.a]</option>`,
		`<option value="">[form.select.placeholder]</option>`,
		">a\nb</textarea>", `<input type="hidden" name="ref" value="r1">`,
		`<input type="hidden" name="a" value="1">` + "\n" + `<input type="hidden" name="z" value="2">`,
		`<input class="checkbox" type="checkbox" id="f-agree" name="agree" value="yes" checked required aria-required="true">` + "\n" +
			`<label class="checkbox-label" for="f-agree">`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestRenderSummary(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	errs := []refusal.Field{
		{Field: "kind", Key: "form.error.option"},
		{Field: "kind", Key: "form.error.required"},
		{Field: "code", Key: "t.code.error.pattern"},
		{Field: "", Key: "lookup.not_found"},
		{Field: "ref", Key: "form.error.pattern"},
		{Field: "note", Key: "form.error.too_long", Args: []any{"max", 2000}},
	}
	out := f.Render(keyPrinter{}, RenderOptions{Errors: errs, Now: testNow(t)})
	els := checkStructure(t, out)
	var links []string
	for _, el := range els {
		if el.name == "a" {
			links = append(links, el.attrs["href"])
		}
	}
	if want := []string{"#f-kind", "#f-code", "#f-name", "#f-name", "#f-note"}; !slices.Equal(links, want) {
		t.Errorf("summary links %v, want %v", links, want)
	}
	for _, want := range []string{
		`<a href="#f-kind">[form.error.summary_item field=[t.kind.label] message=[form.error.option]]</a>`,
		`<a href="#f-code">[t.code.error.pattern]</a>`,
		`<a href="#f-name">[lookup.not_found]</a>`,
		`<a href="#f-name">[form.error.pattern]</a>`,
		`id="f-note-error"><span class="visually-hidden">[form.error.prefix]</span> [form.error.too_long max=2000]</p>`,
		`<h2 class="error-summary-title" id="form-all_types-errors">[form.error.summary_title]</h2>`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Count(string(out), `id="f-kind-error"`) != 1 || strings.Contains(string(out), "[form.error.required]") {
		t.Error("second error of one field shown")
	}
	ids := byID(els)
	if ids["f-kind"].attrs["aria-invalid"] != "true" || ids["f-kind"].attrs["aria-describedby"] != "f-kind-error" {
		t.Errorf("kind not marked invalid: %+v", ids["f-kind"].attrs)
	}
	if _, ok := ids["f-name"].attrs["aria-invalid"]; ok {
		t.Error("form-level error marked the first field invalid")
	}
}

func TestRenderConsentChecked(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	for value, want := range map[string]bool{"yes": true, "on": true, "": false, "no": false} {
		ids := byID(checkStructure(t, f.Render(keyPrinter{}, RenderOptions{Values: map[string]string{"agree": value}})))
		if _, checked := ids["f-agree"].attrs["checked"]; checked != want {
			t.Errorf("agree=%q: checked %v, want %v", value, checked, want)
		}
	}
}

// A form with kiosk steps renders each step as a group on the kiosk, and
// one plain list of fields on the phone.
func TestRenderKioskSteps(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	f := mustForm(t, set, "address_notification")
	out := string(f.Render(keyPrinter{}, RenderOptions{Kiosk: true, Now: testNow(t)}))
	checkStructure(t, template.HTML(out))
	if n := strings.Count(out, `<div class="kiosk-step"`); n != 4 {
		t.Fatalf("%d steps rendered, want 4", n)
	}
	for i, first := range []string{"surname", "doc_type", "street", "departure_date"} {
		step := fmt.Sprintf(`<div class="kiosk-step" data-step="%d">`, i+1)
		at := strings.Index(out, step)
		if at < 0 || !strings.HasPrefix(strings.TrimSpace(out[at+len(step):]), `<div class="field`) ||
			!strings.Contains(out[at:at+600], `id="f-`+first+`"`) {
			t.Errorf("step %d does not start with %s", i+1, first)
		}
	}
	if !strings.Contains(out, `data-kb-step="[kiosk.step.progress n=#n total=#total]"`) {
		t.Error("no step labels on the form")
	}
	phone := string(f.Render(keyPrinter{}, RenderOptions{Now: testNow(t)}))
	if strings.Contains(phone, "kiosk-step") || strings.Contains(phone, "data-kb-step") {
		t.Error("steps on the phone")
	}
	if plain := string(mustForm(t, set, "status_lookup").Render(keyPrinter{}, RenderOptions{Kiosk: true, Now: testNow(t)})); strings.Contains(plain, "kiosk-step") || strings.Contains(plain, "data-kb-step") {
		t.Error("steps in a form without kiosk_steps")
	}
}
