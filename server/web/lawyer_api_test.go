package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket/server/accounts"
	"loket/server/mandates"
)

// TestLawyerAPIWithTokens: a lawyer makes an API token in the console
// (shown once), the firm's software reads the mandated dossiers with it
// (changed_since, one dossier, nothing else), every read is audited, every
// answer matches the OpenAPI document, and a revoked token or mandate
// closes the door at once.
func TestLawyerAPIWithTokens(t *testing.T) {
	e := newLawyerEnv(t, nil, "")
	lawyer := e.addUser(t, "anna@firm.be", accounts.RoleLawyer)
	e.putDossier(t, "10000001", "1990-01-01", "received", "examination")
	e.putDossier(t, "10000002", "1990-01-01", "received")
	e.putDossier(t, "10000009", "1990-01-01", "received") // no mandate
	m := mandates.New(e.store, mandates.Options{Now: e.clock.Now})
	for _, n := range []string{"10000001", "10000002"} {
		if _, err := m.Register(n, lawyer.ID, lawyer.Email, "a0"); err != nil {
			t.Fatal(err)
		}
	}
	anna := e.browser(t)
	anna.signIn("anna@firm.be", nil)
	if res, page := anna.post("/en/staff/lawyer/tokens", "/en/staff/lawyer", url.Values{"action": {"create"}, "name": {""}}); res.StatusCode != 200 ||
		!strings.Contains(page, e.t("en", "lawyer.api.error.name")) {
		t.Errorf("empty name: %d", res.StatusCode)
	}
	_, page := anna.post("/en/staff/lawyer/tokens", "/en/staff/lawyer", url.Values{"action": {"create"}, "name": {"Case system"}})
	token := regexp.MustCompile(`loket_lt_[a-z2-7]+`).FindString(page)
	if token == "" || !strings.Contains(page, e.t("en", "lawyer.api.once")) {
		t.Fatal("no token shown")
	}
	if _, again := anna.Get("/en/staff/lawyer"); strings.Contains(again, token) || !strings.Contains(again, "Case system") {
		t.Error("the token is shown again, or its name is not listed")
	}

	call := func(path, auth string) (int, map[string]any) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Language", "fr")
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		res, body := do(t, e.app, req) // checks the answer against the OpenAPI document
		var out map[string]any
		json.Unmarshal([]byte(body), &out)
		return res.StatusCode, out
	}
	numbers := func(out map[string]any) []string {
		var ns []string
		ds, _ := out["dossiers"].([]any)
		for _, d := range ds {
			ns = append(ns, d.(map[string]any)["dossier"].(string))
		}
		return ns
	}
	if code, out := call("/api/v1/lawyer/dossiers", token); code != 200 || strings.Join(numbers(out), ",") != "10000001,10000002" {
		t.Errorf("list: %d %v", code, out)
	}
	if code, out := call("/api/v1/lawyer/dossiers?changed_since="+dayOffset(-1), token); code != 200 || strings.Join(numbers(out), ",") != "10000001,10000002" {
		t.Errorf("changed since yesterday (mandates given today): %d %v", code, out)
	}
	if code, out := call("/api/v1/lawyer/dossiers?changed_since=2999-01-01", token); code != 200 || len(numbers(out)) != 0 {
		t.Errorf("changed in the future: %d %v", code, out)
	}
	if code, _ := call("/api/v1/lawyer/dossiers?changed_since=yesterday", token); code != 400 {
		t.Errorf("bad date: %d", code)
	}
	code, d := call("/api/v1/lawyer/dossiers/10000001", token)
	status, _ := d["status"].(map[string]any)
	if code != 200 || status["code"] != "examination" || status["lang"] != "fr" || len(d["events"].([]any)) != 2 {
		t.Errorf("detail: %d %v", code, d)
	}
	for _, n := range []string{"10000009", "99999999", "x"} {
		if code, _ := call("/api/v1/lawyer/dossiers/"+n, token); code != 404 {
			t.Errorf("dossier %s without mandate: %d", n, code)
		}
	}
	for _, bad := range []string{"", "loket_lt_wrong", token + "x"} {
		if code, _ := call("/api/v1/lawyer/dossiers", bad); code != 401 {
			t.Errorf("token %q: %d", bad, code)
		}
	}
	// A revoked mandate is out of reach at once.
	ms, _ := m.ForDossier("10000002")
	if _, err := m.Revoke(ms[0].ID, "a0"); err != nil {
		t.Fatal(err)
	}
	if code, out := call("/api/v1/lawyer/dossiers", token); code != 200 || strings.Join(numbers(out), ",") != "10000001" {
		t.Errorf("after the mandate's revocation: %v", out)
	}
	// The lawyer revokes the token.
	toks, _ := mandates.NewTokens(e.store, nil).List(lawyer.ID)
	if _, page := anna.post("/en/staff/lawyer/tokens", "/en/staff/lawyer", url.Values{"action": {"revoke"}, "id": {toks[0].ID}}); !strings.Contains(page, e.t("en", "lawyer.api.revoked")) {
		t.Error("no revocation notice")
	}
	if code, _ := call("/api/v1/lawyer/dossiers", token); code != 401 {
		t.Errorf("revoked token: %d", code)
	}
	acts := auditActions(t, e)
	for action, want := range map[string]int{"lawyer.token_new": 1, "lawyer.token_revoke": 1, "lawyer.api_list": 4, "dossier.view": 1, "dossier.view_refused": 3} {
		if acts[action] < want {
			t.Errorf("audit %s: %d, want %d", action, acts[action], want)
		}
	}
}
