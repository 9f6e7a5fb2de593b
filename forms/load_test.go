package forms

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadEmbedded(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	f, ok := set.Get("status_lookup")
	if !ok || f.ID() != "status_lookup" || f.TitleKey() != "form.status_lookup.title" {
		t.Fatalf("status_lookup not loaded right: %v %+v", ok, f)
	}
	if _, ok := set.Get("nope"); ok {
		t.Error("Get found a form that does not exist")
	}
	keys := set.Keys()
	if !slices.IsSorted(keys) {
		t.Error("Keys not sorted")
	}
	for _, want := range []string{
		"form.status_lookup.title", "form.status_lookup.intro", "form.status_lookup.submit",
		"form.status_lookup.dossier.label", "form.status_lookup.dossier.hint",
		"form.status_lookup.dossier.error.pattern", "form.status_lookup.birth_date.error.date_future",
		"form.error.required", "form.error.too_long", "form.error.too_short", "form.error.pattern",
		"form.error.date", "form.error.date_future", "form.error.date_past", "form.error.date_min",
		"form.error.date_max", "form.error.option", "form.error.type", "form.error.consent",
		"form.error.text", "form.error.summary_title", "form.error.prefix",
	} {
		if !slices.Contains(keys, want) {
			t.Errorf("Keys lacks %s", want)
		}
	}
	keys[0] = "changed"
	if set.Keys()[0] == "changed" {
		t.Error("Keys returns the set's own slice")
	}
}

func TestKeysIncludeOptionsAndOverrides(t *testing.T) {
	keys := testSet(t).Keys()
	for _, want := range []string{"t.kind.a", "t.kind.b", "t.code.error.pattern", "t.name.hint", "t.intro"} {
		if !slices.Contains(keys, want) {
			t.Errorf("Keys lacks %s", want)
		}
	}
}

// TestLoadRejects feeds broken definitions and expects a load error that
// names the problem.
func TestLoadRejects(t *testing.T) {
	const head = `{"id":"x","title":"a.title","submit":"a.submit","fields":[`
	tests := []struct {
		name, fields, want string
	}{
		{"unknown type", `{"name":"f","type":"colour","label":"a.f"}`, "unknown type"},
		{"bad regexp", `{"name":"f","type":"text","label":"a.f","pattern":"[0-9"}`, "pattern"},
		{"select without options", `{"name":"f","type":"select","label":"a.f"}`, "needs options"},
		{"options on text", `{"name":"f","type":"text","label":"a.f","options":[{"value":"a","label":"a.a"}]}`, "only apply to select"},
		{"duplicate option", `{"name":"f","type":"select","label":"a.f","options":[{"value":"a","label":"a.a"},{"value":"a","label":"a.b"}]}`, "twice"},
		{"empty option value", `{"name":"f","type":"select","label":"a.f","options":[{"value":"","label":"a.a"}]}`, "empty"},
		{"missing label", `{"name":"f","type":"text"}`, "label"},
		{"label not a key", `{"name":"f","type":"text","label":"First name"}`, "label"},
		{"bad name", `{"name":"First","type":"text","label":"a.f"}`, "name"},
		{"reserved name", `{"name":"_csrf","type":"hidden"}`, "name"},
		{"duplicate field", `{"name":"f","type":"text","label":"a.f"},{"name":"f","type":"text","label":"a.f"}`, "twice"},
		{"unknown property", `{"name":"f","type":"text","label":"a.f","requird":true}`, "requird"},
		{"min over max", `{"name":"f","type":"text","label":"a.f","min_len":10,"max_len":5}`, "lengths"},
		{"negative min", `{"name":"f","type":"text","label":"a.f","min_len":-1}`, "lengths"},
		{"length on date", `{"name":"f","type":"date","label":"a.f","max_len":5}`, "text-like"},
		{"bad date bound", `{"name":"f","type":"date","label":"a.f","min":"yesterday"}`, "min"},
		{"bad offset unit", `{"name":"f","type":"date","label":"a.f","max":"+3w"}`, "unit"},
		{"bad absolute date", `{"name":"f","type":"date","label":"a.f","max":"2023-02-30"}`, "max"},
		{"date bound on text", `{"name":"f","type":"text","label":"a.f","min":"today"}`, "only apply to dates"},
		{"pattern on date", `{"name":"f","type":"date","label":"a.f","pattern":"x"}`, "pattern"},
		{"dossier without pattern", `{"name":"f","type":"dossier","label":"a.f"}`, "needs a pattern"},
		{"unknown transform", `{"name":"f","type":"text","label":"a.f","transform":["lower"]}`, "transform"},
		{"transform on select", `{"name":"f","type":"select","label":"a.f","transform":["upper"],"options":[{"value":"a","label":"a.a"}]}`, "transform"},
		{"unknown error code", `{"name":"f","type":"text","label":"a.f","errors":{"bad":"a.bad"}}`, "unknown code"},
		{"error override not a key", `{"name":"f","type":"text","label":"a.f","errors":{"required":"Fill it in"}}`, "errors.required"},
		{"unknown inputmode", `{"name":"f","type":"text","label":"a.f","inputmode":"digits"}`, "inputmode"},
		{"inputmode on select", `{"name":"f","type":"select","label":"a.f","inputmode":"text","options":[{"value":"a","label":"a.a"}]}`, "inputmode"},
		{"bad autocomplete", `{"name":"f","type":"text","label":"a.f","autocomplete":"Bday!"}`, "autocomplete"},
		{"autocomplete on pin", `{"name":"f","type":"pin","label":"a.f","autocomplete":"one-time-code"}`, "off"},
		{"unknown keyboard", `{"name":"f","type":"text","label":"a.f","keyboard":"qwerty"}`, "keyboard"},
		{"text keyboard on select", `{"name":"f","type":"select","label":"a.f","keyboard":"text","options":[{"value":"a","label":"a.a"}]}`, "does not fit"},
		{"pick on text", `{"name":"f","type":"text","label":"a.f","keyboard":"pick"}`, "does not fit"},
		{"keyboard on consent", `{"name":"f","type":"consent","label":"a.f","keyboard":"digits"}`, "keyboard"},
		{"date keyboard on text", `{"name":"f","type":"text","label":"a.f","keyboard":"date"}`, "does not fit"},
		{"text keyboard on date", `{"name":"f","type":"date","label":"a.f","keyboard":"digits"}`, "does not fit"},
		{"display group on text", `{"name":"f","type":"text","label":"a.f","display_group":4}`, "display_group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(fstest.MapFS{"x.json": {Data: []byte(head + tt.fields + `]}`)}})
			if !errors.Is(err, ErrDefinition) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want ErrDefinition mentioning %q", err, tt.want)
			}
		})
	}
}

