package forms

import (
	"encoding/json"
	"loket/server/refusal"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// validAll is a submission of all_types that passes every rule.
func validAll() url.Values {
	return url.Values{"name": {"Ana"}, "kind": {"a"}, "agree": {"yes"}}
}

func TestValidateRules(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	now := testNow(t)
	tests := []struct {
		field, value, want, key string
		args                    []any
	}{
		{"name", "", "", "form.error.required", nil},
		{"name", "   ", "", "form.error.required", nil},
		{"name", "  Jo  ", "Jo", "", nil},
		{"name", "J", "J", "form.error.too_short", []any{"min", 2}},
		{"name", strings.Repeat("a", 200), strings.Repeat("a", 200), "", nil},
		{"name", strings.Repeat("a", 201), strings.Repeat("a", 200), "form.error.too_long", []any{"max", 200}},
		{"name", strings.Repeat("é", 200), strings.Repeat("é", 200), "", nil},
		{"name", "محمد", "محمد", "", nil},
		{"name", "a\x00b", "ab", "form.error.text", nil},
		{"name", "a\tb", "ab", "form.error.text", nil},
		{"name", "a\nb", "ab", "form.error.text", nil},
		{"name", "a\u0085b", "ab", "form.error.text", nil},
		{"name", "a\x7fb", "ab", "form.error.text", nil},
		{"name", "ab\xff\xfe", "ab\uFFFD", "form.error.text", nil},
		{"name", "نرگس\u200cها", "نرگس\u200cها", "", nil},
		{"nick", "", "", "", nil},
		{"nick", "   ", "", "", nil},
		{"code", "ab 123", "AB123", "", nil},
		{"code", "abc12", "ABC12", "t.code.error.pattern", nil},
		{"code", "xab123", "XAB123", "t.code.error.pattern", nil},
		{"code", "ab1234", "AB1234", "t.code.error.pattern", nil},
		{"note", "line1\r\nline2\tx\n", "line1\nline2\tx\n", "", nil},
		{"note", "old\rmac", "old\nmac", "", nil},
		{"note", strings.Repeat("x", 2000), strings.Repeat("x", 2000), "", nil},
		{"note", strings.Repeat("x", 2001), strings.Repeat("x", 2000), "form.error.too_long", []any{"max", 2000}},
		{"note", "bell\a", "bell", "form.error.text", nil},
		{"when", "2024-01-01", "2024-01-01", "", nil},
		{"when", "2023-12-31", "2023-12-31", "form.error.date_min", []any{"min", "01/01/2024"}},
		{"when", "2026-03-15", "2026-03-15", "", nil},
		{"when", "2026-03-16", "2026-03-16", "form.error.date_max", []any{"max", "15/03/2026"}},
		{"appt", "2025-03-14", "2025-03-14", "form.error.date_past", nil},
		{"appt", "15/03/2025", "2025-03-15", "", nil},
		{"appt", "2025-04-14", "2025-04-14", "", nil},
		{"appt", "2025-04-15", "2025-04-15", "form.error.date_max", []any{"max", "14/04/2025"}},
		{"appt", "soon", "soon", "form.error.date_format", nil},
		{"appt", strings.Repeat("1", 200), strings.Repeat("1", 32), "form.error.too_long", []any{"max", 32}},
		{"kind", "b", "b", "", nil},
		{"kind", "", "", "form.error.required", nil},
		{"kind", "c", "c", "form.error.option", nil},
		{"kind", "A", "A", "form.error.option", nil},
		{"phone", "+32 470 12 34 56", "+32470123456", "", nil},
		{"phone", "0470/12.34.56", "0470123456", "", nil},
		{"phone", "(02) 793-80-00", "027938000", "", nil},
		{"phone", "٠٤٧٠١٢٣٤٥٦", "0470123456", "", nil},
		{"phone", "12345", "12345", "form.error.phone", nil},
		{"phone", "call me", "callme", "form.error.phone", nil},
		{"phone", "+32+470123456", "+32+470123456", "form.error.phone", nil},
		{"email", " Name@Example.be ", "Name@Example.be", "", nil},
		{"email", "a@b", "a@b", "form.error.email", nil},
		{"email", "a b@c.be", "a b@c.be", "form.error.email", nil},
		{"email", "a@@c.be", "a@@c.be", "form.error.email", nil},
		{"email", "a@c..be", "a@c..be", "form.error.email", nil},
		{"email", "o'brien+loket@example.ie", "o'brien+loket@example.ie", "", nil},
		{"email", "a;=1+1;@evil.example", "a;=1+1;@evil.example", "form.error.email", nil},
		{"email", `a;=HYPERLINK("http://evil.example");@evil.example`, `a;=HYPERLINK("http://evil.example");@evil.example`, "form.error.email", nil},
		{"email", "a,b@c.be", "a,b@c.be", "form.error.email", nil},
		{"email", "a@c;d.be", "a@c;d.be", "form.error.email", nil},
		{"email", `"a b"@c.be`, `"a b"@c.be`, "form.error.email", nil},
		{"dossier", "1234 5678", "12345678", "", nil},
		{"dossier", "1234-5678", "12345678", "", nil},
		{"dossier", "1234\u20135678", "12345678", "", nil},
		{"dossier", "١٢٣٤٥٦٧٨", "12345678", "", nil},
		{"dossier", "۱۲۳۴ ۵۶۷۸", "12345678", "", nil},
		{"dossier", "１２３４５６７８", "12345678", "", nil},
		{"dossier", "1234567", "1234567", "form.error.pattern", nil},
		{"dossier", "123456789", "123456789", "form.error.pattern", nil},
		{"dossier", "1234567a", "1234567a", "form.error.pattern", nil},
		{"agree", "", "", "form.error.consent", nil},
		{"agree", "on", "yes", "", nil},
		{"agree", "YES", "yes", "", nil},
		{"agree", "no", "", "form.error.type", nil},
		{"agree", "es", "", "form.error.type", nil},
		{"pin", "1234", "1234", "", nil},
		{"pin", "۱۲۳۴", "1234", "", nil},
		{"pin", "12 34", "1234", "", nil},
		{"pin", "12a4", "12a4", "form.error.digits", nil},
		{"pin", "123", "123", "form.error.too_short", []any{"min", 4}},
		{"pin", "1234567", "123456", "form.error.too_long", []any{"max", 6}},
		{"ref", "abc", "abc", "", nil},
		{"ref", "ABC", "ABC", "form.error.pattern", nil},
	}
	for _, tt := range tests {
		t.Run(tt.field+"="+tt.value, func(t *testing.T) {
			values := validAll()
			values.Set(tt.field, tt.value)
			res := f.Validate(values, now)
			if got := res.Values[tt.field]; got != tt.want {
				t.Errorf("value %q, want %q", got, tt.want)
			}
			var want []refusal.Field
			if tt.key != "" {
				want = []refusal.Field{{Field: tt.field, Key: tt.key, Args: tt.args}}
			}
			if !sameErrors(res.Errors, want) {
				t.Errorf("errors %+v, want %+v", res.Errors, want)
			}
			if res.OK() != (tt.key == "") {
				t.Errorf("OK() = %v", res.OK())
			}
		})
	}
}

// sameErrors compares error lists, treating nil and empty Args alike.
func sameErrors(got, want []refusal.Field) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Field != want[i].Field || got[i].Key != want[i].Key ||
			len(got[i].Args)+len(want[i].Args) > 0 && !reflect.DeepEqual(got[i].Args, want[i].Args) {
			return false
		}
	}
	return true
}

