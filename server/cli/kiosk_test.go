package cli

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestKioskCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(append([]string{"kiosk"}, args...), nil, &out, &errb, func(string) string { return "" })
		return code, out.String(), errb.String()
	}
	if code, _, _ := run("add", "-data", data, "-office", "demo-brussels", "-name", "hall"); code != 1 {
		t.Errorf("add without offices: exit %d", code)
	}
	code, out, errs := run("add", "-data", data, "-demo", "-office", "demo-brussels", "-name", "hall left")
	m := regexp.MustCompile(`kiosk ([0-9a-f]{12}) .*\nenrolment code: ([A-Z0-9]{4}-[A-Z0-9]{4})\n`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("add: exit %d\n%s%s", code, out, errs)
	}
	if code, _, _ := run("add", "-data", data, "-demo", "-office", "nowhere", "-name", "x"); code != 1 {
		t.Errorf("add for an unknown office: exit %d", code)
	}
	if code, out, _ := run("list", "-data", data, "-demo"); code != 0 || !strings.Contains(out, m[1]+"  demo-brussels  hall left  waiting for enrolment") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	if code, _, _ := run("revoke", "-data", data, "-demo", "-id", m[1]); code != 0 {
		t.Errorf("revoke: exit %d", code)
	}
	if code, out, _ := run("list", "-data", data, "-demo"); code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("list after revoke: %s", out)
	}
	if code, _, _ := run("revoke", "-data", data, "-demo", "-id", "nope"); code != 1 {
		t.Errorf("revoke unknown: exit %d", code)
	}
	if code, _, _ := run(); code != 2 {
		t.Errorf("no subcommand: exit %d", code)
	}
}
