package resilience

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"loket/server/pow"
)

// challenge fetches a proof-of-work challenge from path and solves it.
func (v *visitor) solved(path string) (token, solution string) {
	v.t.Helper()
	code, body := v.do(http.MethodGet, path, "", nil)
	var ch pow.Challenge
	if code != 200 || json.Unmarshal([]byte(body), &ch) != nil || ch.Token == "" {
		v.t.Fatalf("challenge %s: %d %s", path, code, body)
	}
	for n := 0; ; n++ {
		s := strconv.Itoa(n)
		if pow.LeadingZeroBits(sha256.Sum256([]byte(ch.Token+s))) >= ch.Bits {
			return ch.Token, s
		}
	}
}

// TestAnonymousWritesHaveABudgetThenProofOfWork is issue 14 item 5 against
// the real server: help requests, address notifications, status
// printouts and lawyer codes each get -write-limit free writes per client
// address; past it a write needs a solved challenge (accepted once, and
// only the forms' own), not a wall.
func TestAnonymousWritesHaveABudgetThenProofOfWork(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	p := run(t, data, append(benchFlags, "-demo", "-trusted-proxies", "127.0.0.1", "-write-limit", "2")...)
	v := newVisitor(t, p, "198.51.100.9")
	help := func(proof ...string) int {
		form := url.Values{"category": {"other"}, "message": {"Hello"}, "lang": {"en"}, "contact": {"app"}}
		if len(proof) == 2 {
			form.Set("pow_token", proof[0])
			form.Set("pow_solution", proof[1])
		}
		code, _ := v.form("/en/help", form)
		return code
	}
	asksProof := func(path string) bool {
		_, page := v.do(http.MethodGet, path, "", nil)
		return strings.Contains(page, `data-pow="/api/v1/challenge"`) && strings.Contains(page, `name="pow_token"`)
	}
	if asksProof("/en/help") {
		t.Error("the help form asks for a proof of work within the budget")
	}
	for i := range 2 {
		if code := help(); code != 200 {
			t.Fatalf("help request %d within the budget: %d", i+1, code)
		}
	}
	if code := help(); code != 429 {
		t.Fatalf("help request past the budget without proof: %d, want 429", code)
	}
	if !asksProof("/en/help") {
		t.Error("the help form past the budget does not carry the proof-of-work box")
	}
	token, sol := v.solved("/api/v1/challenge")
	if code := help(token, sol); code != 200 {
		t.Errorf("help request past the budget with a solved challenge: %d, want 200", code)
	}
	if code := help(token, sol); code != 429 {
		t.Errorf("the same challenge again: %d, want 429", code)
	}
	if code := help(v.solved("/api/v1/bookings/challenge")); code != 429 {
		t.Errorf("a booking challenge on the help form: %d, want 429", code)
	}
	// The budget is per address: another one is not touched.
	if code, _ := newVisitor(t, p, "192.0.2.61").form("/en/help", url.Values{"category": {"other"}, "message": {"Hi"},
		"lang": {"en"}, "contact": {"app"}}); code != 200 {
		t.Errorf("another address: %d", code)
	}

	// Address notifications, status printouts and lawyer codes: each kind
	// its own budget, the same rule.
	if asksProof("/en/address") {
		t.Error("the address form asks for a proof of work, its budget untouched")
	}
	// The status result's forms act on the dossier this browser's grant
	// (a cookie) names.
	if code, _ := v.form("/en/status", url.Values{"dossier": {"10000001"}, "birth_date": {"1990-01-01"}}); code != 303 {
		t.Fatalf("status lookup: %d, want 303 to the result", code)
	}
	for _, path := range []string{"/en/status/receipt", "/en/status/mandate"} {
		post := func(proof ...string) int {
			form := url.Values{}
			if len(proof) == 2 {
				form.Set("pow_token", proof[0])
				form.Set("pow_solution", proof[1])
			}
			code, _ := v.formFrom("/en/status", path, form)
			return code
		}
		for i := range 2 {
			if code := post(); code != 200 {
				t.Fatalf("%s %d within the budget: %d", path, i+1, code)
			}
		}
		if code := post(); code != 429 {
			t.Errorf("%s past the budget: %d, want 429", path, code)
		}
		if code := post(v.solved("/api/v1/challenge")); code != 200 {
			t.Errorf("%s past the budget with a solved challenge: %d, want 200", path, code)
		}
	}
}
