package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/server/audit"
	"loket/server/store"
)

// jsonlRow is one valid import row for dossier number n.
func jsonlRow(n int, received string) string {
	return fmt.Sprintf(`{"dossier":"%08d","procedure":"asylum","received":"%s","birth_date":"1990-01-01","first_name":"Test","events":[{"id":"e1","code":"received","date":"%s"},{"id":"e2","code":"granted","date":"%s"}]}`,
		n, received, received, received)
}

func runImportFile(t *testing.T, data, name, content string, flags ...string) (int, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := append(append([]string{"import", "-data", data}, flags...), file)
	code := Run(args, nil, &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String() + stderr.String()
}

func countDossiers(t *testing.T, data string) int {
	t.Helper()
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.DossierCount()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportReportsBadRowsByLine(t *testing.T) {
	day := time.Now().AddDate(0, -1, 0).Format(time.DateOnly)
	future := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	lines := []string{
		jsonlRow(10000001, day),
		`{"dossier":"1234","procedure":"asylum"}`,
		``,
		`not json`,
		strings.Replace(jsonlRow(10000002, day), `"birth_date":"1990-01-01"`, `"birth_date":"`+future+`"`, 1),
		strings.Replace(jsonlRow(10000003, day), `"asylum"`, `"piracy"`, 1),
		strings.Replace(jsonlRow(10000004, day), `"code":"granted"`, `"code":"teleported"`, 1),
		strings.Replace(jsonlRow(10000005, day), `"first_name":"Test"`, `"first_name":42`, 1),
		jsonlRow(10000006, day),
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	code, out := runImportFile(t, data, "rows.jsonl", strings.Join(lines, "\n")+"\n")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, out)
	}
	for _, want := range []string{
		"imported 2 dossiers, rejected 6 rows",
		"line 2: dossier: number",
		"line 4: not a JSON object",
		"line 5: birth_date: future",
		"line 6: procedure: procedure",
		"line 7: events[1].code: status",
		"line 8: first_name: type",
		"data file",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := countDossiers(t, data); n != 2 {
		t.Errorf("%d dossiers stored, want 2", n)
	}
}

func TestImportStrictBatchIsAllOrNothing(t *testing.T) {
	day := time.Now().AddDate(0, -1, 0).Format(time.DateOnly)
	lines := []string{
		jsonlRow(10000001, day), jsonlRow(10000002, day), // batch 1: fine
		jsonlRow(10000003, day), `{"dossier":"10000004"}`, // batch 2: one bad row
		jsonlRow(10000005, day), // batch 3: fine
	}
	data := filepath.Join(t.TempDir(), "loket.db")
	code, out := runImportFile(t, data, "rows.jsonl", strings.Join(lines, "\n"), "-batch", "2", "-strict")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if !strings.Contains(out, "imported 3 dossiers, rejected 2 rows") || !strings.Contains(out, "line 3: not imported: its batch (lines 3-4)") {
		t.Errorf("summary:\n%s", out)
	}
	if n := countDossiers(t, data); n != 3 {
		t.Errorf("%d dossiers stored, want 3 (batch 2 must be left out whole)", n)
	}
}

func TestImportCSV(t *testing.T) {
	day := time.Now().AddDate(0, -2, 0).Format(time.DateOnly)
	due := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
	csv := "dossier,procedure,received,birth_date,first_name,events,documents\n" +
		"10000001,family," + day + ",1990-01-01,Ana,received:" + day + ":e1;incomplete:" + day + ":e2:letter_sent,birth_certificate:" + due + "\n" +
		"10000002,family," + day + ",1990-13-01,Bo,received:" + day + "\n" +
		"\"10000003\",family," + day + ",1990-01-01,\"Multi\nline\",received:" + day + "\n" +
		"10000004,family," + day + ",1990-01-01,Di,received:" + day + ";granted:" + day + ";closed:" + day + "\n"
	data := filepath.Join(t.TempDir(), "loket.db")
	code, out := runImportFile(t, data, "rows.csv", csv)
	if code != 1 || !strings.Contains(out, "imported 3 dossiers, rejected 1 rows") || !strings.Contains(out, "line 3: birth_date: date") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if code, out := runImportFile(t, data, "bad.csv", "dossier,colour\n1,red\n"); code != 2 || !strings.Contains(out, `unknown column "colour"`) {
		t.Errorf("unknown column: exit %d %s", code, out)
	}
}

// TestImportSpreadsheetFiles imports files as Excel writes them with
// Belgian regional settings: ";", a BOM, CRLF, quoted newlines; a
// windows-1252 file is refused whole, with the encoding named, until
// -encoding says so; a JSON Lines file with a BOM keeps its first row.
func TestImportSpreadsheetFiles(t *testing.T) {
	day := time.Now().AddDate(0, -2, 0).Format(time.DateOnly)
	excel := "\ufeffdossier;procedure;received;birth_date;first_name;events\r\n" +
		"10000001;family;" + day + ";1990-01-01;Émile;\"received:" + day + ":e1;incomplete:" + day + ":e2\"\r\n" +
		"10000002;family;" + day + ";1990-13-01;Bo;received:" + day + "\r\n" +
		"10000003;family;" + day + ";1990-01-01;\"Multi\r\nline\";received:" + day + "\r\n"
	data := filepath.Join(t.TempDir(), "loket.db")
	code, out := runImportFile(t, data, "export.csv", excel)
	if code != 1 || !strings.Contains(out, "imported 2 dossiers, rejected 1 rows") || !strings.Contains(out, "line 3: birth_date: date") {
		t.Fatalf("Excel CSV: exit %d:\n%s", code, out)
	}

	cp1252 := strings.NewReplacer("\ufeff", "", "É", "\xc9").Replace(strings.ReplaceAll(excel, "10000", "20000"))
	code, out = runImportFile(t, data, "ansi.csv", cp1252)
	if code != 2 || !strings.Contains(out, "not UTF-8 text (line 2 has the byte 0xC9)") || !strings.Contains(out, "windows-1252") {
		t.Fatalf("windows-1252 CSV: exit %d:\n%s", code, out)
	}
	if n := countDossiers(t, data); n != 2 {
		t.Fatalf("%d dossiers after the refused file, want 2", n)
	}
	code, out = runImportFile(t, data, "ansi.csv", cp1252, "-encoding", "windows-1252")
	if code != 1 || !strings.Contains(out, "imported 2 dossiers, rejected 1 rows") {
		t.Fatalf("-encoding windows-1252: exit %d:\n%s", code, out)
	}
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, _, ok, err := s.LookupDossier("20000001", time.Time{})
	s.Close()
	if err != nil || !ok || d.Initial != "É" {
		t.Errorf("dossier read as windows-1252: initial %q, %v %v", d.Initial, ok, err)
	}

	jsonl := "\ufeff" + jsonlRow(30000001, day) + "\r\n" + jsonlRow(30000002, day) + "\r\n"
	if code, out := runImportFile(t, data, "rows.jsonl", jsonl); code != 0 || !strings.Contains(out, "imported 2 dossiers, rejected 0 rows") {
		t.Errorf("JSON Lines with a BOM: exit %d:\n%s", code, out)
	}
}

func TestImportUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"import"}, nil, &stdout, &stderr, func(string) string { return "" }); code != 2 {
		t.Errorf("no file: exit %d", code)
	}
	if code := Run([]string{"import", "-data", filepath.Join(t.TempDir(), "x.db"), "/no/such/file"}, nil, &stdout, &stderr, func(string) string { return "" }); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
}

