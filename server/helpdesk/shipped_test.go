package helpdesk

import (
	"context"
	"strings"
	"testing"

	"loket/server/locale"
	"loket/translations"
)

// catalogText looks a key up in one language's catalog, without fallback.
func catalogText(t *testing.T) func(lang, key string) (string, bool) {
	t.Helper()
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		t.Fatal(err)
	}
	return func(lang, key string) (string, bool) {
		c := cats.Catalog(lang)
		if c == nil {
			return "", false
		}
		m, ok := c.Messages[key]
		return m.Text, ok && m.Text != ""
	}
}

// TestShippedCannedAnswers: an empty store gets the five shipped answers in
// all 13 languages, and an Arabic question answered with "overdue" reads
// in Arabic; a store with answers of its own is left alone.
func TestShippedCannedAnswers(t *testing.T) {
	s, m, _, _ := newService(t)
	ctx := context.Background()
	text := catalogText(t)
	n, err := s.InstallShippedCanned(ctx, text)
	if err != nil || n != len(ShippedCanned) {
		t.Fatalf("installed %d, %v", n, err)
	}
	list, _ := s.CannedAnswers(ctx)
	if len(list) != 5 {
		t.Fatalf("%d canned answers", len(list))
	}
	for _, c := range list {
		if len(c.Texts) != len(langs) {
			t.Errorf("%s: %d languages, want %d", c.ID, len(c.Texts), len(langs))
		}
		if c.Title == "" || strings.HasPrefix(c.Title, "helpdesk.") {
			t.Errorf("%s: title %q", c.ID, c.Title)
		}
	}
	if n, err := s.InstallShippedCanned(ctx, text); n != 0 || err != nil {
		t.Errorf("second install: %d %v", n, err)
	}

	sub, err := s.Create(ctx, validInput()) // an Arabic question
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.ReplyCanned(ctx, Viewer{ID: "u1"}, sub.Escalation.Ref.String(), "overdue")
	if err != nil {
		t.Fatal(err)
	}
	got, lang := e.Replies[0].In(sub.Escalation.Lang)
	want, _ := text("ar", "helpdesk.canned.overdue.text")
	if lang != "ar" || got != want || !strings.ContainsRune(got, 'ك') {
		t.Errorf("the Arabic asker reads %q (%s)", got, lang)
	}

	// Supervisors deleted all but one and wrote their own: nothing returns.
	for _, id := range ShippedCanned[1:] {
		if err := s.DeleteCanned(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.InstallShippedCanned(ctx, text); n != 0 || len(m.canned) != 1 {
		t.Errorf("installed %d into a store with answers (%d kept)", n, len(m.canned))
	}
}
