package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"loket/server/dossiers"
)

func testDossier(number, procedure string, waiting bool, events ...dossiers.Event) dossiers.Dossier {
	d := dossiers.Dossier{Number: number, Procedure: procedure, Received: events[0].Date, Events: events,
		Status: events[len(events)-1].Code, Waiting: waiting, BirthHash: []byte("0123456789abcdef")}
	return d
}

func ev(code, date string, decision bool) dossiers.Event {
	return dossiers.Event{Code: code, Date: date, Decision: decision}
}

func testDossiersKeepHistogramsAndQueueInStep(t *testing.T, s Backend) {
	open := testDossier("10000001", "study", true, ev("received", "2026-01-01", false), ev("examination", "2026-01-11", false))
	decided := testDossier("10000002", "study", false, ev("received", "2026-01-01", false), ev("granted", "2026-01-31", true))
	if err := s.PutDossiers([]dossiers.Dossier{open, decided}); err != nil {
		t.Fatal(err)
	}
	d, failures, found, err := s.LookupDossier("10000001", time.Now().Add(-time.Hour))
	if err != nil || !found || failures != 0 || d.Status != "examination" || len(d.Events) != 2 {
		t.Fatalf("lookup: %+v %d %v %v", d, failures, found, err)
	}
	if _, _, found, _ := s.LookupDossier("99999999", time.Now()); found {
		t.Error("found a dossier that was never stored")
	}
	hs, _ := s.Histograms()
	if hs["study/received"][30] != 1 || len(hs) != 1 {
		t.Errorf("histograms %v", hs)
	}
	qs, _ := s.Queues()
	if len(qs["study"]) != 1 || qs["study"][0] != dossiers.QueueKey("2026-01-01", "10000001") {
		t.Errorf("queues %v", qs)
	}
	// The open one gets its decision: it leaves the queue and adds samples.
	_, err = s.UpdateDossier("10000001", func(d *dossiers.Dossier) error {
		d.Events = append(d.Events, ev("refused", "2026-03-02", true))
		d.Status, d.Waiting = "refused", false
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hs, _ = s.Histograms()
	if hs["study/received"][60] != 1 || hs["study/examination"][50] != 1 {
		t.Errorf("after decision: %v", hs)
	}
	if qs, _ := s.Queues(); len(qs["study"]) != 0 {
		t.Errorf("decided dossier still queued: %v", qs)
	}
	// Replacing a dossier takes its old samples out.
	if err := s.PutDossiers([]dossiers.Dossier{testDossier("10000002", "study", true, ev("received", "2026-01-01", false))}); err != nil {
		t.Fatal(err)
	}
	hs, _ = s.Histograms()
	if hs["study/received"][30] != 0 || hs["study/received"][60] != 1 {
		t.Errorf("after replace: %v", hs)
	}
	// A failing change writes nothing.
	boom := errors.New("boom")
	if _, err := s.UpdateDossier("10000002", func(d *dossiers.Dossier) error { d.Status = "x"; return boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if d, _, _, _ := s.LookupDossier("10000002", time.Now()); d.Status != "received" {
		t.Errorf("rolled-back change kept: %q", d.Status)
	}
	if _, err := s.UpdateDossier("55555555", func(*dossiers.Dossier) error { return nil }); !errors.Is(err, dossiers.ErrNotFound) {
		t.Errorf("missing dossier: %v", err)
	}
	if n, _ := s.DossierCount(); n != 2 {
		t.Errorf("count %d", n)
	}
}

func testLookupFailuresCountPerWindow(t *testing.T, s Backend) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	window := 15 * time.Minute
	for i := range 3 {
		if err := s.RecordLookupFailure("12345678", now.Add(time.Duration(i)*time.Minute), window); err != nil {
			t.Fatal(err)
		}
	}
	if _, n, _, _ := s.LookupDossier("12345678", now.Add(2*time.Minute-window)); n != 3 {
		t.Errorf("failures %d, want 3", n)
	}
	if _, n, _, _ := s.LookupDossier("12345679", now.Add(-window)); n != 0 {
		t.Errorf("other number has failures: %d", n)
	}
	// After the window the count starts again.
	later := now.Add(window + time.Minute)
	if _, n, _, _ := s.LookupDossier("12345678", later.Add(-window)); n != 0 {
		t.Errorf("failures after the window: %d", n)
	}
	s.RecordLookupFailure("12345678", later, window)
	if _, n, _, _ := s.LookupDossier("12345678", later.Add(-window)); n != 1 {
		t.Errorf("new window: %d", n)
	}
}

func testLookupFailuresArePruned(t *testing.T, s Backend) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	window := 15 * time.Minute
	for i, number := range []string{"11111111", "22222222", "33333333"} {
		// 11111111 failed 40 minutes ago, 22222222 20, 33333333 just now.
		at := now.Add(-time.Duration(2-i) * 20 * time.Minute)
		if err := s.RecordLookupFailure(number, at, window); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneLookupFailures(now.Add(-window))
	if err != nil || n != 2 {
		t.Fatalf("pruned %d, %v; want 2", n, err)
	}
	if _, f, _, _ := s.LookupDossier("33333333", now.Add(-window)); f != 1 {
		t.Errorf("a count inside the window was pruned: %d", f)
	}
	if _, f, _, _ := s.LookupDossier("11111111", time.Time{}); f != 0 {
		t.Errorf("an expired count survived: %d", f)
	}
	if n, err := s.PruneLookupFailures(now.Add(-window)); err != nil || n != 0 {
		t.Errorf("second prune: %d, %v", n, err)
	}
}

func testTokensAreStoredByHash(t *testing.T, s Backend) {
	plain, tok := dossiers.NewToken("feed", time.Now())
	if err := s.CreateToken(tok); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(dossiers.APIToken{Name: "feed", Hash: []byte("other")}); err == nil {
		t.Error("second token with the same name")
	}
	if name, ok, _ := s.TokenName(dossiers.HashToken(plain)); !ok || name != "feed" {
		t.Errorf("token not found: %q %v", name, ok)
	}
	ts, _ := s.Tokens()
	if len(ts) != 1 || fmt.Sprint(ts[0].Hash) == plain {
		t.Errorf("tokens %v", ts)
	}
	if ok, _ := s.RevokeToken("feed"); !ok {
		t.Error("revoke")
	}
	if _, ok, _ := s.TokenName(dossiers.HashToken(plain)); ok {
		t.Error("revoked token still valid")
	}
}
