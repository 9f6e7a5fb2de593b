package web

import (
	"context"
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

	// result looks the dossier up (this browser's grant names it from now
	// on) and lists the pending codes' ids.
	result := func(number, birth string) []string {
		t.Helper()
		res, page := applicant.lookUp(number, birth)
		if res.StatusCode != 200 {
			t.Fatalf("status result: %d", res.StatusCode)
		}
		var ids []string
		for _, m := range pendingCodeID.FindAllStringSubmatch(page, -1) {
			ids = append(ids, m[1])
		}
		if strings.Contains(page, first) || strings.Contains(page, second) {
			t.Error("the status result shows a code")
		}
		return ids
	}
	ids := result("10000001", "1990-01-01")
	if len(ids) != 2 {
		t.Fatalf("pending codes listed: %d, want 2", len(ids))
	}
	cancel := func(id string) int {
		res, _ := applicant.post("/en/status/mandate/cancel", "/en/status", url.Values{"code": {id}})
		return res.StatusCode
	}
	// With the grant of another dossier, its codes are out of reach.
	result("10000002", "1985-05-05")
	if code := cancel(ids[0]); code != 404 {
		t.Errorf("cancel with another dossier's grant: %d, want 404", code)
	}
	result("10000001", "1990-01-01")
	for _, id := range []string{"12345", ""} {
		if code := cancel(id); code != 404 {
			t.Errorf("cancel %q: %d, want 404", id, code)
		}
	}
	if code := cancel(ids[0]); code != 200 {
		t.Fatalf("cancel: %d", code)
	}
	if code := cancel(ids[0]); code != 404 {
		t.Errorf("cancel twice: %d, want 404", code)
	}
	if left := result("10000001", "1990-01-01"); len(left) != 1 || left[0] != ids[1] {
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
	if left := result("10000001", "1990-01-01"); len(left) != 0 {
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