func TestValidateAllFieldsReturned(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	res := f.Validate(url.Values{"unknown": {"x"}}, testNow(t))
	if len(res.Values) != len(f.fields) {
		t.Errorf("Values has %d entries, want one per field (%d)", len(res.Values), len(f.fields))
	}
	if _, ok := res.Values["unknown"]; ok {
		t.Error("unknown field copied into Values")
	}
	var fields []string
	for _, e := range res.Errors {
		fields = append(fields, e.Field)
	}
	if want := []string{"name", "kind", "agree"}; !reflect.DeepEqual(fields, want) {
		t.Errorf("errors on %v, want %v in definition order", fields, want)
	}
}

func TestValidateRepeatedField(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	values := validAll()
	values.Add("kind", "b")
	res := f.Validate(values, testNow(t))
	want := []refusal.Field{{Field: "kind", Key: "form.error.type"}}
	if !sameErrors(res.Errors, want) {
		t.Errorf("errors %+v, want %+v", res.Errors, want)
	}
}

func TestValidateOversized(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	for _, field := range []string{"name", "note", "ref", "email", "kind", "agree", "appt"} {
		values := validAll()
		values.Set(field, strings.Repeat("ü", 1<<20))
		res := f.Validate(values, testNow(t))
		if len(res.Errors) != 1 || res.Errors[0].Field != field || res.Errors[0].Key != "form.error.too_long" {
			t.Errorf("%s: errors %+v, want one too_long", field, res.Errors)
		}
		if max := f.field(field).maxLen; len([]rune(res.Values[field])) > max {
			t.Errorf("%s: value kept %d runes, more than the cap %d", field, len([]rune(res.Values[field])), max)
		}
	}
}

