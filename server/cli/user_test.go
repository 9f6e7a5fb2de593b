package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/server/config"
)

// runCLI runs the command line with stdin and returns the exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}

func TestUserAddListDisable(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	code, out, errs := runCLI(t, "correct horse battery\n", "user", "add", "-data", data, "-email", "Admin@Example.be", "-role", "admin", "-offices", "BXL", "-password-stdin")
	if code != 0 || !strings.Contains(out, "created admin@example.be (admin, id a1)") {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	for _, tt := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"correct horse battery\n", []string{"-email", "admin@example.be", "-password-stdin"}, "already in use"},
		{"short\n", []string{"-email", "b@example.be", "-password-stdin"}, "password must have"},
		{"aaaaaaaaaaaa\n", []string{"-email", "b@example.be", "-password-stdin"}, "too easy to guess"},
		{"Password2026!\n", []string{"-email", "b@example.be", "-password-stdin"}, "too easy to guess"},
		{"correct horse battery\n", []string{"-email", "b@example.be", "-role", "root", "-password-stdin"}, "unknown role"},
		{"correct horse battery\n", []string{"-email", "b@example.be"}, "not a terminal"},
		{"correct horse battery\n", []string{"-email", "b@example.be", "-role", "supervisor", "-password-stdin"}, "need an office"},
		{"correct horse battery\n", []string{"-email", "not-an-address", "-password-stdin"}, "invalid input"},
	} {
		code, _, errs := runCLI(t, tt.stdin, append([]string{"user", "add", "-data", data}, tt.args...)...)
		if code != 1 || !strings.Contains(errs, tt.want) {
			t.Errorf("add %v: %d %q, want %q", tt.args, code, errs, tt.want)
		}
	}
	if code, _, _ := runCLI(t, "", "user", "add", "-data", data); code != 2 {
		t.Errorf("add without -email: %d", code)
	}
	code, out, _ = runCLI(t, "another good password\n", "user", "add", "-data", data, "-email", "hd@example.be", "-role", "helpdesk", "-offices", "BXL", "-password-stdin", "-must-change")
	if code != 0 || !strings.Contains(out, "must be changed at the first sign-in") {
		t.Fatalf("add -must-change: %d %q", code, out)
	}

	code, out, _ = runCLI(t, "", "user", "list", "-data", data)
	if code != 0 || !regexpMatch(`a1\s+admin@example.be\s+admin\s+active\s+not enrolled\s+BXL`, out) || !strings.Contains(out, "hd@example.be") {
		t.Fatalf("list: %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "", "user", "disable", "-data", data, "-email", "hd@example.be"); code != 0 || !strings.Contains(out, "disabled hd@example.be") {
		t.Fatalf("disable: %d %q", code, out)
	}
	if code, _, errs := runCLI(t, "", "user", "disable", "-data", data, "-email", "nobody@example.be"); code != 1 || !strings.Contains(errs, "no account") {
		t.Errorf("disable unknown: %d %q", code, errs)
	}
	_, out, _ = runCLI(t, "", "user", "list", "-data", data)
	if !regexpMatch(`hd@example.be\s+helpdesk\s+disabled`, out) {
		t.Errorf("list after disable:\n%s", out)
	}
	if code, _, _ := runCLI(t, "", "user", "rename", "-data", data); code != 2 {
		t.Errorf("unknown subcommand: %d", code)
	}
}

func TestAuditVerifyCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	runCLI(t, "correct horse battery\n", "user", "add", "-data", data, "-email", "admin@example.be", "-password-stdin")
	runCLI(t, "correct horse battery\n", "user", "add", "-data", data, "-email", "hd@example.be", "-role", "helpdesk", "-offices", "ANT", "-password-stdin")
	runCLI(t, "", "user", "disable", "-data", data, "-email", "hd@example.be")
	code, out, errs := runCLI(t, "", "audit", "verify", "-data", data)
	if code != 0 || !strings.Contains(out, "audit trail OK: 3 entries") {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
	// Change one byte of the third entry in the file itself: bbolt keeps
	// no checksums of its data pages, so only the chain notices.
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(`"action":"account.disable"`))
	if i < 0 {
		t.Fatal("entry not found in the file")
	}
	b[i+len(`"action":"account.disabl`)] = 'f'
	if err := os.WriteFile(data, b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, "", "audit", "verify", "-data", data)
	if code != 1 || !strings.Contains(out, "BROKEN at entry 3") {
		t.Fatalf("verify after tampering: %d %q", code, out)
	}
	if code, _, _ := runCLI(t, "", "audit", "check"); code != 2 {
		t.Errorf("unknown audit subcommand: %d", code)
	}
}

