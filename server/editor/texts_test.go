package editor

import (
	"context"
	"testing"
	"time"

	"loket/server/content"
	"loket/server/dossiers"
	"loket/translations"
)

// TestLiveTextsPublishPagesAndStatuses runs the workflow on the shipped
// texts: a published page and status text are served at once.
func TestLiveTextsPublishPagesAndStatuses(t *testing.T) {
	lib, err := content.Load(translations.FS, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := dossiers.LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := New(&memStore{}, LiveTexts{Pages: lib, Statuses: cat, Languages: translations.Languages}, time.Now)

	status := Ref{KindStatus, "uk", "temporary_protection.granted"}
	cur, err := s.Current(ctx, status)
	if err != nil || cur.N != 0 || cur.Body[:7] != "title: " {
		t.Fatalf("current: %+v %v", cur, err)
	}
	f, _ := ParseStatus(cur.Body)
	f["title"] = "Тимчасовий захист надано!"
	r, err := s.Save(ctx, status, FormatStatus(f), "ed", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, status, r.N, "ed"); err != nil {
		t.Fatal(err)
	}
	if got := cat.Text([]string{"uk"}, "temporary_protection", "granted"); got.Title != f["title"] || !got.Edited {
		t.Errorf("status after publish: %+v", got)
	}

	page := Ref{KindPage, "ti", "reception"}
	cur, _ = s.Current(ctx, page)
	r, err = s.Save(ctx, page, cur.Body+"\nሓድሽ ሓረግ።\n", "ed", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, page, r.N, "ed"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Review(ctx, page, r.N, "reviewer"); err != nil {
		t.Fatal(err)
	}
	if p, _ := lib.Page([]string{"ti"}, "reception"); !p.Edited || !p.Reviewed {
		t.Errorf("page after publish and review: %+v", p)
	}
	for _, bad := range []Ref{{KindPage, "xx", "reception"}, {KindStatus, "uk", "nodot"}, {KindStatus, "uk", "asylum.nope"}, {"other", "uk", "x"}} {
		if _, err := s.Current(ctx, bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
