package xliff

import (
	"errors"
	"strings"
	"testing"
)

// TestTextSurvivesMarshal: markup characters, placeholders next to each
// other and Markdown line breaks come back as they went.
func TestTextSurvivesMarshal(t *testing.T) {
	doc := Document{SrcLang: "en", TrgLang: "ar", Files: []File{{ID: "messages", Units: []Unit{
		{ID: "a", Source: "Use <b> & \"quotes\" {x}{y}", Target: "{y} ثم {x} & <b>", State: StateReviewed},
		{ID: "p:one", Group: "p", Source: "{count} day", Target: "يوم واحد", State: StateTranslated},
		{ID: "p:other", Group: "p", Source: "{count} days", Target: "", State: StateInitial},
		{ID: "md", Source: "# T\n\n  - item\n\n1. step\n", Target: "# ت\n\n  - بند\n"},
	}}}}
	b, err := Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	// The same placeholder has the same id in source and target.
	if !strings.Contains(string(b), `<target><ph id="d2-1" dataRef="d2" disp="{y}"/>`) {
		t.Errorf("target codes do not match the source's:\n%s", b)
	}
	if !strings.Contains(string(b), `<source>Use &lt;b&gt; &amp; &#34;quotes&#34; <ph id="d1-1" dataRef="d1" disp="{x}"/><ph id="d2-1" dataRef="d2" disp="{y}"/></source>`) {
		t.Errorf("placeholders:\n%s", b)
	}
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range back.Files[0].Units {
		want := doc.Files[0].Units[i]
		if want.State == "" {
			want.State = StateInitial
		}
		if u.ID != want.ID || u.Group != want.Group || u.Source != want.Source || u.Target != want.Target || u.State != want.State {
			t.Errorf("unit %d: %+v, want %+v", i, u, want)
		}
	}
	if _, err := Marshal(Document{SrcLang: "en", TrgLang: "fr", Files: []File{{ID: "x", Units: []Unit{{ID: "has space"}}}}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("an id that is no NMTOKEN: %v", err)
	}
}

// TestSplitSegmentsAreJoined: a tool that split a unit into sentences
// sends several segments; they are joined and the least advanced state
// wins.
func TestSplitSegmentsAreJoined(t *testing.T) {
	doc := `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="pages"><unit id="a">` +
		`<segment state="reviewed"><source>One. </source><target>Un. </target></segment>` +
		`<segment state="translated"><source>Two.</source><target>Deux.</target></segment></unit></file></xliff>`
	d, err := Unmarshal([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if u := d.Files[0].Units[0]; u.Source != "One. Two." || u.Target != "Un. Deux." || u.State != StateTranslated {
		t.Errorf("%+v", u)
	}
}

func TestUnmarshalRefusesOtherDocuments(t *testing.T) {
	for name, doc := range map[string]string{
		"not xml":       "<xliff",
		"xliff 1.2":     `<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"></xliff>`,
		"no trgLang":    `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"></xliff>`,
		"dangling ph":   `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="messages"><unit id="a"><segment><source>x <ph id="1" dataRef="d9"/></source></segment></unit></file></xliff>`,
		"no segment":    `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="messages"><unit id="a"></unit></file></xliff>`,
		"other element": `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="messages"><unit id="a"><segment><source>x <pc id="1">y</pc></source></segment></unit></file></xliff>`,
	} {
		if _, err := Unmarshal([]byte(doc)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