func TestLoadRejectsForms(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"id differs from file", "y.json", `{"id":"x","title":"a.t","submit":"a.s","fields":[{"name":"f","type":"text","label":"a.f"}]}`, "file name"},
		{"only hidden fields", "x.json", `{"id":"x","title":"a.t","submit":"a.s","fields":[{"name":"f","type":"hidden"}]}`, "no visible field"},
		{"no fields", "x.json", `{"id":"x","title":"a.t","submit":"a.s","fields":[]}`, "no fields"},
		{"no submit", "x.json", `{"id":"x","title":"a.t","fields":[{"name":"f","type":"text","label":"a.f"}]}`, "submit"},
		{"bad intro", "x.json", `{"id":"x","title":"a.t","intro":"Hello","submit":"a.s","fields":[{"name":"f","type":"text","label":"a.f"}]}`, "intro"},
		{"trailing data", "x.json", `{"id":"x","title":"a.t","submit":"a.s","fields":[{"name":"f","type":"text","label":"a.f"}]} {}`, "after"},
		{"not json", "x.json", `id: x`, "x.json"},
		{"step lacks a field", "x.json", `{"id":"x","title":"a.t","submit":"a.s","kiosk_steps":[["f"]],"fields":[{"name":"f","type":"text","label":"a.f"},{"name":"g","type":"text","label":"a.g"}]}`, "kiosk_steps"},
		{"steps out of order", "x.json", `{"id":"x","title":"a.t","submit":"a.s","kiosk_steps":[["g"],["f"]],"fields":[{"name":"f","type":"text","label":"a.f"},{"name":"g","type":"text","label":"a.g"}]}`, "kiosk_steps"},
		{"unknown field in a step", "x.json", `{"id":"x","title":"a.t","submit":"a.s","kiosk_steps":[["nope"]],"fields":[{"name":"f","type":"text","label":"a.f"}]}`, "kiosk_steps"},
		{"empty step", "x.json", `{"id":"x","title":"a.t","submit":"a.s","kiosk_steps":[[],["f"]],"fields":[{"name":"f","type":"text","label":"a.f"}]}`, "empty"},
		{"hidden field in a step", "x.json", `{"id":"x","title":"a.t","submit":"a.s","kiosk_steps":[["h","f"]],"fields":[{"name":"h","type":"hidden"},{"name":"f","type":"text","label":"a.f"}]}`, "kiosk_steps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(fstest.MapFS{tt.file: {Data: []byte(tt.data)}})
			if !errors.Is(err, ErrDefinition) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want ErrDefinition mentioning %q", err, tt.want)
			}
		})
	}
}

func TestLoadDefaults(t *testing.T) {
	f := mustForm(t, testSet(t), "all_types")
	tests := []struct {
		field, autocomplete, inputmode string
		maxLen                         int
	}{
		{"nick", "", "", 200},
		{"note", "", "", 2000},
		{"phone", "tel", "tel", 32},
		{"email", "email", "email", 254},
		{"dossier", "off", "numeric", 32},
		{"pin", "off", "numeric", 6},
	}
	for _, tt := range tests {
		fd := f.field(tt.field)
		if fd.autocomplete != tt.autocomplete || fd.inputmode != tt.inputmode || fd.maxLen != tt.maxLen {
			t.Errorf("%s: got %q %q %d, want %q %q %d", tt.field, fd.autocomplete, fd.inputmode, fd.maxLen,
				tt.autocomplete, tt.inputmode, tt.maxLen)
		}
	}
}
