package storetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"loket/server/dossiers"
	"loket/server/mandates"
)

// TestLawyerAPITokens runs the token service on the real store: a token
// is shown once and found by its hash only, revocation is per lawyer and
// final, and the dossiers it reaches follow the live mandates.
func testLawyerAPITokens(t *testing.T, s Backend) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	tokens := mandates.NewTokens(s, func() time.Time { return now })
	plain, tok, err := tokens.Create("a1", "firm case system")
	if err != nil || tok.ID == "" || !strings.HasPrefix(plain, "loket_lt_") {
		t.Fatalf("create: %q %+v %v", plain, tok, err)
	}
	if got, ok, err := tokens.Check(plain); err != nil || !ok || got.Lawyer != "a1" || got.ID != tok.ID {
		t.Fatalf("check: %+v %v %v", got, ok, err)
	}
	for _, bad := range []string{"", plain + "x", strings.ToUpper(plain), "loket_lt_" + strings.Repeat("a", 52)} {
		if _, ok, _ := tokens.Check(bad); ok {
			t.Errorf("accepts %q", bad)
		}
	}
	list, err := tokens.List("a1")
	if err != nil || len(list) != 1 || list[0].Hash != nil || list[0].Name != "firm case system" {
		t.Errorf("list: %+v %v", list, err)
	}
	if _, err := tokens.Revoke("a2", tok.ID); !errors.Is(err, mandates.ErrTokenNotFound) {
		t.Errorf("another lawyer revokes it: %v", err)
	}
	if _, err := tokens.Revoke("a1", "t999"); !errors.Is(err, mandates.ErrTokenNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if r, err := tokens.Revoke("a1", tok.ID); err != nil || !r.Revoked.Equal(now) {
		t.Fatalf("revoke: %+v %v", r, err)
	}
	if _, ok, _ := tokens.Check(plain); ok {
		t.Error("a revoked token still opens the API")
	}
	for _, name := range []string{"", "  ", strings.Repeat("n", mandates.MaxTokenName+1), "a\nb"} {
		if _, _, err := tokens.Create("a1", name); !errors.Is(err, mandates.ErrTokenName) {
			t.Errorf("name %q: %v", name, err)
		}
	}
	for i := range mandates.MaxLiveTokens {
		if _, _, err := tokens.Create("a1", "t"+string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := tokens.Create("a1", "one too many"); !errors.Is(err, mandates.ErrTooManyTokens) {
		t.Errorf("eleventh live token: %v", err)
	}
}

// TestChangedSince reads only the mandated dossiers changed since a date.
func testChangedSince(t *testing.T, s Backend) {
	if err := s.PutDossiers([]dossiers.Dossier{
		testDossier("10000001", "study", false, ev("received", "2026-01-01", false)),
		testDossier("10000002", "study", false, ev("received", "2026-01-01", false), ev("examination", "2026-12-02", false)),
		testDossier("10000003", "study", false, ev("received", "2026-12-05", false)),
	}); err != nil {
		t.Fatal(err)
	}
	svc := mandates.New(s, mandates.Options{Now: func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }})
	for _, n := range []string{"10000001", "10000002"} {
		if _, err := svc.Register(n, "a1", "a1@firm.example", "staff"); err != nil {
			t.Fatal(err)
		}
	}
	numbers := func(cs []mandates.Client) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Dossier.Number)
		}
		return strings.Join(out, ",")
	}
	for since, want := range map[string]string{"": "10000001,10000002", "2026-12-01": "10000002", "2026-12-03": "", "2026-11-01": "10000001,10000002"} {
		cs, err := svc.ChangedSince("a1", since)
		if err != nil || numbers(cs) != want {
			t.Errorf("since %q: %s %v, want %s (10000003 has no mandate)", since, numbers(cs), err, want)
		}
	}
}

// testLawyerAPIViews builds the API's list and detail of a mandated
// dossier with the status words in the language's chain.
func testLawyerAPIViews(t *testing.T, s Backend) {
	if err := s.PutDossiers([]dossiers.Dossier{testDossier("10000002", "study", false,
		ev("received", "2026-01-01", false), ev("examination", "2026-12-02", false))}); err != nil {
		t.Fatal(err)
	}
	svc := mandates.New(s, mandates.Options{})
	if _, err := svc.Register("10000002", "a1", "a1@firm.example", "staff"); err != nil {
		t.Fatal(err)
	}
	cs, err := svc.ChangedSince("a1", "")
	if err != nil || len(cs) != 1 {
		t.Fatalf("%v %v", cs, err)
	}
	text := func(procedure, code string) dossiers.Text {
		return dossiers.Text{Title: "title of " + procedure + "/" + code, Lang: "fr"}
	}
	d := mandates.Detail(cs[0], text)
	if d.Dossier != "10000002" || d.Status.Code != "examination" || d.Status.Title != "title of study/examination" ||
		d.Status.Lang != "fr" || d.Changed != "2026-12-02" || len(d.Events) != 2 || d.Events[0].Title != "title of study/received" ||
		d.Documents == nil {
		t.Errorf("detail: %+v", d)
	}
}