// BenchmarkImport measures loading b.N dossiers from JSON Lines (batches
// of 10,000, as the command does).
func BenchmarkImport(b *testing.B) {
	day := time.Now().AddDate(0, -1, 0).Format(time.DateOnly)
	var sb strings.Builder
	for i := range b.N {
		sb.WriteString(jsonlRow(20000000+i, day))
		sb.WriteByte('\n')
	}
	dir := b.TempDir()
	file := filepath.Join(dir, "rows.jsonl")
	if err := os.WriteFile(file, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"import", "-data", filepath.Join(dir, "loket.db"), file}, nil, &stdout, &stderr, func(string) string { return "" }); code != 0 {
		b.Fatalf("exit %d: %s", code, stderr.String())
	}
}

// TestImportIsAudited: an import appends backoffice.import to the keyed
// audit trail, with what it wrote and refused (issue 14 item 7).
func TestImportIsAudited(t *testing.T) {
	day := time.Now().AddDate(0, -1, 0).Format(time.DateOnly)
	data := filepath.Join(t.TempDir(), "loket.db")
	if code, out := runImportFile(t, data, "rows.jsonl", jsonlRow(10000001, day)+"\nnot json\n"); code != 1 {
		t.Fatalf("import: %d %s", code, out)
	}
	code, out, errs := runCLI(t, "", "audit", "verify", "-data", data)
	if code != 0 || !strings.Contains(out, "audit trail OK: 1 entries") {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := audit.New(s, nil).Search(context.Background(), audit.Filter{Action: audit.ActionBackOfficeImport})
	if err != nil || len(got) != 1 || got[0].Actor != "cli" || got[0].Detail != "imported 1, rejected 1" {
		t.Fatalf("audit %+v %v", got, err)
	}
}
