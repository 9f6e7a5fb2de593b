package demo

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/dossiers"
	"loket/server/store"
	"loket/translations"
)

func newService(t *testing.T) (*dossiers.Service, *store.Store) {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	cat, err := dossiers.LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	return dossiers.New(s, cat, dossiers.Options{Key: []byte("k"), Langs: []string{"en"}}), s
}

func TestDemoCoversEveryStatusAndFeedsEstimates(t *testing.T) {
	svc, s := newService(t)
	now := time.Now()
	a, err := Dossiers(svc, now)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Dossiers(svc, now)
	if !reflect.DeepEqual(a, b) {
		t.Error("the demo set is not deterministic")
	}
	seen := map[string]bool{}
	for _, d := range a {
		seen[d.Procedure+"/"+d.Status] = true
	}
	cat := svc.Catalog()
	for _, p := range dossiers.Procedures {
		for _, st := range cat.Statuses(p) {
			if !seen[p+"/"+st.Code] {
				t.Errorf("no demo dossier in %s/%s", p, st.Code)
			}
		}
	}
	acc := accounts.New(s, accounts.DefaultPolicy(), nil)
	if err := Load(s, svc, acc); err != nil {
		t.Fatal(err)
	}
	if err := Load(s, svc, acc); err != nil { // a second start changes nothing
		t.Fatal(err)
	}
	for _, l := range Logins {
		if a, err := acc.ByEmail(context.Background(), l.Email); err != nil || a.Role != l.Role {
			t.Errorf("demo login %s: %+v %v", l.Email, a, err)
		}
	}
	if err := svc.Refresh(); err != nil {
		t.Fatal(err)
	}
	for _, sc := range Showcases {
		ans, err := svc.Verify(dossiers.Claim{Number: sc.Number, By: dossiers.ByBirth, Secret: sc.Birth, Client: "192.0.2.1"})
		if err != nil || ans.Status.Code != sc.Status {
			t.Errorf("showcase %s: %v %+v", sc.Number, err, ans)
			continue
		}
		if sc.Status == "examination" && ans.Estimate == nil {
			t.Errorf("showcase %s: no estimate", sc.Number)
		}
	}
	if n, _ := s.DossierCount(); n != len(a) {
		t.Errorf("%d dossiers stored, %d built", n, len(a))
	}
}
