package exchange

import (
	"strings"
	"testing"

	"loket/server/editor"
)

func TestApplyEditsWritesTheFileLayout(t *testing.T) {
	fsys := fixture()
	files, err := ApplyEdits(fsys, []editor.Revision{
		{Ref: editor.Ref{Kind: editor.KindPage, Lang: "fr", Key: "asylum"}, N: 2, Body: "# Asile\n\nTexte revu.\n", Reviewed: true},
		{Ref: editor.Ref{Kind: editor.KindPage, Lang: "fr", Key: "reception"}, N: 1, Body: "# Accueil\n\nTexte.\n"},
		{Ref: editor.Ref{Kind: editor.KindStatus, Lang: "fr", Key: "_default.received"}, N: 1, Reviewed: true,
			Body: editor.FormatStatus(map[string]string{"title": "Demande reçue", "meaning": "M", "action": "A", "next": "N"})},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 || string(files["info/fr/asylum.md"]) != "# Asile\n\nTexte revu.\n" || string(files["info/fr/reception.md"]) == "" {
		t.Errorf("files: %v", files)
	}
	st := string(files["status/fr.json"])
	if !strings.HasPrefix(st, "{\n  \"_default\": {\n    \"received\": {\n      \"title\": \"Demande reçue\",\n      \"meaning\": \"M\",") {
		t.Errorf("status file:\n%s", st)
	}
	if !strings.Contains(st, "\"duration\": \"\",\n      \"reviewed\": true\n") {
		t.Errorf("the reviewed status text is not marked:\n%s", st)
	}
	if meta := string(files["info/pages.json"]); !strings.Contains(meta, "\"reviewed\": {\n  \"fr\": [\n   \"asylum\"\n  ]") {
		t.Errorf("the reviewed page is not marked (reception was not reviewed):\n%s", meta)
	}
	// A live revision equal to the shipped text changes no file.
	same, err := ApplyEdits(fsys, []editor.Revision{{Ref: editor.Ref{Kind: editor.KindPage, Lang: "fr", Key: "asylum"}, Body: "# Asile\n\nTexte.\n"}})
	if err != nil || len(same) != 0 {
		t.Errorf("unchanged: %v %v", same, err)
	}
	if _, err := ApplyEdits(fsys, []editor.Revision{{Ref: editor.Ref{Kind: editor.KindStatus, Lang: "fr", Key: "received"}, Body: "title: T\nmeaning: M\naction: A\nnext: N\n"}}); err == nil {
		t.Error("a status key without procedure was written")
	}
}