func TestDateFormats(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	f := mustForm(t, set, "status_lookup")
	now := testNow(t)
	tests := []struct {
		in, want, key string
		args          []any
	}{
		{"1990-12-31", "1990-12-31", "", nil},
		{"31/12/1990", "1990-12-31", "", nil},
		{"31-12-1990", "1990-12-31", "", nil},
		{"31.12.1990", "1990-12-31", "", nil},
		{"1/2/1990", "1990-02-01", "", nil},
		{"1990-2-1", "1990-02-01", "", nil},
		{" 31/12/1990 ", "1990-12-31", "", nil},
		{" 31/12/90 ", " 31/12/90 ", "form.error.date_format", nil},
		{"٣١/١٢/١٩٩٠", "1990-12-31", "", nil},
		{"۳۱.۱۲.۱۳۹۰", "1390-12-31", "form.status_lookup.birth_date.error.date_min", []any{"min", "15/03/1905"}},
		{"29/02/2024", "2024-02-29", "", nil},
		{"2023-02-30", "2023-02-30", "form.error.date", nil},
		{"30/02/2023", "30/02/2023", "form.error.date", nil},
		{"29/02/2023", "29/02/2023", "form.error.date", nil},
		{"31/04/2000", "31/04/2000", "form.error.date", nil},
		{"00/01/2000", "00/01/2000", "form.error.date", nil},
		{"01/13/2000", "01/13/2000", "form.error.date", nil},
		{"12/31/1990", "12/31/1990", "form.error.date", nil},
		{"0000-01-01", "0000-01-01", "form.error.date", nil},
		{"31/12/90", "31/12/90", "form.error.date_format", nil},
		{"1990/12/31", "1990/12/31", "form.error.date_format", nil},
		{"31 12 1990", "31 12 1990", "form.error.date_format", nil},
		{"31/12-1990", "31/12-1990", "form.error.date_format", nil},
		{"31/12/1990/1", "31/12/1990/1", "form.error.date_format", nil},
		{"+1990-12-31", "+1990-12-31", "form.error.date_format", nil},
		{"yesterday", "yesterday", "form.error.date_format", nil},
		{"", "", "form.status_lookup.birth_date.error.required", nil},
		{"2025-03-15", "2025-03-15", "", nil},
		{"2025-03-16", "2025-03-16", "form.status_lookup.birth_date.error.date_future", nil},
		{"1905-03-15", "1905-03-15", "", nil},
		{"1905-03-14", "1905-03-14", "form.status_lookup.birth_date.error.date_min", []any{"min", "15/03/1905"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			res := f.Validate(url.Values{"dossier": {"12345678"}, "birth_date": {tt.in}}, now)
			if got := res.Values["birth_date"]; got != tt.want {
				t.Errorf("value %q, want %q", got, tt.want)
			}
			var want []refusal.Field
			if tt.key != "" {
				want = []refusal.Field{{Field: "birth_date", Key: tt.key, Args: tt.args}}
			}
			if !sameErrors(res.Errors, want) {
				t.Errorf("errors %+v, want %+v", res.Errors, want)
			}
		})
	}
}

