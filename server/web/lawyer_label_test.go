package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/mandates"
)

// TestLawyerClientLabelsAndInitials: a client row shows the applicant's
// first-name initial and the lawyer's own label, which only that lawyer
// sees, which a refused value leaves as it was, and which ends with the
// mandate.
func TestLawyerClientLabelsAndInitials(t *testing.T) {
	e := newLawyerEnv(t, nil, "")
	body := map[string]any{"procedure": "asylum", "received": dayOffset(-2), "birth_date": "1990-01-01", "first_name": "élodie", "office": "bxl",
		"events": []any{map[string]any{"id": "1", "code": "received", "date": dayOffset(-2)}}}
	if err := e.dos.Put("10000001", body); err != nil {
		t.Fatal(err)
	}
	e.putDossier(t, "10000002", "1990-01-01", "received")
	anna := e.addUser(t, "anna@firm.be", accounts.RoleLawyer)
	bert := e.addUser(t, "bert@other.be", accounts.RoleLawyer)
	e.addStaff(t, "desk@loket.test", accounts.RoleHelpdesk, "bxl")
	m := mandates.New(e.store, mandates.Options{Now: e.clock.Now})
	annas, err := m.Register("10000001", anna.ID, anna.Email, "a0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Register("10000001", bert.ID, bert.Email, "a0"); err != nil {
		t.Fatal(err)
	}
	a := e.browser(t)
	a.signIn("anna@firm.be", nil)
	const label = "Fam. Z — 2026/114"
	dossierPage := "/en/staff/lawyer/dossiers/10000001"
	res, page := a.post(dossierPage+"/label", dossierPage, url.Values{"label": {"  " + label + " "}})
	if res.StatusCode != 200 || !strings.Contains(page, e.t("en", "lawyer.label.saved")) || !strings.Contains(page, `value="Fam. Z — 2026/114"`) {
		t.Fatalf("label saved: %d", res.StatusCode)
	}
	_, page = a.Get("/en/staff/lawyer")
	if !strings.Contains(page, `<bdi class="client-label">Fam. Z — 2026/114</bdi>`) || !strings.Contains(page, e.t("en", "lawyer.client.initial", "initial", "É")) {
		t.Error("the client row shows no label or initial")
	}
	if strings.Count(page, "client-who") != 1 {
		t.Error("the dossier without a first name shows an initial line")
	}
	_, csvBody := a.Get("/en/staff/lawyer/clients.csv?sort=number")
	recs, err := csv.NewReader(strings.NewReader(sheetBody(t, csvBody))).ReadAll()
	if err != nil || len(recs) != 2 || recs[0][1] != "initial" || recs[0][2] != "label" || recs[1][1] != "É" || recs[1][2] != label {
		t.Errorf("csv: %v %v", recs, err)
	}
	// In Arabic too, the label keeps its own direction.
	if _, page = a.Get("/ar/staff/lawyer"); !strings.Contains(page, `<bdi class="client-label">`+label) {
		t.Error("the Arabic list lacks the label")
	}
	// Refused: too long, or on two lines; the label stays as it was.
	for _, bad := range []string{strings.Repeat("x", 61), "a\nb"} {
		res, page = a.post(dossierPage+"/label", dossierPage, url.Values{"label": {bad}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, e.t("en", "lawyer.label.error")) || !strings.Contains(page, `aria-invalid="true"`) {
			t.Errorf("%q: %d", bad, res.StatusCode)
		}
	}
	if cs, _ := m.Clients(anna.ID); len(cs) != 1 || cs[0].Mandate.Label != label {
		t.Errorf("after refusals: %+v", cs)
	}
	// Another lawyer's dossier cannot be labelled: 404, like its page.
	if res, _ = a.post("/en/staff/lawyer/dossiers/10000002/label", dossierPage, url.Values{"label": {"x"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("label of a dossier without mandate: %d", res.StatusCode)
	}
	// Nobody else sees it: the other lawyer of the same dossier, the staff
	// list of mandates.
	b := e.browser(t)
	b.signIn("bert@other.be", nil)
	if _, page = b.Get("/en/staff/lawyer"); strings.Contains(page, "Fam. Z") || !strings.Contains(page, "10000001") {
		t.Error("another lawyer sees the label")
	}
	d := e.browser(t)
	d.signIn("desk@loket.test", nil)
	if res, page = d.Get("/en/staff/mandates"); res.StatusCode != 200 || strings.Contains(page, "Fam. Z") || !strings.Contains(page, "10000001") {
		t.Errorf("staff mandates page: %d, shows the label: %v", res.StatusCode, strings.Contains(page, "Fam. Z"))
	}
	// Audited by dossier and mandate, never with the label's text.
	var trail []audit.Entry
	if err := e.trail.Each(context.Background(), audit.Filter{}, func(en audit.Entry) error {
		if en.Action == "lawyer.label" || en.Action == "dossier.view_refused" {
			trail = append(trail, en)
		}
		if strings.Contains(fmt.Sprint(en), "Fam. Z") {
			t.Errorf("the trail holds the label: %+v", en)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(trail) != 2 || trail[0].Object != "10000001" || trail[0].Detail != annas.ID || trail[1].Object != "10000002" {
		t.Errorf("trail: %+v", trail)
	}
	// Removed by an empty one; gone with the mandate, not back with a new one.
	if res, page = a.post(dossierPage+"/label", dossierPage, url.Values{"label": {label}}); res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	if res, page = a.post(dossierPage+"/label", dossierPage, url.Values{"label": {""}}); res.StatusCode != 200 || !strings.Contains(page, e.t("en", "lawyer.label.removed")) {
		t.Errorf("empty label: %d", res.StatusCode)
	}
	if _, err := m.Label(anna.ID, "10000001", label); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Revoke(annas.ID, "applicant"); err != nil {
		t.Fatal(err)
	}
	if ended, _, _ := m.Get(annas.ID); ended.Label != "" {
		t.Errorf("the ended mandate keeps %q", ended.Label)
	}
	if res, _ = a.Get(dossierPage); res.StatusCode != http.StatusNotFound {
		t.Errorf("dossier page after the end: %d", res.StatusCode)
	}
	if _, err := m.Register("10000001", anna.ID, anna.Email, "a0"); err != nil {
		t.Fatal(err)
	}
	if _, page = a.Get("/en/staff/lawyer"); strings.Contains(page, "Fam. Z") {
		t.Error("a new mandate brings the old label back")
	}
}
