package web

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/audit"
)

var pendingCodeID = regexp.MustCompile(`name="code" value="([^"]+)"`)

// TestApplicantSeesAndCancelsPendingCodes is issue 14 item 6: the status
// result lists the lawyer codes drawn and not used yet (never the codes
// themselves), and the applicant can cancel any of them; a cancelled code
// opens nothing, the others still work.
func TestApplicantSeesAndCancelsPendingCodes(t *testing.T) {
	e := newLawyerEnv(t, nil, "")
	e.putDossier(t, "10000001", "1990-01-01", "received")
	e.putDossier(t, "10000002", "1985-05-05", "received")
	e.addUser(t, "anna@firm.be", accounts.RoleLawyer)
	applicant := e.browser(t)
	applicant.ip = "198.51.100.7"
	first := applicantCode(t, applicant, "10000001", "1990-01-01")
	e.clock.Add(time.Minute)
	second := applicantCode(t, applicant, "10000001", "1990-01-01")

	result := func(number, birth string) (string, []string) {
		t.Helper()
		res, page := applicant.post("/en/status", "/en/status", url.Values{"dossier": {number}, "birth_date": {birth}})
		g := grantField.FindStringSubmatch(page)
		if res.StatusCode != 200 || g == nil {
			t.Fatalf("status result: %d", res.StatusCode)
		}
		var ids []string
		for _, m := range pendingCodeID.FindAllStringSubmatch(page, -1) {
			ids = append(ids, m[1])
		}
		if strings.Contains(page, first) || strings.Contains(page, second) {
			t.Error("the status result shows a code")
		}
		return html.UnescapeString(g[1]), ids
	}
	grant, ids := result("10000001", "1990-01-01")
	if len(ids) != 2 {
		t.Fatalf("pending codes listed: %d, want 2", len(ids))
	}
	cancel := func(grant, id string) int {
		res, _ := applicant.post("/en/status/mandate/cancel", "/en/status", url.Values{"grant": {grant}, "code": {id}})
		return res.StatusCode
	}
	otherGrant, _ := result("10000002", "1985-05-05")
	for _, tc := range []struct{ name, grant, id string }{
		{"another dossier's grant", otherGrant, ids[0]},
		{"an id that is no code", grant, "12345"},
		{"no id", grant, ""},
	} {
		if code := cancel(tc.grant, tc.id); code != 404 {
			t.Errorf("cancel with %s: %d, want 404", tc.name, code)
		}
	}
	if code := cancel(grant, ids[0]); code != 200 {
		t.Fatalf("cancel: %d", code)
	}
	if code := cancel(grant, ids[0]); code != 404 {
		t.Errorf("cancel twice: %d, want 404", code)
	}
	if _, left := result("10000001", "1990-01-01"); len(left) != 1 || left[0] != ids[1] {
		t.Errorf("pending after cancelling the first: %v, want [%s]", left, ids[1])
	}

	anna := e.browser(t)
	anna.signIn("anna@firm.be", nil)
	res, page := anna.post("/en/staff/lawyer/link", "/en/staff/lawyer/link", url.Values{"code": {first}})
	if res.StatusCode != 422 || !strings.Contains(page, escaped(e.t("en", "lawyer.link.expired"))) {
		t.Errorf("cancelled code: %d, want 422 expired", res.StatusCode)
	}
	if res, _ := anna.post("/en/staff/lawyer/link", "/en/staff/lawyer/link", url.Values{"code": {second}}); res.StatusCode != 303 {
		t.Errorf("the code not cancelled: %d, want 303 (linked)", res.StatusCode)
	}
	if _, left := result("10000001", "1990-01-01"); len(left) != 0 {
		t.Errorf("a used code is still listed as pending: %v", left)
	}
	cancelled := 0
	e.trail.Each(context.Background(), audit.Filter{}, func(en audit.Entry) error {
		if en.Action == audit.ActionMandateChange && en.Object == "10000001" && strings.Contains(en.Detail, "cancelled by applicant") {
			cancelled++
		}
		return nil
	})
	if cancelled != 1 {
		t.Errorf("audit entries of the cancellation: %d, want 1", cancelled)
	}
}