// TestRelativeDates checks that "today" is the calendar day of now in
// now's location, and that offsets follow the calendar.
func TestRelativeDates(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	brussels := testNow(t).Location()
	tests := []struct {
		name string
		now  time.Time
		appt string
		key  string
	}{
		{"just after midnight in Brussels", time.Date(2025, 3, 15, 0, 30, 0, 0, brussels), "2025-03-15", ""},
		{"same instant in UTC is the day before", time.Date(2025, 3, 15, 0, 30, 0, 0, brussels).UTC(), "2025-03-14", ""},
		{"+30d crosses a month", time.Date(2025, 1, 31, 12, 0, 0, 0, brussels), "2025-03-02", ""},
		{"+30d ends the day before", time.Date(2025, 1, 31, 12, 0, 0, 0, brussels), "2025-03-03", "form.error.date_max"},
		{"today in the past", time.Date(2025, 1, 31, 12, 0, 0, 0, brussels), "2025-01-30", "form.error.date_past"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := validAll()
			values.Set("appt", tt.appt)
			res := f.Validate(values, tt.now)
			got := ""
			if len(res.Errors) > 0 {
				got = res.Errors[0].Key
			}
			if got != tt.key || len(res.Errors) > 1 {
				t.Errorf("errors %+v, want %q", res.Errors, tt.key)
			}
		})
	}
}

