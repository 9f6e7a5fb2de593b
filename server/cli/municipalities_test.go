package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"loket/server/compose"
	"loket/server/config"
	"loket/server/store"
)

func TestMunicipalitiesImport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "loket.db")
	csvFile := filepath.Join(dir, "zipcodes.csv")
	csv := "Postcode;Gemeente;Deelgemeente;Provincie\n1050;Elsene;Elsene;\n4000;Luik;Luik;Luik\n4020;Luik;Bressoux;Luik\n8670;Koksijde;Oostduinkerke;West-Vlaanderen\n"
	if err := os.WriteFile(csvFile, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Run([]string{"municipalities", "import", "-data", data, csvFile}, nil, &out, &errb, func(string) string { return "" }); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "imported 3 municipalities with 4 postcodes") {
		t.Errorf("output %q", out.String())
	}
	s, err := store.Open(data, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := config.Defaults()
	cfg.BaseURL = "http://loket.test"
	rs, err := compose.OpenReceipts(cfg, s)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := compose.BuildAddress(cfg, s, rs)
	if err != nil {
		t.Fatal(err)
	}
	d := svc.Directory()
	if d.Len() != 3 || !d.Matches("koksijde", "8670") || !d.Matches("luik", "4020") || d.Matches("gent", "9000") {
		t.Errorf("the server would not use the imported list: %d municipalities", d.Len())
	}
	for _, bad := range [][]string{{"municipalities"}, {"municipalities", "import"}, {"municipalities", "import", "-data", data, filepath.Join(dir, "missing.csv")}} {
		if code := Run(bad, nil, io.Discard, io.Discard, func(string) string { return "" }); code == 0 {
			t.Errorf("%v succeeded", bad)
		}
	}
}
