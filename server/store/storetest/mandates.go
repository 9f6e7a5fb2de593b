package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"loket/server/dossiers"
	"loket/server/mandates"
)

func testMandateCodeLifecycle(t *testing.T, s Backend) {
	if err := s.PutDossiers([]dossiers.Dossier{testDossier("10000001", "study", false, ev("received", "2026-01-01", false))}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	code := mandates.Code{Hash: []byte("h1"), Dossier: "10000001", Created: now, Expires: now.Add(time.Hour)}
	if err := s.CreateMandateCode(code); err != nil {
		t.Fatal(err)
	}
	lawyer := mandates.Mandate{Lawyer: "a7", LawyerEmail: "x@firm.be", Source: mandates.SourceCode}
	tests := []struct {
		name string
		hash string
		at   time.Time
		want error
	}{
		{"unknown", "nope", now, mandates.ErrCodeInvalid},
		{"expired", "h1", now.Add(time.Hour), mandates.ErrCodeExpired},
		{"redeemed", "h1", now.Add(time.Minute), nil},
		{"reused", "h1", now.Add(2 * time.Minute), mandates.ErrCodeUsed},
	}
	for _, tt := range tests {
		m, err := s.RedeemMandateCode([]byte(tt.hash), tt.at, lawyer)
		if !errors.Is(err, tt.want) {
			t.Fatalf("%s: err %v, want %v", tt.name, err, tt.want)
		}
		if err == nil && (m.ID == "" || m.Dossier != "10000001") {
			t.Errorf("%s: mandate %+v", tt.name, m)
		}
	}
	cs, err := s.LawyerClients("a7")
	if err != nil || len(cs) != 1 || cs[0].Dossier.Number != "10000001" {
		t.Fatalf("clients %v %v", cs, err)
	}
	if other, _ := s.LawyerClients("a8"); len(other) != 0 {
		t.Errorf("another lawyer sees %v", other)
	}
	ms, _ := s.DossierMandates("10000001")
	if len(ms) != 1 {
		t.Fatalf("dossier mandates %v", ms)
	}
	r, err := s.RevokeMandate(ms[0].ID, now, "applicant")
	if err != nil || r.Live() {
		t.Fatalf("revoke %v %v", r, err)
	}
	if cs, _ := s.LawyerClients("a7"); len(cs) != 0 {
		t.Errorf("revoked mandate still gives %v", cs)
	}
	if ms, _ := s.DossierMandates("10000001"); len(ms) != 0 {
		t.Errorf("revoked still listed %v", ms)
	}
	first, err := s.AddMandate(mandates.Mandate{Dossier: "10000001", Lawyer: "a9", Source: mandates.SourceStaff})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.AddMandate(mandates.Mandate{Dossier: "10000001", Lawyer: "a9"}); again.ID != first.ID {
		t.Errorf("a second live mandate for the same lawyer and dossier: %s and %s", first.ID, again.ID)
	}
	if _, err := s.AddMandate(mandates.Mandate{Dossier: "99999999", Lawyer: "a7"}); !errors.Is(err, mandates.ErrNoDossier) {
		t.Errorf("unknown dossier: %v", err)
	}
	if _, err := s.RevokeMandate("m999", now, "x"); !errors.Is(err, mandates.ErrNotFound) {
		t.Errorf("unknown mandate: %v", err)
	}
	if recent, _ := s.RecentMandates(10); len(recent) != 2 || !recent[0].Live() || recent[1].Live() {
		t.Errorf("recent, newest first: %v", recent)
	}
}

// testRevocationEndsEveryCode replays issue 14 item 6: the applicant drew
// two codes, the lawyer redeemed one, the applicant revoked the mandate,
// and the second code, drawn earlier, gave the access back.
func testRevocationEndsEveryCode(t *testing.T, s Backend) {
	if err := s.PutDossiers([]dossiers.Dossier{testDossier("10000001", "study", false, ev("received", "2026-01-01", false)),
		testDossier("10000002", "study", false, ev("received", "2026-01-01", false))}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []mandates.Code{
		{Hash: []byte("first"), Dossier: "10000001", Created: now, Expires: now.Add(time.Hour)},
		{Hash: []byte("second"), Dossier: "10000001", Created: now, Expires: now.Add(time.Hour)},
		{Hash: []byte("other"), Dossier: "10000002", Created: now, Expires: now.Add(time.Hour)},
	} {
		if err := s.CreateMandateCode(c); err != nil {
			t.Fatal(err)
		}
	}
	lawyer := mandates.Mandate{Lawyer: "a7", LawyerEmail: "x@firm.be", Source: mandates.SourceCode}
	m, err := s.RedeemMandateCode([]byte("first"), now.Add(time.Minute), lawyer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevokeMandate(m.ID, now.Add(2*time.Minute), "applicant"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RedeemMandateCode([]byte("second"), now.Add(3*time.Minute), lawyer); !errors.Is(err, mandates.ErrCodeExpired) {
		t.Fatalf("second code after revocation: %v", err)
	}
	if cs, _ := s.LawyerClients("a7"); len(cs) != 0 {
		t.Fatalf("access restored: %v", cs)
	}
	// Another dossier's code is not touched.
	if _, err := s.RedeemMandateCode([]byte("other"), now.Add(3*time.Minute), lawyer); err != nil {
		t.Fatalf("another dossier's code: %v", err)
	}
}

// testApplicantCancelsACode: the codes of a dossier are listed (not
// another dossier's), and ending one by its creation time leaves it
// unusable and the others as they were; a used code cannot be ended.
func testApplicantCancelsACode(t *testing.T, s Backend) {
	if err := s.PutDossiers([]dossiers.Dossier{testDossier("10000001", "study", false, ev("received", "2026-01-01", false)),
		testDossier("10000002", "study", false, ev("received", "2026-01-01", false))}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 123456789, time.UTC)
	for i, c := range []mandates.Code{
		{Hash: []byte("first"), Dossier: "10000001"},
		{Hash: []byte("second"), Dossier: "10000001"},
		{Hash: []byte("other"), Dossier: "10000002"},
	} {
		c.Created = now.Add(time.Duration(i) * time.Second)
		c.Expires = c.Created.Add(time.Hour)
		if err := s.CreateMandateCode(c); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := s.DossierCodes("10000001")
	if err != nil || len(cs) != 2 {
		t.Fatalf("codes of 10000001: %v %v", cs, err)
	}
	at := now.Add(time.Minute)
	if _, err := s.EndMandateCode("10000002", now, at); !errors.Is(err, mandates.ErrNotFound) {
		t.Errorf("ending a code through another dossier: %v", err)
	}
	ended, err := s.EndMandateCode("10000001", now, at)
	if err != nil || string(ended.Hash) != "first" || !ended.Expires.Equal(at) {
		t.Fatalf("end the first code: %+v %v", ended, err)
	}
	lawyer := mandates.Mandate{Lawyer: "a7", LawyerEmail: "x@firm.be", Source: mandates.SourceCode}
	if _, err := s.RedeemMandateCode([]byte("first"), at, lawyer); !errors.Is(err, mandates.ErrCodeExpired) {
		t.Errorf("the ended code: %v, want ErrCodeExpired", err)
	}
	if _, err := s.RedeemMandateCode([]byte("second"), at, lawyer); err != nil {
		t.Errorf("the other code: %v", err)
	}
	if _, err := s.EndMandateCode("10000001", now.Add(time.Second), at); !errors.Is(err, mandates.ErrNotFound) {
		t.Errorf("ending a used code: %v, want ErrNotFound", err)
	}
}

func testLawyerStateFeedIndex(t *testing.T, s Backend) {
	setFeed := func(hash string) error {
		return s.UpdateLawyerState("a1", func(l *mandates.Lawyer) error { l.FeedHash = []byte(hash); return nil })
	}
	if err := setFeed("f1"); err != nil {
		t.Fatal(err)
	}
	if id, ok, _ := s.LawyerByFeed([]byte("f1")); !ok || id != "a1" {
		t.Fatalf("feed f1: %q %v", id, ok)
	}
	if err := setFeed("f2"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LawyerByFeed([]byte("f1")); ok {
		t.Error("old feed secret still works")
	}
	if id, ok, _ := s.LawyerByFeed([]byte("f2")); !ok || id != "a1" {
		t.Errorf("feed f2: %q %v", id, ok)
	}
}

func testStatsAddAndRange(t *testing.T, s Backend) {
	if err := s.AddStats(map[string]uint64{"2026-05-01|a|pwa|en|||": 2, "2026-05-02|a|pwa|en|||": 1, "2026-05-03|a|pwa|en|||": 7}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddStats(map[string]uint64{"2026-05-02|a|pwa|en|||": 4}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Stats("2026-05-02", "2026-05-02")
	if err != nil || len(got) != 1 || got["2026-05-02|a|pwa|en|||"] != 5 {
		t.Errorf("range: %v %v", got, err)
	}
}

// lawyerDuringClients runs during once, when the digest reads the clients:
// between the digest's reads and its write.
type lawyerDuringClients struct {
	Backend
	during func()
}

func (w *lawyerDuringClients) LawyerClients(lawyer string) ([]mandates.Client, error) {
	if f := w.during; f != nil {
		w.during = nil
		f()
	}
	return w.Backend.LawyerClients(lawyer)
}

// testLawyerVisitAndDigestInterleaved: a dashboard visit that lands while
// the digest worker is between its reads and its write keeps its "last
// seen" (the digest writes only its own fields, read in its own write), and
// neither loses the feed secret; visits and digests racing from two
// goroutines keep each other's last values too.
func testLawyerVisitAndDigestInterleaved(t *testing.T, s Backend) {
	visitAt := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	clients := []mandates.Client{{Dossier: dossiers.Dossier{Number: "10000001", Events: make([]dossiers.Event, 3)}}}
	w := &lawyerDuringClients{Backend: s}
	svc := mandates.New(w, mandates.Options{Now: func() time.Time { return visitAt }})
	secret, err := svc.NewFeed("a1")
	if err != nil {
		t.Fatal(err)
	}
	w.during = func() {
		if _, err := svc.Visit("a1", clients); err != nil {
			t.Error(err)
		}
	}
	if err := svc.DigestSent("a1", "2026-12-07"); err != nil {
		t.Fatal(err)
	}
	l, err := s.LawyerState("a1")
	if err != nil {
		t.Fatal(err)
	}
	if !l.LastVisit.Equal(visitAt) || l.Seen["10000001"] != 3 || l.DigestDay != "2026-12-07" {
		t.Fatalf("after a visit during the digest: %+v", l)
	}
	if id, ok, err := svc.FeedLawyer(secret); err != nil || !ok || id != "a1" {
		t.Fatalf("the feed secret after both: %q %v %v", id, ok, err)
	}

	var wg sync.WaitGroup
	const n = 20
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range n {
			c := []mandates.Client{{Dossier: dossiers.Dossier{Number: "10000001", Events: make([]dossiers.Event, i+1)}}}
			if _, err := svc.Visit("a1", c); err != nil {
				t.Error(err)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range n {
			if err := svc.DigestSent("a1", fmt.Sprintf("2026-12-%02d", 8+i)); err != nil {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
	l, err = s.LawyerState("a1")
	if err != nil {
		t.Fatal(err)
	}
	if l.Seen["10000001"] != n || l.DigestDay != fmt.Sprintf("2026-12-%02d", 8+n-1) || len(l.FeedHash) == 0 {
		t.Fatalf("after racing visits and digests: seen %v, digest day %q, feed %x", l.Seen, l.DigestDay, l.FeedHash)
	}
}

// testMandateLabels: a lawyer's label stays on their own live mandate, is
// read with their clients only, and goes with the mandate.
func testMandateLabels(t *testing.T, s Backend) {
	if err := s.PutDossiers([]dossiers.Dossier{testDossier("10000002", "study", false, ev("received", "2026-01-01", false))}); err != nil {
		t.Fatal(err)
	}
	mine, err := s.AddMandate(mandates.Mandate{Dossier: "10000002", Lawyer: "a7", Source: mandates.SourceStaff})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMandate(mandates.Mandate{Dossier: "10000002", Lawyer: "a8", Source: mandates.SourceStaff}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LabelMandate("a9", "10000002", "X"); !errors.Is(err, mandates.ErrNotFound) {
		t.Errorf("a lawyer without a mandate labels it: %v", err)
	}
	if _, err := s.LabelMandate("a7", "99999999", "X"); !errors.Is(err, mandates.ErrNotFound) {
		t.Errorf("an unknown dossier labelled: %v", err)
	}
	m, err := s.LabelMandate("a7", "10000002", "Client Z / 2026-114")
	if err != nil || m.ID != mine.ID || m.Label != "Client Z / 2026-114" {
		t.Fatalf("label: %+v %v", m, err)
	}
	labels := func(lawyer string) []string {
		cs, err := s.LawyerClients(lawyer)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.Mandate.Label)
		}
		return out
	}
	if got := labels("a7"); len(got) != 1 || got[0] != "Client Z / 2026-114" {
		t.Errorf("the lawyer reads %q", got)
	}
	if got := labels("a8"); len(got) != 1 || got[0] != "" {
		t.Errorf("another lawyer of the same dossier reads %q", got)
	}
	if _, err := s.RevokeMandate(mine.ID, time.Now(), "applicant"); err != nil {
		t.Fatal(err)
	}
	if ended, _, _ := s.Mandate(mine.ID); ended.Label != "" {
		t.Errorf("an ended mandate keeps its label %q", ended.Label)
	}
	if _, err := s.LabelMandate("a7", "10000002", "again"); !errors.Is(err, mandates.ErrNotFound) {
		t.Errorf("an ended mandate labelled: %v", err)
	}
	again, err := s.AddMandate(mandates.Mandate{Dossier: "10000002", Lawyer: "a7", Source: mandates.SourceStaff})
	if err != nil || again.ID == mine.ID || again.Label != "" {
		t.Errorf("a new mandate after the end: %+v %v", again, err)
	}
}
