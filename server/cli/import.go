package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"loket/server/audit"
	"loket/server/compose"
	"loket/server/config"
	"loket/server/dossierfile"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/refusal"
	"loket/translations"
)

// maxRejectedShown caps the rejected lines printed in the summary.
const maxRejectedShown = 100

// auditImport records the import in the audit trail: what was written and
// what refused, as back-office writes through the API are.
func auditImport(s audit.Store, keyFile string, imp *importer) error {
	key, err := audit.LoadKey(keyFile, true)
	if err != nil {
		return err
	}
	return audit.NewKeyed(s, key, nil).Append(context.Background(), audit.Entry{Actor: audit.ChannelCLI,
		Action: audit.ActionBackOfficeImport, Channel: audit.ChannelCLI,
		Detail: fmt.Sprintf("imported %d, rejected %d", imp.imported, len(imp.rejected))})
}

// runImport bulk-loads dossiers from JSON Lines or CSV (with a header
// row) into a stopped store (or PostgreSQL, while servers run), in batches of one transaction each.
func runImport(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "data file")
	batch := fs.Int("batch", 10000, "rows per transaction")
	format := fs.String("format", "auto", "jsonl, csv or auto (by file name, then first byte)")
	strict := fs.Bool("strict", false, "write nothing of a batch that has a rejected row")
	keyFile := fs.String("audit-key-file", "", "file holding the key that seals the audit trail (default: LOKET_AUDIT_KEY_FILE, else DATA.audit-key; made when missing)")
	encoding := fs.String("encoding", "utf-8", "the file's text encoding: "+strings.Join(dossierfile.Encodings, " or "))
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: loket import [-data loket.db | -database URL] [-batch 10000] [-format auto|jsonl|csv] [-encoding utf-8|windows-1252] [-strict] FILE")
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
	src, err := dossierfile.Open(f, fs.Arg(0), dossierfile.Options{Format: *format, Encoding: *encoding})
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 2
	}
	s, closer, err := where.open()
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 1
	}
	defer closer.Close()
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 1
	}
	svc, err := compose.DossierService(s, cats, config.Defaults())
	if err != nil {
		fmt.Fprintf(stderr, "loket import: %v\n", err)
		return 1
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
	if aerr := auditImport(s, auditKeyFile(*keyFile, *where.data, getenv), imp); aerr != nil {
		fmt.Fprintf(stderr, "loket import: audit trail: %v\n", aerr)
		err = errors.Join(err, aerr)
	}
	elapsed := time.Since(start)
	closer.Close()
	fmt.Fprintf(stdout, "imported %d dossiers, rejected %d rows, in %.1f s (%.0f rows/s)",
		imp.imported, len(imp.rejected), elapsed.Seconds(), float64(imp.imported+len(imp.rejected))/elapsed.Seconds())
	if st, err := os.Stat(*where.data); err == nil && !where.postgres() {
		fmt.Fprintf(stdout, "; data file %s is %.1f MiB", *where.data, float64(st.Size())/(1<<20))
	}
	fmt.Fprintln(stdout)
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
func (imp *importer) run(src dossierfile.Source) error {
	var inflight chan error
	var flying []dossiers.Dossier
	var flyingRows []dossierfile.Row
	wait := func() error {
		if inflight == nil {
			return nil
		}
		err := <-inflight
		inflight = nil
		if err != nil {
			imp.rejectBatch(flyingRows, make([]string, len(flyingRows)), fmt.Sprintf("not imported: the batch (lines %d-%d) could not be written: %v",
				flyingRows[0].Line, flyingRows[len(flyingRows)-1].Line, err))
			return err
		}
		imp.imported += len(flying)
		return nil
	}
	rows := make([]dossierfile.Row, 0, imp.batch)
	for {
		r, ok, err := src.Next()
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
				imp.rejectBatch(rows, reasons, fmt.Sprintf("not imported: its batch (lines %d-%d) has rejected rows", rows[0].Line, rows[len(rows)-1].Line))
			} else if len(valid) > 0 {
				flying, flyingRows = valid, rowsWithout(rows, reasons)
				inflight = make(chan error, 1)
				go func(ds []dossiers.Dossier, done chan<- error) { done <- imp.svc.Import(ds) }(valid, inflight)
			}
			rows = make([]dossierfile.Row, 0, imp.batch)
			if imp.progress != nil {
				imp.progress(src.Offset())
			}
		}
		if !ok {
			return wait()
		}
	}
}

// rowsWithout lists the rows that passed validation.
func rowsWithout(rows []dossierfile.Row, reasons []string) []dossierfile.Row {
	var out []dossierfile.Row
	for i, r := range rows {
		if reasons[i] == "" {
			out = append(out, r)
		}
	}
	return out
}

// validate checks one batch on every core; rejected rows are recorded
// with their reasons, and the valid dossiers returned.
func (imp *importer) validate(src dossierfile.Source, rows []dossierfile.Row) ([]dossiers.Dossier, []string) {
	out := make([]dossiers.Dossier, len(rows))
	reasons := make([]string, len(rows))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(rows); i += workers {
				number, body, err := src.Convert(rows[i])
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
			imp.rejected = append(imp.rejected, rejectedRow{rows[i].Line, reasons[i]})
			continue
		}
		valid = append(valid, out[i])
	}
	return valid, reasons
}

// rejectBatch lists the batch's otherwise valid rows as rejected.
func (imp *importer) rejectBatch(rows []dossierfile.Row, reasons []string, why string) {
	for i := range rows {
		if reasons[i] == "" {
			imp.rejected = append(imp.rejected, rejectedRow{rows[i].Line, why})
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
