package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"loket/server/compose"
	"loket/server/exchange"
	"loket/server/store"
	"loket/server/xliff"
	"loket/translations"
)

// runContent is "loket content export|import": translation exchange with
// translators' tools in XLIFF 2.0, one document per language holding the
// UI strings, the status texts and the information pages.
//
//	loket content export -lang ar [-source en] [-dir translations] [-o ar.xlf]
//	loket content export -data loket.db|-database URL [-dir translations]
//	loket content import [-dir translations] ar.xlf
//
// With -data or -database, export writes the texts published in the content editor
// into the translations folder instead (pages and status texts), so they
// can be reviewed as a diff and committed as the new shipped defaults.
// Export reads the shipped texts, or the translations folder given with
// -dir; import writes the texts that changed back into that folder, so a
// reviewed translation is committed as a diff. Import checks the whole
// document first and writes nothing when a text is refused.
func runContent(args []string, _ io.Reader, stdout, stderr io.Writer, _ env) int {
	if len(args) == 0 || (args[0] != "export" && args[0] != "import") {
		fmt.Fprintln(stderr, "usage: loket content export -lang LANG [-source en] [-dir translations] [-o FILE.xlf]")
		fmt.Fprintln(stderr, "       loket content export -data loket.db|-database URL [-dir translations]")
		fmt.Fprintln(stderr, "       loket content import [-dir translations] FILE.xlf")
		return 2
	}
	if args[0] == "export" {
		return contentExport(args[1:], stdout, stderr)
	}
	return contentImport(args[1:], stdout, stderr)
}

func contentExport(args []string, stdout, stderr io.Writer) int {
	set := flag.NewFlagSet("content export", flag.ContinueOnError)
	set.SetOutput(stderr)
	lang := set.String("lang", "", "language to translate into, e.g. ar")
	source := set.String("source", "en", "language of the source texts")
	dir := set.String("dir", "", "translations folder to read (default: the texts built into loket)")
	out := set.String("o", "", "file to write (default: standard output)")
	data := set.String("data", "", "data file whose published editor revisions to write into -dir")
	database := set.String("database", "", "PostgreSQL URL (postgres://…) whose published editor revisions to write into -dir")
	if err := set.Parse(args); err != nil {
		return 2
	}
	if *data != "" || *database != "" {
		if *dir == "" {
			*dir = "translations"
		}
		return exportEdits(*database, *data, *dir, stdout, stderr)
	}
	if !slices.Contains(translations.Languages, *lang) || !slices.Contains(translations.Languages, *source) || *lang == *source {
		fmt.Fprintf(stderr, "loket content export: -lang and -source must be two of %v\n", translations.Languages)
		return 2
	}
	var fsys fs.FS = translations.FS
	if *dir != "" {
		fsys = os.DirFS(*dir)
	}
	doc, err := exchange.Export(fsys, *source, *lang)
	if err != nil {
		fmt.Fprintf(stderr, "loket content export: %v\n", err)
		return 1
	}
	b, err := xliff.Marshal(doc)
	if err != nil {
		fmt.Fprintf(stderr, "loket content export: %v\n", err)
		return 1
	}
	if *out == "" {
		_, err = stdout.Write(b)
	} else {
		err = writeFileAtomic(*out, b)
	}
	if err != nil {
		fmt.Fprintf(stderr, "loket content export: %v\n", err)
		return 1
	}
	return 0
}

// exportEdits writes the live editor revisions of a PostgreSQL database
// or a data file into a translations folder.
func exportEdits(database, data, dir string, stdout, stderr io.Writer) int {
	s, closer, err := compose.OpenStore(context.Background(), database, data, store.Options{ReadOnly: true})
	if err != nil {
		fmt.Fprintf(stderr, "loket content export: %v\n", err)
		return 1
	}
	defer closer.Close()
	live, err := s.LiveRevisions(context.Background())
	if err != nil {
		fmt.Fprintf(stderr, "loket content export: %v\n", err)
		return 1
	}
	files, err := exchange.ApplyEdits(os.DirFS(dir), live)
	if err != nil {
		fmt.Fprintf(stderr, "loket content export: %v\n", err)
		return 1
	}
	if err := writeFiles(dir, files, stdout); err != nil {
		fmt.Fprintf(stderr, "loket content export: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d published texts, %d files changed\n", len(live), len(files))
	return 0
}

// writeFiles writes files (paths in the translations tree) under dir,
// skipping those whose content is already the same.
func writeFiles(dir string, files map[string][]byte, stdout io.Writer) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, files[name]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := writeFileAtomic(path, files[name]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", name)
	}
	return nil
}

func contentImport(args []string, stdout, stderr io.Writer) int {
	set := flag.NewFlagSet("content import", flag.ContinueOnError)
	set.SetOutput(stderr)
	dir := set.String("dir", "translations", "translations folder to update")
	if err := set.Parse(args); err != nil {
		return 2
	}
	if set.NArg() != 1 {
		fmt.Fprintln(stderr, "loket content import: name one XLIFF file")
		return 2
	}
	b, err := os.ReadFile(set.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "loket content import: %v\n", err)
		return 1
	}
	doc, err := xliff.Unmarshal(b)
	if err != nil {
		fmt.Fprintf(stderr, "loket content import: %v\n", err)
		return 1
	}
	files, err := exchange.Import(os.DirFS(*dir), doc, translations.Languages)
	if err != nil {
		fmt.Fprintf(stderr, "loket content import: %v\n", err)
		return 1
	}
	var report bytes.Buffer
	if err := writeFiles(*dir, files, &report); err != nil {
		fmt.Fprintf(stderr, "loket content import: %v\n", err)
		return 1
	}
	stdout.Write(report.Bytes())
	fmt.Fprintf(stdout, "%s: %d of %d files changed\n", doc.TrgLang, bytes.Count(report.Bytes(), []byte("wrote ")), len(files))
	return 0
}

// writeFileAtomic writes through a temporary file and a rename, so a
// reader never sees half a file.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".loket-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
