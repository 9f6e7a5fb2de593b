// Package dossierfile reads the rows of a dossier import file: JSON Lines,
// or CSV as spreadsheets write it (a byte-order mark, CRLF line ends, ","
// ";" or tab between fields, newlines inside quoted fields). It checks the
// text encoding of the whole file before the first row is read, so a file
// saved in a legacy code page is refused at once instead of row by row
// with misleading field errors.
package dossierfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Columns are the columns a CSV file may have. events and documents hold
// "code:date[:id[:note]]" and "kind:due" items separated by ";".
var Columns = []string{"dossier", "procedure", "received", "birth_date", "access_code", "first_name",
	"office", "language", "events", "documents", "appointment_at", "appointment_office"}

// Encodings are the values Options.Encoding accepts.
var Encodings = []string{"utf-8", "windows-1252"}

// Options say how to read a file.
type Options struct {
	// Format is "jsonl", "csv" or "auto" (by the file name's extension,
	// then by the first byte).
	Format string
	// Encoding is "utf-8" (the default) or "windows-1252", what Excel
	// writes for "CSV (comma delimited)" in Western Europe.
	Encoding string
}

// Row is one data row as read: a JSON line or CSV fields.
type Row struct {
	// Line is the row's first line in the file, counted from 1.
	Line   int
	text   []byte
	fields []string
	bad    bool
}

// Source reads raw rows and says how far into the file it is.
type Source interface {
	// Next returns the next row; false at the end of the file.
	Next() (Row, bool, error)
	// Offset is how many bytes have been read, for a progress bar.
	Offset() int64
	// Convert turns a row into a dossier number and the body that the
	// back-office API would receive for it. It is safe to call from
	// several goroutines at once.
	Convert(r Row) (string, map[string]any, error)
}

// EncodingError says a file is not in the encoding it is read as, and
// which encoding it likely is.
type EncodingError struct {
	Line   int    // the first line with a byte sequence that is not UTF-8
	Byte   byte   // its first such byte
	Likely string // the likely encoding, "" when no guess fits
}

func (e *EncodingError) Error() string {
	msg := fmt.Sprintf("the file is not UTF-8 text (line %d has the byte 0x%02X)", e.Line, e.Byte)
	switch e.Likely {
	case "utf-16":
		return msg + `; it is UTF-16, as Excel writes "Unicode Text": save it as "CSV UTF-8 (comma delimited)"`
	case "windows-1252":
		return msg + `; it looks like windows-1252, as Excel writes "CSV (comma delimited)": save it as "CSV UTF-8" or run again with -encoding windows-1252`
	}
	return msg + `: save it as UTF-8 ("CSV UTF-8" in Excel, "Unicode (UTF-8)" in LibreOffice)`
}

// bom is the UTF-8 byte-order mark that Excel and Notepad put first.
var bom = []byte("\ufeff")

// Open checks the encoding of the whole of f, rewinds it, and returns a
// source of its rows. name is the file's name, for Format "auto".
func Open(f io.ReadSeeker, name string, opt Options) (Source, error) {
	var decode func(io.Reader) io.Reader
	switch strings.ToLower(opt.Encoding) {
	case "", "utf-8", "utf8":
		if err := checkUTF8(f); err != nil {
			return nil, err
		}
	case "windows-1252", "cp1252":
		decode = charmap.Windows1252.NewDecoder().Reader
	default:
		return nil, fmt.Errorf("unknown encoding %q (%s)", opt.Encoding, strings.Join(Encodings, " or "))
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewind: %w", err)
	}
	var r io.Reader = f
	if decode != nil {
		r = decode(f)
	}
	br := bufio.NewReaderSize(r, 1<<20)
	if b, err := br.Peek(len(bom)); err == nil && bytes.Equal(b, bom) {
		br.Discard(len(bom))
	}
	format := opt.Format
	if format == "" || format == "auto" {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".csv", ".tsv", ".txt":
			format = "csv"
		case ".jsonl", ".ndjson", ".json":
			format = "jsonl"
		default:
			format = "csv"
			if b, err := br.Peek(1); err == nil && b[0] == '{' {
				format = "jsonl"
			}
		}
	}
	switch format {
	case "jsonl":
		return &jsonlSource{r: br}, nil
	case "csv":
		return newCSVSource(br)
	}
	return nil, fmt.Errorf("unknown format %q (jsonl or csv)", format)
}

// checkUTF8 reads r to its end and returns an *EncodingError at the first
// line that is not UTF-8.
func checkUTF8(r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(2); err == nil && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		return &EncodingError{Line: 1, Byte: b[0], Likely: "utf-16"}
	}
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if !utf8.Valid(b) {
			rest, rerr := io.ReadAll(br)
			if rerr != nil {
				return rerr
			}
			return &EncodingError{Line: line, Byte: b[firstInvalid(b)], Likely: guess8bit(append(b, rest...))}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// firstInvalid is the index of the first byte of b that does not begin a
// valid UTF-8 sequence.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// guess8bit names the single-byte encoding b likely is in: windows-1252
// when every byte is defined there, else nothing.
func guess8bit(b []byte) string {
	for _, c := range b {
		switch c {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D: // unassigned in windows-1252
			return ""
		}
	}
	return "windows-1252"
}
