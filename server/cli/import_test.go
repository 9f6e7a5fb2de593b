package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