func TestParseBound(t *testing.T) {
	today := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"today", "2024-02-29"},
		{"2024-01-01", "2024-01-01"},
		{"-120y", "1904-02-29"},
		{"+1y", "2025-03-01"},
		{"-30d", "2024-01-30"},
		{"+2m", "2024-04-29"},
		{"+0d", "2024-02-29"},
	}
	for _, tt := range tests {
		b, err := parseBound(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got := b.resolve(today).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "now", "-y", "1y", "+-1y", "++1y", "-1.5y", "-1w", "31/12/2024", "2024-1-1", "-99999y"} {
		if _, err := parseBound(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestValidateJSON(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	now := testNow(t)
	tests := []struct {
		name, body string
		want       []refusal.Field
		values     map[string]string
	}{
		{"valid", `{"name":"Ana","kind":"a","agree":true,"pin":"1234"}`, nil, map[string]string{"agree": "yes", "pin": "1234"}},
		{"unknown fields ignored", `{"name":"Ana","kind":"a","agree":"yes","extra":{"a":[1]},"_csrf":5}`, nil, map[string]string{"agree": "yes"}},
		{"null is absent", `{"name":"Ana","kind":"a","agree":true,"nick":null}`, nil, map[string]string{"nick": ""}},
		{"number for string", `{"name":"Ana","kind":"a","agree":true,"pin":1234}`, []refusal.Field{{Field: "pin", Key: "form.error.type"}}, nil},
		{"array", `{"name":["Ana"],"kind":"a","agree":true}`, []refusal.Field{{Field: "name", Key: "form.error.type"}}, nil},
		{"object", `{"name":"Ana","kind":{"v":"a"},"agree":true}`, []refusal.Field{{Field: "kind", Key: "form.error.type"}}, nil},
		{"bool for string", `{"name":true,"kind":"a","agree":true}`, []refusal.Field{{Field: "name", Key: "form.error.type"}}, nil},
		{"consent false", `{"name":"Ana","kind":"a","agree":false}`, []refusal.Field{{Field: "agree", Key: "form.error.consent"}}, map[string]string{"agree": ""}},
		{"consent number", `{"name":"Ana","kind":"a","agree":1}`, []refusal.Field{{Field: "agree", Key: "form.error.type"}}, nil},
		{"missing required", `{}`, []refusal.Field{{Field: "name", Key: "form.error.required"}, {Field: "kind", Key: "form.error.required"}, {Field: "agree", Key: "form.error.consent"}}, nil},
		{"date normalised", `{"name":"Ana","kind":"a","agree":true,"when":"01.02.2025"}`, nil, map[string]string{"when": "2025-02-01"}},
		{"control char", `{"name":"A\u0000na","kind":"a","agree":true}`, []refusal.Field{{Field: "name", Key: "form.error.text"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body map[string]any
			if err := json.Unmarshal([]byte(tt.body), &body); err != nil {
				t.Fatal(err)
			}
			res := f.ValidateJSON(body, now)
			if !sameErrors(res.Errors, tt.want) {
				t.Errorf("errors %+v, want %+v", res.Errors, tt.want)
			}
			for k, v := range tt.values {
				if res.Values[k] != v {
					t.Errorf("%s = %q, want %q", k, res.Values[k], v)
				}
			}
		})
	}
}

// TestValidateJSONNumber covers bodies decoded with UseNumber.
func TestValidateJSONNumber(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	res := f.ValidateJSON(map[string]any{"name": "Ana", "kind": "a", "agree": true, "pin": json.Number("1234")}, testNow(t))
	if want := []refusal.Field{{Field: "pin", Key: "form.error.type"}}; !sameErrors(res.Errors, want) {
		t.Errorf("errors %+v, want %+v", res.Errors, want)
	}
}

// TestValidateInvalidUTF8JSON: a Go string built by hand (not through
// encoding/json, which repairs it) may carry invalid bytes.
func TestValidateInvalidUTF8JSON(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	res := f.ValidateJSON(map[string]any{"name": "An\xc3", "kind": "a", "agree": true}, testNow(t))
	if want := []refusal.Field{{Field: "name", Key: "form.error.text"}}; !sameErrors(res.Errors, want) {
		t.Errorf("errors %+v, want %+v", res.Errors, want)
	}
}

// TestRequiredWith: consent to keep contact details is needed only when a
// phone number or an e-mail address is given, and its error keeps the
// form's field order.
func TestRequiredWith(t *testing.T) {
	f, err := compile(formDef{ID: "f", Title: "f.t", Submit: "f.s", Fields: []fieldDef{
		{Name: "phone", Type: typePhone, Label: "f.phone"},
		{Name: "email", Type: typeEmail, Label: "f.email"},
		{Name: "consent", Type: typeConsent, Label: "f.consent", RequiredWith: []string{"phone", "email"}},
		{Name: "note", Type: typeText, Label: "f.note", Required: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	codes := func(v url.Values) []string {
		var out []string
		for _, e := range f.Validate(v, now).Errors {
			out = append(out, e.Field+":"+e.Key)
		}
		return out
	}
	for _, tt := range []struct {
		values url.Values
		want   []string
	}{
		{url.Values{"note": {"x"}}, nil},
		{url.Values{"note": {"x"}, "phone": {"+32 470 12 34 56"}}, []string{"consent:form.error.consent"}},
		{url.Values{"email": {"a@example.org"}}, []string{"consent:form.error.consent", "note:form.error.required"}},
		{url.Values{"note": {"x"}, "email": {"a@example.org"}, "consent": {"on"}}, nil},
		{url.Values{"note": {"x"}, "consent": {"on"}}, nil},
	} {
		if got := codes(tt.values); !slices.Equal(got, tt.want) {
			t.Errorf("%v: errors %v, want %v", tt.values, got, tt.want)
		}
	}
	for name, fields := range map[string][]fieldDef{
		"unknown field": {{Name: "c", Type: typeConsent, Label: "f.c", RequiredWith: []string{"phone"}}},
		"itself":        {{Name: "c", Type: typeConsent, Label: "f.c", RequiredWith: []string{"c"}}},
		"both rules": {{Name: "p", Type: typePhone, Label: "f.p"},
			{Name: "c", Type: typeConsent, Label: "f.c", Required: true, RequiredWith: []string{"p"}}},
	} {
		if _, err := compile(formDef{ID: "f", Title: "f.t", Submit: "f.s", Fields: fields}); err == nil {
			t.Errorf("%s: compiled", name)
		}
	}
}
