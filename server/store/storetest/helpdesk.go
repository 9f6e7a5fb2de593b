package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/server/helpdesk"
)

func testEscalationStore(t *testing.T, s Backend) {
	ctx := context.Background()
	base := time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)
	refs := []helpdesk.Reference{"H2345678A", "H2345678B", "H2345678C"}
	for i, r := range refs {
		if err := s.CreateEscalation(ctx, helpdesk.Escalation{Ref: r, Created: base.Add(time.Duration(i) * time.Hour), State: helpdesk.StateOpen}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateEscalation(ctx, helpdesk.Escalation{Ref: refs[0], Created: base}); !errors.Is(err, helpdesk.ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
	list, err := s.EscalationsSince(ctx, base.Add(time.Hour))
	if err != nil || len(list) != 2 || list[0].Ref != refs[2] || list[1].Ref != refs[1] {
		t.Fatalf("since: %v %v", list, err)
	}
	// A function error is returned and its change kept only when asked.
	boom := errors.New("boom")
	_, err = s.UpdateEscalation(ctx, refs[0], func(e *helpdesk.Escalation) (bool, error) {
		e.PINFailures++
		return true, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("update err %v", err)
	}
	if e, _ := s.Escalation(ctx, refs[0]); e.PINFailures != 1 {
		t.Errorf("failures %d, want 1", e.PINFailures)
	}
	_, err = s.UpdateEscalation(ctx, refs[0], func(e *helpdesk.Escalation) (bool, error) {
		e.Created = e.Created.Add(time.Second)
		return true, nil
	})
	if err == nil {
		t.Error("an update moved the index key")
	}
	if _, err := s.Escalation(ctx, "H0000000X"); !errors.Is(err, helpdesk.ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if _, err := s.UpdateEscalation(ctx, "H0000000X", func(*helpdesk.Escalation) (bool, error) { return true, nil }); !errors.Is(err, helpdesk.ErrNotFound) {
		t.Errorf("update missing: %v", err)
	}
	// Several in one transaction: a missing reference or an error from
	// the function writes none of them; otherwise those asked are written.
	resolve := func(e *helpdesk.Escalation) (bool, error) {
		if e.Ref == refs[1] {
			return false, nil
		}
		e.State = helpdesk.StateResolved
		return true, nil
	}
	if _, err := s.UpdateEscalations(ctx, []helpdesk.Reference{refs[0], "H0000000X"}, resolve); !errors.Is(err, helpdesk.ErrNotFound) {
		t.Errorf("bulk with a missing one: %v", err)
	}
	if _, err := s.UpdateEscalations(ctx, refs, func(e *helpdesk.Escalation) (bool, error) {
		if e.Ref == refs[2] {
			return false, boom
		}
		return resolve(e)
	}); !errors.Is(err, boom) {
		t.Errorf("bulk with an error: %v", err)
	}
	if e, _ := s.Escalation(ctx, refs[0]); e.State != helpdesk.StateOpen {
		t.Errorf("a failed bulk update wrote %s", refs[0])
	}
	got, err := s.UpdateEscalations(ctx, refs, resolve)
	if err != nil || len(got) != 2 || got[0].Ref != refs[0] || got[1].Ref != refs[2] {
		t.Fatalf("bulk: %v %v", got, err)
	}
	for i, want := range []string{helpdesk.StateResolved, helpdesk.StateOpen, helpdesk.StateResolved} {
		if e, _ := s.Escalation(ctx, refs[i]); e.State != want {
			t.Errorf("after bulk %s is %s, want %s", refs[i], e.State, want)
		}
	}
}

func testCannedStore(t *testing.T, s Backend) {
	ctx := context.Background()
	c := helpdesk.Canned{ID: "a1", Title: "Card", Texts: map[string]string{"en": "Ready", "ar": "جاهزة"}}
	if err := s.PutCanned(ctx, c); err != nil {
		t.Fatal(err)
	}
	list, err := s.CannedAnswers(ctx)
	if err != nil || len(list) != 1 || list[0].Texts["ar"] != "جاهزة" {
		t.Fatalf("list %v %v", list, err)
	}
	if err := s.DeleteCanned(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCanned(ctx, "a1"); !errors.Is(err, helpdesk.ErrCannedNotFound) {
		t.Errorf("second delete: %v", err)
	}
}
