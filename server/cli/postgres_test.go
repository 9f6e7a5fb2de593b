package cli

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/server/config"
	"loket/server/store/postgres/pgtest"
)

// The tests on PostgreSQL start a throwaway cluster (pgtest), stopped when
// the package's tests end.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestServeOnPostgreSQL runs the real server on a PostgreSQL database
// (-database) with the demo data: /healthz names the database, a demo
// dossier is found, and a booking is kept in the database.
func TestServeOnPostgreSQL(t *testing.T) {
	db := pgtest.URL(t)
	url, _, stop := startServer(t, func(c *config.Config) {
		c.Database = db
		c.Demo = true
		c.AuditKeyFile = filepath.Join(t.TempDir(), "audit-key")
	})
	res, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"database":"postgresql","status":"ok"}` {
		t.Fatalf("healthz: %d %s", res.StatusCode, body)
	}
	code, body2 := call(t, http.MethodPost, url+"/api/v1/status/lookup", "", `{"dossier":"10000001","birth_date":"1990-01-01"}`)
	if code != 200 || !strings.Contains(body2, `"code":"examination"`) {
		t.Fatalf("demo lookup: %d %s", code, body2)
	}
	stop()
	// A second start on the same database finds the demo loaded and its
	// data kept: the same dossier answers.
	url, _, _ = startServer(t, func(c *config.Config) {
		c.Database = db
		c.Demo = true
		c.AuditKeyFile = filepath.Join(t.TempDir(), "audit-key")
	})
	if code, body := call(t, http.MethodPost, url+"/api/v1/status/lookup", "", `{"dossier":"10000001","birth_date":"1990-01-01"}`); code != 200 {
		t.Fatalf("lookup after restart: %d %s", code, body)
	}
}

// TestCommandsOnPostgreSQLWhileServing: with a server running on
// PostgreSQL, the command line works on the same database at once (no
// admin socket, no lock): a token made by "loket token" is accepted by the
// server, "loket import" makes dossiers it answers for, and user, kiosk,
// keys, audit, notify and municipalities commands run.
func TestCommandsOnPostgreSQLWhileServing(t *testing.T) {
	db := pgtest.URL(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "audit-key")
	url, _, _ := startServer(t, func(c *config.Config) {
		c.Database = db
		c.Demo = true
		c.AuditKeyFile = key
	})
	env := func(name string) string {
		switch name {
		case config.DatabaseEnv:
			return db
		case "LOKET_AUDIT_KEY_FILE":
			return key
		}
		return ""
	}
	run := func(stdin string, args ...string) string {
		t.Helper()
		var out, errb strings.Builder
		if code := Run(args, strings.NewReader(stdin), &out, &errb, env); code != 0 {
			t.Fatalf("loket %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
		}
		return out.String()
	}

	token := strings.TrimSpace(run("", "token", "create", "-name", "feed"))
	if out := run("", "token", "list"); !strings.Contains(out, "feed") {
		t.Errorf("token list: %q", out)
	}
	day := time.Now().AddDate(0, 0, -3).Format(time.DateOnly)
	put := `{"procedure":"work","received":"` + day + `","birth_date":"1985-02-03","events":[{"id":"1","code":"received","date":"` + day + `"}]}`
	if code, body := call(t, http.MethodPut, url+"/api/v1/backoffice/dossiers/77770001", token, put); code != 200 {
		t.Fatalf("a token made by the command line is refused: %d %s", code, body)
	}

	rows := filepath.Join(dir, "rows.jsonl")
	if err := os.WriteFile(rows, []byte(jsonlRow(55550001, day)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := run("", "import", rows); !strings.Contains(out, "imported 1 dossiers, rejected 0 rows") {
		t.Errorf("import: %q", out)
	}
	if code, body := call(t, http.MethodPost, url+"/api/v1/status/lookup", "", `{"dossier":"55550001","birth_date":"1990-01-01"}`); code != 200 ||
		!strings.Contains(body, `"code":"granted"`) {
		t.Errorf("imported dossier, looked up on the running server: %d %s", code, body)
	}

	if out := run("correct horse battery\n", "user", "add", "-email", "admin@example.be", "-role", "admin", "-password-stdin"); !strings.Contains(out, "created admin@example.be") {
		t.Errorf("user add: %q", out)
	}
	if out := run("", "user", "list"); !strings.Contains(out, "admin@example.be") {
		t.Errorf("user list: %q", out)
	}
	if out := run("", "kiosk", "add", "-office", "demo-brussels", "-name", "hall"); !strings.Contains(out, "enrolment code") {
		t.Errorf("kiosk add: %q", out)
	}
	if out := run("", "kiosk", "list"); !strings.Contains(out, "hall") {
		t.Errorf("kiosk list: %q", out)
	}
	if out := run("", "keys", "export"); !strings.Contains(out, `"kid"`) && !strings.Contains(out, `"keys"`) {
		t.Errorf("keys export: %q", out)
	}
	if out := run("", "audit", "verify"); !strings.Contains(out, "entries") {
		t.Errorf("audit verify: %q", out)
	}
	run("", "notify", "stats")
	csv := filepath.Join(dir, "zipcodes.csv")
	if err := os.WriteFile(csv, []byte("Postcode;Gemeente;Deelgemeente;Provincie\n1050;Elsene;Elsene;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := run("", "municipalities", "import", csv); !strings.Contains(out, "imported 1 municipalities") {
		t.Errorf("municipalities import: %q", out)
	}
	var out, errb strings.Builder
	if code := Run([]string{"backup", "-out", filepath.Join(dir, "copy.db")}, nil, &out, &errb, env); code != 2 || !strings.Contains(errb.String(), "pg_dump") {
		t.Errorf("backup on PostgreSQL: exit %d %q", code, errb.String())
	}
}
