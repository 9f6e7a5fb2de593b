package helpdesk

import (
	"context"
	"strings"
	"testing"
	"time"

	"loket/server/dossiers"
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

// slowChecker knows one overdue dossier with an office-set appointment.
type slowChecker struct{}

func (slowChecker) Verify(cl dossiers.Claim) (*dossiers.Answer, error) {
	if cl.Number != "12345678" || cl.Secret != "1990-01-02" {
		return nil, dossiers.ErrNoMatch
	}
	return &dossiers.Answer{Number: cl.Number, Status: dossiers.StatusDef{Code: "examination", LegalDays: 90},
		Entered: "2026-01-05", AskFrom: "2026-04-05", Overdue: true,
		Estimate:    &dossiers.Estimate{MedianDays: 60, P80Days: 120, N: 30},
		Appointment: &dossiers.Appointment{At: time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC), Office: "cgrs"}}, nil
}

// TestOverdueAndAppointmentRequestsCarryTheirContext: an "overdue" request
// with a verified dossier tells staff why it came (status, since when,
// estimate, legal deadline), an "appointment change" request which
// appointment; unverified requests carry neither; the applicant's answer
// deadline is the service-level target after the request.
func TestOverdueAndAppointmentRequestsCarryTheirContext(t *testing.T) {
	clk := &clock{time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)}
	s, err := New(newMem(), &issuer{}, slowChecker{}, Config{Secret: []byte("0123456789abcdef"), Langs: langs, Now: clk.now,
		SLA: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	in := validInput()
	in.Category, in.DossierNumber, in.BirthDate = CategoryOverdue, "12345678", "1990-01-02"
	sub, err := s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	w := sub.Escalation.Waiting
	if w == nil || w.Status != "examination" || w.Since != "2026-01-05" || w.AskFrom != "2026-04-05" ||
		w.MedianDays != 60 || w.P80Days != 120 || w.LegalDays != 90 || sub.Escalation.Appointment != nil {
		t.Errorf("overdue context %+v, appointment %v", w, sub.Escalation.Appointment)
	}
	if got := s.AnswerBy(sub.Escalation); !got.Equal(clk.t.Add(48 * time.Hour)) {
		t.Errorf("answer by %v", got)
	}

	in.Category = CategoryAppointmentChange
	sub, err = s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if a := sub.Escalation.Appointment; a == nil || a.Office != "cgrs" || sub.Escalation.Waiting != nil {
		t.Errorf("appointment context %+v, waiting %v", a, sub.Escalation.Waiting)
	}

	in.DossierNumber, in.BirthDate = "", ""
	sub, err = s.Create(ctx, in)
	if err != nil || sub.Escalation.Appointment != nil || sub.Escalation.Waiting != nil {
		t.Errorf("unverified request carries context: %+v %v", sub.Escalation, err)
	}
}
