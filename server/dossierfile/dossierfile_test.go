package dossierfile

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// readAll opens content as a file called name and converts every row.
func readAll(t *testing.T, name, content string, opt Options) ([]int, []map[string]any) {
	t.Helper()
	src, err := Open(bytes.NewReader([]byte(content)), name, opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var lines []int
	var bodies []map[string]any
	for {
		r, ok, err := src.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return lines, bodies
		}
		number, body, err := src.Convert(r)
		if err != nil {
			t.Fatalf("line %d: %v", r.Line, err)
		}
		body["dossier"] = number
		lines = append(lines, r.Line)
		bodies = append(bodies, body)
	}
}

// The same two dossiers as each spreadsheet program writes them.
var wantBodies = []map[string]any{
	{"dossier": "10000001", "procedure": "family", "received": "2026-01-05", "first_name": "Émile",
		"events": []any{map[string]any{"code": "received", "date": "2026-01-05", "id": "e1"}, map[string]any{"code": "incomplete", "date": "2026-01-20", "id": "e2"}}},
	{"dossier": "10000002", "procedure": "asylum", "received": "2026-02-01", "first_name": "Zoë\nvan Dijk",
		"events": []any{map[string]any{"code": "received", "date": "2026-02-01"}}},
}

func TestSpreadsheetFiles(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		lines               []int
	}{
		{
			// Excel, "CSV UTF-8" with Belgian (nl-BE, fr-BE) regional
			// settings: BOM, ";", CRLF, quotes only where needed, empty
			// trailing columns and a blank row from the sheet.
			"excel semicolon", "export.csv",
			"\ufeffdossier;procedure;received;first_name;events;;\r\n" +
				"10000001;family;2026-01-05;Émile;\"received:2026-01-05:e1;incomplete:2026-01-20:e2\";;\r\n" +
				";;;;;;\r\n" +
				"10000002;asylum;2026-02-01;\"Zoë\r\nvan Dijk\";received:2026-02-01;;\r\n",
			[]int{2, 4},
		},
		{
			// Excel with "sep=;" on the first line, as some exports add.
			"excel sep line", "export.csv",
			"sep=;\r\ndossier;procedure;received;first_name;events\r\n" +
				"10000001;family;2026-01-05;Émile;\"received:2026-01-05:e1;incomplete:2026-01-20:e2\"\r\n" +
				"10000002;asylum;2026-02-01;\"Zoë\r\nvan Dijk\";received:2026-02-01\r\n",
			[]int{3, 4},
		},
		{
			// LibreOffice Calc, "Text CSV" defaults: UTF-8 without BOM,
			// ",", text fields quoted, LF.
			"libreoffice comma", "export.csv",
			"\"dossier\",\"procedure\",\"received\",\"first_name\",\"events\"\n" +
				"\"10000001\",\"family\",2026-01-05,\"Émile\",\"received:2026-01-05:e1;incomplete:2026-01-20:e2\"\n" +
				"\"10000002\",\"asylum\",2026-02-01,\"Zoë\nvan Dijk\",\"received:2026-02-01\"\n",
			[]int{2, 3},
		},
		{
			// Excel "Text (Tab delimited)" saved with a BOM.
			"tab separated", "export.txt",
			"\ufeffdossier\tprocedure\treceived\tfirst_name\tevents\r\n" +
				"10000001\tfamily\t2026-01-05\tÉmile\treceived:2026-01-05:e1;incomplete:2026-01-20:e2\r\n" +
				"10000002\tasylum\t2026-02-01\t\"Zoë\r\nvan Dijk\"\treceived:2026-02-01\r\n",
			[]int{2, 3},
		},
		{
			// JSON Lines from a Windows editor: BOM and CRLF.
			"jsonl bom crlf", "rows.jsonl",
			"\ufeff" + `{"dossier":"10000001","procedure":"family","received":"2026-01-05","first_name":"Émile","events":[{"code":"received","date":"2026-01-05","id":"e1"},{"code":"incomplete","date":"2026-01-20","id":"e2"}]}` + "\r\n\r\n" +
				`{"dossier":"10000002","procedure":"asylum","received":"2026-02-01","first_name":"Zoë\nvan Dijk","events":[{"code":"received","date":"2026-02-01"}]}` + "\r\n",
			[]int{1, 3},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines, bodies := readAll(t, tc.file, tc.content, Options{Format: "auto"})
			if !reflect.DeepEqual(lines, tc.lines) {
				t.Errorf("lines %v, want %v", lines, tc.lines)
			}
			// A quoted CRLF inside a field reaches the validator as LF, as
			// encoding/csv reads it.
			if !reflect.DeepEqual(bodies, wantBodies) {
				t.Errorf("rows:\n%#v\nwant\n%#v", bodies, wantBodies)
			}
		})
	}
}

