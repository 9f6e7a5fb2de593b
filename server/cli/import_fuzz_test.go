package cli

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"loket/server/store"
)

// FuzzImport feeds arbitrary files to `loket import`, as JSON Lines and as
// CSV: it never panics, answers with exit 0 (rows imported or rejected), 1
// (a failure) or 2 (a file it cannot read as rows), and leaves a store that
// opens.
func FuzzImport(f *testing.F) {
	for _, seed := range []string{
		`{"dossier":"12345678","procedure":"asylum","received":"2024-01-01","birth_date":"1990-01-01","events":[{"id":"e1","code":"received","date":"2024-01-01"}]}`,
		"dossier,procedure,received,birth_date\n12345678,asylum,2024-01-01,1990-01-01\n",
		"{", "\"", "a,b\n\"unterminated", "\xef\xbb\xbf{}", "", "\n\n\n", `{"dossier":12}`,
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, content string, csv bool) {
		dir := t.TempDir()
		name := "rows.jsonl"
		if csv {
			name = "rows.csv"
		}
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		data := filepath.Join(dir, "loket.db")
		code := Run([]string{"import", "-data", data, file}, nil, io.Discard, io.Discard, func(string) string { return "" })
		if code < 0 || code > 2 {
			t.Fatalf("exit %d", code)
		}
		if _, err := os.Stat(data); err == nil {
			s, err := store.Open(data, store.Options{})
			if err != nil {
				t.Fatalf("store after import: %v", err)
			}
			s.Close()
		}
	})
}
