package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/server/editor"
)

// testContentRevisions: the content editor's revisions are numbered per
// text, and one is live at a time.
func testContentRevisions(t *testing.T, s Backend) {
	ctx := context.Background()
	page := editor.Ref{Kind: editor.KindPage, Lang: "ar", Key: "reception"}
	status := editor.Ref{Kind: editor.KindStatus, Lang: "ar", Key: "asylum.granted"}
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	r1, err := s.AddRevision(ctx, editor.Revision{Ref: page, Body: "# A\n", Author: "ed", At: at})
	if err != nil || r1.N != 1 {
		t.Fatalf("first: %+v %v", r1, err)
	}
	if r, _ := s.AddRevision(ctx, editor.Revision{Ref: status, Body: "title: T\n"}); r.N != 1 {
		t.Errorf("numbers are per text: %d", r.N)
	}
	r2, _ := s.AddRevision(ctx, editor.Revision{Ref: page, Body: "# B\n", Author: "ed", At: at})
	r1.Published = true
	if err := s.UpdateRevision(ctx, r1); err != nil {
		t.Fatal(err)
	}
	r3, _ := s.AddRevision(ctx, editor.Revision{Ref: page, Body: "# A\n", RevertOf: 1, Published: true})
	if r2.N != 2 || r3.N != 3 {
		t.Errorf("numbers %d %d", r2.N, r3.N)
	}
	revs, _ := s.Revisions(ctx, page)
	if len(revs) != 3 || revs[0].Published || !revs[2].Published || revs[0].Author != "ed" || !revs[0].At.Equal(at) {
		t.Errorf("revisions: %+v", revs)
	}
	if err := s.UpdateRevision(ctx, editor.Revision{Ref: page, N: 9}); !errors.Is(err, editor.ErrNotFound) {
		t.Errorf("update of a missing revision: %v", err)
	}
	live, _ := s.LiveRevisions(ctx)
	if len(live) != 1 || live[0].N != 3 || live[0].Ref != page {
		t.Errorf("live: %+v", live)
	}
	// A "page/ar/reception" prefix must not catch "page/ar/reception_x".
	other := editor.Ref{Kind: editor.KindPage, Lang: "ar", Key: "reception_x"}
	if _, err := s.AddRevision(ctx, editor.Revision{Ref: other, Body: "# X\n"}); err != nil {
		t.Fatal(err)
	}
	if revs, _ := s.Revisions(ctx, page); len(revs) != 3 {
		t.Errorf("another text's revision listed: %d", len(revs))
	}
}