// TestAuditHeadCatchesARolledBackTrail: putting back an older copy of
// the data file cuts the newest entries off; the shorter chain holds, but
// not against the head exported before.
func TestAuditHeadCatchesARolledBackTrail(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "loket.db")
	runCLI(t, "correct horse battery\n", "user", "add", "-data", data, "-email", "admin@example.be", "-password-stdin")
	runCLI(t, "correct horse battery\n", "user", "add", "-data", data, "-email", "hd@example.be", "-role", "helpdesk", "-offices", "ANT", "-password-stdin")
	old, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	runCLI(t, "", "user", "disable", "-data", data, "-email", "hd@example.be")
	code, head, errs := runCLI(t, "", "audit", "head", "-data", data)
	if code != 0 || !strings.Contains(head, `"seq":3`) || !strings.Contains(head, `"mac":"`) {
		t.Fatalf("head: %d %q %q", code, head, errs)
	}
	heads := filepath.Join(dir, "heads.log")
	if err := os.WriteFile(heads, []byte("an unrelated log line\n"+head), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCLI(t, "", "audit", "verify", "-data", data, "-head", heads); code != 0 || !strings.Contains(out, "audit trail OK: 3 entries, reaching all 1 heads") {
		t.Fatalf("verify with head: %d %q %q", code, out, errs)
	}
	if err := os.WriteFile(data, old, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runCLI(t, "", "audit", "verify", "-data", data); code != 0 || !strings.Contains(out, "2 entries") {
		t.Fatalf("rolled-back trail alone: %d %q", code, out)
	}
	code, out, _ := runCLI(t, "", "audit", "verify", "-data", data, "-head", heads)
	if code != 1 || !strings.Contains(out, "BROKEN at entry 3") || !strings.Contains(out, "deleted") {
		t.Fatalf("rolled-back trail against the head: %d %q", code, out)
	}
	// Without the key file the trail cannot be checked at all; with
	// another key every entry is reported as sealed by another key.
	keyFile := data + ".audit-key"
	if err := os.Rename(keyFile, keyFile+".moved"); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "", "audit", "verify", "-data", data); code != 1 || !strings.Contains(errs, "no key file") {
		t.Fatalf("verify without key: %d %q", code, errs)
	}
	other := filepath.Join(dir, "other.key")
	if err := os.WriteFile(other, []byte(strings.Repeat("ab", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runCLI(t, "", "audit", "verify", "-data", data, "-audit-key-file", other); code != 1 || !strings.Contains(out, "BROKEN at entry 1") || !strings.Contains(out, "not with the key given") {
		t.Fatalf("verify with another key: %d %q", code, out)
	}
}

func TestUserCommandsNeedTheServerStopped(t *testing.T) {
	_, data, _ := startServer(t, nil)
	code, _, errs := runCLI(t, "correct horse battery\n", "user", "add", "-data", data, "-email", "a@example.be", "-password-stdin")
	if code != 1 || !strings.Contains(errs, "running server holds") {
		t.Errorf("add while serving: %d %q", code, errs)
	}
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

// TestServeWritesSignedHeads: the server appends the trail's signed head
// to the -audit-head-file, and that file verifies the trail afterwards.
func TestServeWritesSignedHeads(t *testing.T) {
	heads := filepath.Join(t.TempDir(), "heads.jsonl")
	_, data, stop := startServer(t, func(c *config.Config) { c.AuditHeadFile = heads; c.AuditHeadEvery = time.Second })
	var b []byte
	for range 100 {
		if b, _ = os.ReadFile(heads); len(b) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if !strings.Contains(string(b), `"mac":"`) {
		t.Fatalf("head file: %q", b)
	}
	if code, out, errs := runCLI(t, "", "audit", "verify", "-data", data, "-head", heads); code != 0 || !strings.Contains(out, "audit trail OK") {
		t.Fatalf("verify with the server's heads: %d %q %q", code, out, errs)
	}
}
