package cli

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"loket/server/config"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/refusal"
	"loket/server/store"
	"loket/translations"
)

// maxRejectedShown caps the rejected lines printed in the summary.
const maxRejectedShown = 100

// runImport bulk-loads dossiers from JSON Lines or CSV (with a header
// row) into a stopped store, in batches of one transaction each.
func runImport(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", orDefault(getenv("LOKET_DATA"), "loket.db"), "data file")
	batch := fs.Int("batch", 10000, "rows per transaction")
	format := fs.String("format", "auto", "jsonl, csv or auto (by file name, then first byte)")
	strict := fs.Bool("strict", false, "write nothing of a batch that has a rejected row")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: loket import [-data loket.db] [-batch 10000] [-format auto|jsonl|csv] [-strict] FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || *batch < 1 {
		fs.Usage()
		return 2
	}
	start := time.Now()
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 1
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 1
	}
	s, err := store.Open(*data, store.Options{LockTimeout: 500 * time.Millisecond})
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 1
	}
	defer s.Close()
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 1
	}
	svc, err := dossierService(s, cats, config.Defaults())
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 1
	}
	src, err := openSource(f, fs.Arg(0), *format)
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 2
	}
	imp := &importer{svc: svc, batch: *batch, strict: *strict, en: cats.Printer("en")}
	if isTerminal(stderr) {
		imp.progress = func(read int64) { drawProgress(stderr, read, fi.Size(), imp.imported, time.Since(start)) }
	}
	err = imp.run(src)
	if imp.progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
	}
	elapsed := time.Since(start)
	s.Close()
	size := int64(0)
	if st, err := os.Stat(*data); err == nil {
		size = st.Size()
	}
	fmt.Fprintf(stdout, "imported %d dossiers, rejected %d rows, in %.1f s (%.0f rows/s); data file %s is %.1f MiB\n",
		imp.imported, len(imp.rejected), elapsed.Seconds(), float64(imp.imported+len(imp.rejected))/elapsed.Seconds(),
		*data, float64(size)/(1<<20))
	for i, r := range imp.rejected {
		if i == maxRejectedShown {
			fmt.Fprintf(stdout, "... and %d more rejected rows\n", len(imp.rejected)-i)
			break
		}
		fmt.Fprintf(stdout, "line %d: %s\n", r.line, r.reason)
	}
	if err != nil {
		return 1
	}
	if len(imp.rejected) > 0 {
		return 1
	}
	return 0
}

// rawRow is one data row as read: a JSON line or CSV fields.
type rawRow struct {
	line   int
	text   []byte
	fields []string
}

// source reads raw rows and says how far into the file it is.
type source interface {
	next() (rawRow, bool, error)
	offset() int64
	convert(r rawRow) (string, map[string]any, error)
}

func openSource(f io.Reader, name, format string) (source, error) {
	br := bufio.NewReaderSize(f, 1<<20)
	if format == "auto" {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".csv":
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

// jsonlSource reads one JSON object per line; blank lines are skipped.
type jsonlSource struct {
	r    *bufio.Reader
	line int
	read int64
}

func (j *jsonlSource) next() (rawRow, bool, error) {
	for {
		b, err := j.r.ReadBytes('\n')
		j.read += int64(len(b))
		if len(b) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return rawRow{}, false, nil
			}
			return rawRow{}, false, err
		}
		j.line++
		if t := bytes.TrimSpace(b); len(t) > 0 {
			return rawRow{line: j.line, text: t}, true, nil
		}
	}
}

func (j *jsonlSource) offset() int64 { return j.read }

func (j *jsonlSource) convert(r rawRow) (string, map[string]any, error) {
	var body map[string]any
	if err := json.Unmarshal(r.text, &body); err != nil || body == nil {
		return "", nil, errors.New("not a JSON object")
	}
	number, ok := body["dossier"].(string)
	if !ok {
		return "", body, errors.New("dossier: a string of 8 digits is required")
	}
	return number, body, nil
}

// csvColumns are the columns a CSV file may have. events and documents
// hold "code:date[:id[:note]]" and "kind:due" items separated by ";".
var csvColumns = []string{"dossier", "procedure", "received", "birth_date", "access_code", "first_name",
	"office", "language", "events", "documents", "appointment_at", "appointment_office"}

type csvSource struct {
	r      *csv.Reader
	header []string
}

func newCSVSource(r io.Reader) (*csvSource, error) {
	c := csv.NewReader(r)
	c.FieldsPerRecord = -1
	head, err := c.Read()
	if err != nil {
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	for i, h := range head {
		head[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !slices.Contains(csvColumns, head[i]) {
			return nil, fmt.Errorf("CSV header: unknown column %q (known: %s)", head[i], strings.Join(csvColumns, ", "))
		}
	}
	return &csvSource{r: c, header: head}, nil
}

func (c *csvSource) next() (rawRow, bool, error) {
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return rawRow{}, false, nil
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return rawRow{line: pe.StartLine, fields: nil}, true, nil
		}
		return rawRow{}, false, err
	}
	line, _ := c.r.FieldPos(0)
	return rawRow{line: line, fields: rec}, true, nil
}

func (c *csvSource) offset() int64 { return c.r.InputOffset() }

