// Package sheet writes CSV files meant to be opened in a spreadsheet
// program: UTF-8 with a byte order mark (so accents read right), CRLF line
// ends, and every cell defused against formula injection.
//
// A spreadsheet runs a cell as a formula when it starts with = + - or @
// (and some start one after a tab or carriage return). Checking only the
// first character of each field is not enough: Excel set to a Belgian
// locale splits a line on semicolons, not commas, whatever the quoting,
// so "a;=HYPERLINK(...)" becomes a formula cell of its own. Defuse
// therefore treats every character a spreadsheet may split on (comma,
// semicolon, tab, line ends) as the start of a cell, too.
package sheet

import (
	"encoding/csv"
	"io"
	"strings"
)

// bom is the UTF-8 byte order mark that makes Excel read the file as UTF-8.
const bom = "\ufeff"

// Writer writes defused rows; the first Write writes the byte order mark.
type Writer struct {
	out     io.Writer
	csv     *csv.Writer
	started bool
	err     error
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	c := csv.NewWriter(w)
	c.UseCRLF = true
	return &Writer{out: w, csv: c}
}

// Write writes one row, each cell passed through Defuse.
func (w *Writer) Write(row []string) error {
	if w.err != nil {
		return w.err
	}
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.out, bom); err != nil {
			w.err = err
			return err
		}
	}
	cells := make([]string, len(row))
	for i, v := range row {
		cells[i] = Defuse(v)
	}
	if err := w.csv.Write(cells); err != nil {
		w.err = err
		return err
	}
	return nil
}

// Flush writes any buffered rows and returns the first error met; a file
// with no row still gets its byte order mark.
func (w *Writer) Flush() error {
	if w.err == nil && !w.started {
		w.started = true
		if _, err := io.WriteString(w.out, bom); err != nil {
			w.err = err
		}
	}
	w.csv.Flush()
	if w.err != nil {
		return w.err
	}
	return w.csv.Error()
}

// separators are the characters a spreadsheet may split a line on, or
// that end one: after each of them a new cell may begin.
const separators = ",;\t\r\n"

// Defuse returns v with a quote put before every cell start that a
// spreadsheet would read as a formula: at the start of v and after every
// separator, once blanks and quotation marks are skipped. A quote makes
// the cell text. A phone or plain number (+ or - then digits and spaces
// only) is left as it is: it is no formula anywhere.
func Defuse(v string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(v); i++ {
		if i > 0 && !strings.ContainsRune(separators, rune(v[i-1])) {
			continue
		}
		if (i == 0 && (v[0] == '\t' || v[0] == '\r')) || risky(v[i:]) {
			b.WriteString(v[last:i])
			b.WriteByte('\'')
			last = i
		}
	}
	if b.Len() == 0 {
		return v
	}
	b.WriteString(v[last:])
	return b.String()
}

// risky reports whether a cell beginning s (up to the next separator)
// would be read as a formula: its first character, after blanks and
// quotation marks, is = or @, or + or - not followed by a plain number.
func risky(s string) bool {
	if j := strings.IndexAny(s, separators); j >= 0 {
		s = s[:j]
	}
	t := strings.TrimLeft(s, " \"")
	if t == "" {
		return false
	}
	switch t[0] {
	case '=', '@':
		return true
	case '+', '-':
		return strings.Trim(t[1:], "0123456789 ") != ""
	}
	return false
}
