package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"loket/server/store"
)

func runBackup(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "data file to copy")
	out := fs.String("out", "", "file to write the copy to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if where.postgres() {
		fmt.Fprintln(stderr, "loket backup copies a bbolt data file; back PostgreSQL up with its own tools (pg_dump, or the base backups and WAL archive the database's operators keep)")
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "loket backup: -out is required")
		return 2
	}
	n, err := backup(*where.data, *out)
	if err != nil {
		fmt.Fprintf(stderr, "loket backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d bytes to %s\n", n, *out)
	return 0
}

// backup copies the store at data to out. When a server holds the file, it
// asks that server for the copy over its admin socket; either way the copy
// is one consistent snapshot (bbolt Tx.WriteTo). The copy is written to a
// temporary file first and renamed, so out is never half-written.
func backup(data, out string) (int64, error) {
	if _, err := os.Stat(data); err != nil {
		return 0, fmt.Errorf("no store at %s", data)
	}
	tmp := out + ".part"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := copyStore(data, f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return n, os.Rename(tmp, out)
}

func copyStore(data string, w io.Writer) (int64, error) {
	s, err := store.Open(data, store.Options{LockTimeout: 200 * time.Millisecond})
	if err == nil {
		defer s.Close()
		return s.Backup(w)
	}
	if !errors.Is(err, store.ErrLocked) {
		return 0, err
	}
	resp, err := adminClient(data).Get("http://loket/backup")
	if err != nil {
		return 0, fmt.Errorf("%s is in use and its server did not answer on %s: %w", data, adminSocket(data), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("the running server refused the backup: %s", resp.Status)
	}
	return io.Copy(w, resp.Body)
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}