func TestLegacyEncodings(t *testing.T) {
	utf8File := "dossier;procedure;received;first_name\r\n10000001;family;2026-01-05;Emile\r\n10000002;family;2026-01-05;Émile\r\n"
	cp1252, err := charmap.Windows1252.NewEncoder().String(utf8File)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(strings.NewReader(cp1252), "export.csv", Options{})
	var enc *EncodingError
	if !errors.As(err, &enc) || enc.Line != 3 || enc.Byte != 0xC9 || enc.Likely != "windows-1252" {
		t.Fatalf("windows-1252 file: %v (%#v)", err, enc)
	}
	if msg := err.Error(); !strings.Contains(msg, "not UTF-8") || !strings.Contains(msg, "windows-1252") || !strings.Contains(msg, "-encoding windows-1252") {
		t.Errorf("message does not say what to do: %s", msg)
	}
	_, bodies := readAll(t, "export.csv", cp1252, Options{Encoding: "windows-1252"})
	if len(bodies) != 2 || bodies[1]["first_name"] != "Émile" {
		t.Errorf("read as windows-1252: %v", bodies)
	}

	utf16 := "\xff\xfed\x00o\x00s\x00"
	if _, err := Open(strings.NewReader(utf16), "export.txt", Options{}); !errors.As(err, &enc) || enc.Likely != "utf-16" || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("UTF-16 file: %v", err)
	}
	// Bytes windows-1252 leaves unassigned: no guess, but still refused.
	if _, err := Open(strings.NewReader("dossier\n\x81\x8d\n"), "x.csv", Options{}); !errors.As(err, &enc) || enc.Likely != "" || enc.Line != 2 {
		t.Errorf("unknown 8-bit file: %v", err)
	}
	if _, err := Open(strings.NewReader(utf8File), "x.csv", Options{Encoding: "latin-9"}); err == nil || !strings.Contains(err.Error(), "unknown encoding") {
		t.Errorf("unknown -encoding: %v", err)
	}
}

func TestHeaderErrorsNameTheSeparator(t *testing.T) {
	_, err := Open(strings.NewReader("dossier;colour\r\n1;red\r\n"), "x.csv", Options{})
	if err == nil || !strings.Contains(err.Error(), `unknown column "colour"`) || !strings.Contains(err.Error(), `";"`) {
		t.Errorf("unknown column: %v", err)
	}
	if _, err := Open(strings.NewReader(""), "x.csv", Options{}); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}
}

func TestRowErrorsKeepTheirLine(t *testing.T) {
	content := "dossier;procedure;first_name\r\n10000001;asylum;\"Two\r\nlines\"\r\n10000002;asylum;x;y\r\n10000003;\"asylum\r\n"
	src, err := Open(strings.NewReader(content), "x.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		r, ok, err := src.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		_, _, err = src.Convert(r)
		got = append(got, fmt.Sprintf("%d %v", r.Line, err))
	}
	want := []string{"2 <nil>", "4 4 fields, but the header names 3", "5 malformed CSV row"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}
