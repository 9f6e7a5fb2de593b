package cli

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"loket/server/dossiers"
	"loket/server/store"
)

// tokenCmd runs "loket token" with args: exit code, stdout, stderr.
func tokenCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := Run(append([]string{"token"}, args...), nil, &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String(), stderr.String()
}

func TestTokenLifecycle(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	code, out, _ := tokenCmd("create", "-data", data, "-name", "case-system")
	plain := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(plain, "lkt_") || len(plain) < 40 {
		t.Fatalf("create: exit %d, %q", code, out)
	}
	if code, _, errOut := tokenCmd("create", "-data", data, "-name", "case-system"); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("duplicate name: exit %d %s", code, errOut)
	}
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	name, ok, _ := s.TokenName(dossiers.HashToken(plain))
	_, wrong, _ := s.TokenName(dossiers.HashToken(plain + "x"))
	s.Close()
	if !ok || name != "case-system" || wrong {
		t.Fatalf("stored token: %q %v, wrong token accepted: %v", name, ok, wrong)
	}
	if code, out, _ := tokenCmd("list", "-data", data); code != 0 || !strings.Contains(out, "case-system") || strings.Contains(out, plain) {
		t.Errorf("list: exit %d %q", code, out)
	}
	if code, _, _ := tokenCmd("revoke", "-data", data, "-name", "case-system"); code != 0 {
		t.Errorf("revoke: exit %d", code)
	}
	if code, _, _ := tokenCmd("revoke", "-data", data, "-name", "case-system"); code != 1 {
		t.Errorf("revoke twice: exit %d", code)
	}
	for _, args := range [][]string{{}, {"create", "-data", data}, {"frob", "-data", data}} {
		if code, _, _ := tokenCmd(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestTokenWhileServing manages tokens while a server holds the data
// file: the commands go through its admin socket, and the server honours
// the new token at once and refuses it once revoked.
func TestTokenWhileServing(t *testing.T) {
	url, data, _ := startServer(t, nil)
	code, out, errOut := tokenCmd("create", "-data", data, "-name", "case-system")
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, "lkt_") || !strings.Contains(errOut, "shown only this once") {
		t.Fatalf("create while serving: exit %d, %q, %q", code, out, errOut)
	}
	put := `{"procedure":"work","received":"2026-01-05","birth_date":"1985-02-03","events":[{"id":"1","code":"received","date":"2026-01-05"}]}`
	if code, body := call(t, http.MethodPut, url+"/api/v1/backoffice/dossiers/77770002", token, put); code != 200 {
		t.Fatalf("push with the new token: %d %s", code, body)
	}
	if code, out, _ := tokenCmd("list", "-data", data); code != 0 || !strings.Contains(out, "case-system\tcreated ") {
		t.Errorf("list while serving: exit %d %q", code, out)
	}
	if code, _, errOut := tokenCmd("create", "-data", data, "-name", "case-system"); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("duplicate while serving: exit %d %q", code, errOut)
	}
	if code, _, _ := tokenCmd("revoke", "-data", data, "-name", "case-system"); code != 0 {
		t.Errorf("revoke while serving: exit %d", code)
	}
	if code, _ := call(t, http.MethodPut, url+"/api/v1/backoffice/dossiers/77770002", token, put); code != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", code)
	}
}
