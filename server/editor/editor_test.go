package editor

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// memStore is the Store contract in memory, for the workflow tests; the
// bbolt store is tested against the same behaviour in server/store.
type memStore struct{ revs []Revision }

func (m *memStore) AddRevision(_ context.Context, r Revision) (Revision, error) {
	r.N = 1
	for i, o := range m.revs {
		if o.Ref == r.Ref {
			r.N = o.N + 1
			if r.Published {
				m.revs[i].Published = false
			}
		}
	}
	m.revs = append(m.revs, r)
	return r, nil
}

func (m *memStore) UpdateRevision(_ context.Context, r Revision) error {
	for i, o := range m.revs {
		if o.Ref == r.Ref && r.Published && o.N != r.N {
			m.revs[i].Published = false
		}
	}
	for i, o := range m.revs {
		if o.Ref == r.Ref && o.N == r.N {
			m.revs[i] = r
			return nil
		}
	}
	return ErrNotFound
}

func (m *memStore) Revisions(_ context.Context, ref Ref) ([]Revision, error) {
	var out []Revision
	for _, r := range m.revs {
		if r.Ref == ref {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memStore) LiveRevisions(context.Context) ([]Revision, error) {
	var out []Revision
	for _, r := range m.revs {
		if r.Published {
			out = append(out, r)
		}
	}
	return out, nil
}

// texts is a live text table: what the site shows.
type texts struct {
	shipped         map[Ref]string
	shippedReviewed map[Ref]bool
	live            map[Ref]string
	checked         map[Ref]bool
}

func (t *texts) Shipped(r Ref) (string, bool) { s, ok := t.shipped[r]; return s, ok }
func (t *texts) ShippedReviewed(r Ref) bool   { return t.shippedReviewed[r] }
func (t *texts) Check(r Ref, body string) error {
	if r.Kind == KindPage && !strings.HasPrefix(body, "# ") {
		return errors.New("no title")
	}
	if r.Kind == KindStatus {
		_, err := ParseStatus(body)
		return err
	}
	return nil
}
func (t *texts) Apply(r Ref, body string, reviewed bool) error {
	t.live[r], t.checked[r] = body, reviewed
	return nil
}

func TestEditReviewPublishRevert(t *testing.T) {
	ctx := context.Background()
	page := Ref{KindPage, "ar", "reception"}
	tx := &texts{shipped: map[Ref]string{page: "# Old\n\nText.\n"}, live: map[Ref]string{}, checked: map[Ref]bool{}}
	clock := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	s := New(&memStore{}, tx, func() time.Time { clock = clock.Add(time.Minute); return clock })

	if _, err := s.Save(ctx, page, "no title\r\n", "ed", ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("untitled page saved: %v", err)
	}
	if _, err := s.Save(ctx, page, "# Old\r\n\r\nText.", "ed", ""); !errors.Is(err, ErrUnchanged) {
		t.Errorf("same text (CRLF, no final newline) saved: %v", err)
	}
	if _, err := s.Save(ctx, Ref{KindPage, "ar", "nope"}, "# X\n", "ed", ""); !errors.Is(err, ErrUnknownText) {
		t.Errorf("unknown page: %v", err)
	}
	r1, err := s.Save(ctx, page, "# New\r\n\r\nBetter text.\r\n", "ed", "clearer")
	if err != nil || r1.N != 1 || r1.Body != "# New\n\nBetter text.\n" || r1.Published {
		t.Fatalf("save: %+v %v", r1, err)
	}
	if _, ok := tx.live[page]; ok {
		t.Fatal("a draft went live")
	}
	if _, err := s.Publish(ctx, page, 1, "ed"); err != nil || tx.live[page] != r1.Body || tx.checked[page] {
		t.Fatalf("publish: %v live %q checked %v", err, tx.live[page], tx.checked[page])
	}
	rv, err := s.Review(ctx, page, 1, "translator")
	if err != nil || !rv.Reviewed || rv.ReviewedBy != "translator" || !tx.checked[page] {
		t.Fatalf("review: %+v %v", rv, err)
	}
	if _, err := s.Review(ctx, page, 9, "translator"); !errors.Is(err, ErrNotFound) {
		t.Errorf("review of a missing revision: %v", err)
	}
	r3, err := s.Revert(ctx, page, 0, "ed")
	if err != nil || r3.N != 2 || r3.RevertOf != 0 || tx.live[page] != "# Old\n\nText.\n" || tx.checked[page] {
		t.Fatalf("revert to shipped: %+v %v", r3, err)
	}
	r4, err := s.Revert(ctx, page, 1, "ed")
	if err != nil || r4.N != 3 || tx.live[page] != r1.Body || !tx.checked[page] {
		t.Fatalf("revert to 1: %+v %v", r4, err)
	}
	hist, _ := s.History(ctx, page)
	if len(hist) != 3 || hist[0].N != 3 || !hist[0].Published || hist[1].Published || hist[2].Published {
		t.Errorf("history: %+v", hist)
	}
	// A text shipped as reviewed keeps its mark when an editor reverts
	// to it.
	tx.shippedReviewed = map[Ref]bool{page: true}
	if r5, err := s.Revert(ctx, page, 0, "ed"); err != nil || !r5.Reviewed || !tx.checked[page] {
		t.Fatalf("revert to a reviewed shipped text: %+v %v", r5, err)
	}
	// A restart applies the live revision again.
	tx2 := &texts{shipped: tx.shipped, live: map[Ref]string{}, checked: map[Ref]bool{}}
	if err := New(s.store, tx2, time.Now).Start(ctx); err != nil || tx2.live[page] != "# Old\n\nText.\n" || !tx2.checked[page] {
		t.Errorf("start: %v %q", err, tx2.live[page])
	}
}

func TestStatusBodies(t *testing.T) {
	body := FormatStatus(map[string]string{"title": "T", "meaning": "M: with colon", "action": "A", "next": "N"})
	if body != "title: T\nmeaning: M: with colon\naction: A\nnext: N\nduration: \n" {
		t.Errorf("format: %q", body)
	}
	f, err := ParseStatus(body)
	if err != nil || f["meaning"] != "M: with colon" || f["duration"] != "" {
		t.Errorf("parse: %v %v", f, err)
	}
	for _, bad := range []string{"title: T\n", "title: T\nmeaning: M\naction: A\nnext: N\ntitle: again\n", "colour: red\n", "title: T\nmeaning: \naction: A\nnext: N\n"} {
		if _, err := ParseStatus(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestDiff(t *testing.T) {
	got := Diff("# T\n\na\nb\nc\n", "# T\n\na\nB\nc\nd\n")
	var ops []string
	for _, l := range got {
		ops = append(ops, string(l.Op)+l.Text)
	}
	want := []string{" # T", " ", " a", "-b", "+B", " c", "+d", " "}
	if !slices.Equal(ops, want) {
		t.Errorf("diff: %q", ops)
	}
}
