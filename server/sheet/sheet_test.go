package sheet

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestDefuse(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"Dupont", "Dupont"},
		{"=1+1", "'=1+1"},
		{"+1+1", "'+1+1"},
		{"-2-3", "'-2-3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t'=1"},
		{"\r=1", "'\r'=1"}, {"\tplain", "'\tplain"},
		{"+32 470 12 34 56", "+32 470 12 34 56"},
		{"-5", "-5"},
		{"a@b.example", "a@b.example"},
		// The attack of issue 14 item 9: Excel with a semicolon list
		// separator makes the part after each ; a cell of its own.
		{"a;=HYPERLINK(\"http://evil.example\");@evil.example", "a;'=HYPERLINK(\"http://evil.example\");'@evil.example"},
		{"x,=1", "x,'=1"},
		{"x\t@y", "x\t'@y"},
		{"x; =1", "x;' =1"},
		{"x;\"=1\"", "x;'\"=1\""},
		{"line\n=1", "line\n'=1"},
		{"a;b;c", "a;b;c"},
		{"x;+32 2 555 00 00", "x;+32 2 555 00 00"},
	}
	for _, c := range cases {
		if got := Defuse(c.in); got != c.want {
			t.Errorf("Defuse(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestNoCellStartsAFormula splits every written field on each separator a
// spreadsheet may use and checks that no piece would run as a formula.
func TestNoCellStartsAFormula(t *testing.T) {
	inputs := []string{"=cmd|' /C calc'!A0", "a;=HYPERLINK(\"x\");@evil", "ok,-1+2", "\"=1\";\"@2\"", "x\r\n+A1", "tab\t=B2"}
	for _, in := range inputs {
		out := Defuse(in)
		for _, sep := range []string{",", ";", "\t", "\r", "\n"} {
			for _, cell := range strings.Split(out, sep) {
				cell = strings.TrimLeft(cell, " \"")
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) && risky(cell) {
					t.Errorf("Defuse(%q) = %q leaves formula cell %q when split on %q", in, out, cell, sep)
				}
			}
		}
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.Write([]string{"name", "email"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]string{"Élodie, \"Lo\"", "a;=1;@x"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeff") {
		t.Fatalf("no byte order mark: %q", out)
	}
	if strings.Count(out, "\r\n") != 2 || strings.Count(out, "\n") != 2 {
		t.Errorf("line ends are not CRLF: %q", out)
	}
	// An independent reader gets the defused values back.
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][0] != "Élodie, \"Lo\"" || rows[1][1] != "a;'=1;'@x" {
		t.Errorf("read back %q", rows)
	}
}

func TestEmptyFileHasBOM(t *testing.T) {
	var b bytes.Buffer
	if err := NewWriter(&b).Flush(); err != nil {
		t.Fatal(err)
	}
	if b.String() != "\ufeff" {
		t.Errorf("empty file = %q", b.String())
	}
}