func (c *csvSource) convert(r rawRow) (string, map[string]any, error) {
	if r.fields == nil {
		return "", nil, errors.New("malformed CSV row")
	}
	if len(r.fields) > len(c.header) {
		return "", nil, fmt.Errorf("%d fields, but the header names %d", len(r.fields), len(c.header))
	}
	body := map[string]any{}
	var number string
	for i, v := range r.fields {
		col := c.header[i]
		if v == "" {
			continue
		}
		switch col {
		case "dossier":
			number = v
		case "events":
			var evs []any
			for _, item := range strings.Split(v, ";") {
				p := strings.Split(strings.TrimSpace(item), ":")
				e := map[string]any{"code": p[0]}
				if len(p) > 1 {
					e["date"] = p[1]
				}
				if len(p) > 2 && p[2] != "" {
					e["id"] = p[2]
				}
				if len(p) > 3 && p[3] != "" {
					e["note"] = p[3]
				}
				evs = append(evs, e)
			}
			body["events"] = evs
		case "documents":
			var docs []any
			for _, item := range strings.Split(v, ";") {
				kind, due, _ := strings.Cut(strings.TrimSpace(item), ":")
				docs = append(docs, map[string]any{"kind": kind, "due": due})
			}
			body["documents"] = docs
		case "appointment_at", "appointment_office":
			a, _ := body["appointment"].(map[string]any)
			if a == nil {
				a = map[string]any{}
				body["appointment"] = a
			}
			a[strings.TrimPrefix(col, "appointment_")] = v
		default:
			body[col] = v
		}
	}
	return number, body, nil
}

// rejectedRow is a row that was not imported, and why.
type rejectedRow struct {
	line   int
	reason string
}

// importer validates rows in parallel and writes each batch in one
// transaction.
type importer struct {
	svc      *dossiers.Service
	batch    int
	strict   bool
	en       *locale.Printer
	progress func(read int64)
	imported int
	rejected []rejectedRow
}

// run reads batches and writes each in one transaction. While a batch is
// being written, the next one is read and validated.
func (imp *importer) run(src source) error {
	var inflight chan error
	var flying []dossiers.Dossier
	var flyingRows []rawRow
	wait := func() error {
		if inflight == nil {
			return nil
		}
		err := <-inflight
		inflight = nil
		if err != nil {
			imp.rejectBatch(flyingRows, make([]string, len(flyingRows)), fmt.Sprintf("not imported: the batch (lines %d-%d) could not be written: %v",
				flyingRows[0].line, flyingRows[len(flyingRows)-1].line, err))
			return err
		}
		imp.imported += len(flying)
		return nil
	}
	rows := make([]rawRow, 0, imp.batch)
	for {
		r, ok, err := src.next()
		if err != nil {
			return errors.Join(err, wait())
		}
		if ok {
			rows = append(rows, r)
		}
		if len(rows) == imp.batch || (!ok && len(rows) > 0) {
			valid, reasons := imp.validate(src, rows)
			if err := wait(); err != nil {
				return err
			}
			if imp.strict && slices.ContainsFunc(reasons, func(s string) bool { return s != "" }) {
				imp.rejectBatch(rows, reasons, fmt.Sprintf("not imported: its batch (lines %d-%d) has rejected rows", rows[0].line, rows[len(rows)-1].line))
			} else if len(valid) > 0 {
				flying, flyingRows = valid, rowsWithout(rows, reasons)
				inflight = make(chan error, 1)
				go func(ds []dossiers.Dossier, done chan<- error) { done <- imp.svc.Import(ds) }(valid, inflight)
			}
			rows = make([]rawRow, 0, imp.batch)
			if imp.progress != nil {
				imp.progress(src.offset())
			}
		}
		if !ok {
			return wait()
		}
	}
}

// rowsWithout lists the rows that passed validation.
func rowsWithout(rows []rawRow, reasons []string) []rawRow {
	var out []rawRow
	for i, r := range rows {
		if reasons[i] == "" {
			out = append(out, r)
		}
	}
	return out
}

// validate checks one batch on every core; rejected rows are recorded
// with their reasons, and the valid dossiers returned.
func (imp *importer) validate(src source, rows []rawRow) ([]dossiers.Dossier, []string) {
	out := make([]dossiers.Dossier, len(rows))
	reasons := make([]string, len(rows))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(rows); i += workers {
				number, body, err := src.convert(rows[i])
				if err == nil {
					out[i], err = imp.svc.Parse(number, body)
				}
				if err != nil {
					reasons[i] = imp.reason(err)
				}
			}
		}()
	}
	wg.Wait()
	valid := make([]dossiers.Dossier, 0, len(rows))
	for i := range rows {
		if reasons[i] != "" {
			imp.rejected = append(imp.rejected, rejectedRow{rows[i].line, reasons[i]})
			continue
		}
		valid = append(valid, out[i])
	}
	return valid, reasons
}

// rejectBatch lists the batch's otherwise valid rows as rejected.
func (imp *importer) rejectBatch(rows []rawRow, reasons []string, why string) {
	for i := range rows {
		if reasons[i] == "" {
			imp.rejected = append(imp.rejected, rejectedRow{rows[i].line, why})
		}
	}
	slices.SortStableFunc(imp.rejected, func(a, b rejectedRow) int { return a.line - b.line })
}

// reason writes a row's errors for the operator, in English.
func (imp *importer) reason(err error) string {
	var inv *refusal.Error
	if !errors.As(err, &inv) {
		return err.Error()
	}
	parts := make([]string, 0, len(inv.Fields))
	for _, f := range inv.Fields {
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", f.Field, f.Code, imp.en.T(f.Key, f.Args...)))
	}
	return strings.Join(parts, "; ")
}

// isTerminal reports whether w is a terminal, where a progress bar helps;
// in a log file it would be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func drawProgress(w io.Writer, read, size int64, imported int, elapsed time.Duration) {
	frac := 1.0
	if size > 0 {
		frac = min(float64(read)/float64(size), 1)
	}
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(w, "\r[%s%s] %3.0f%%  %d dossiers  %.1f s", strings.Repeat("#", n), strings.Repeat(" ", width-n), frac*100, imported, elapsed.Seconds())
}
