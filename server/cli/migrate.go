package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"loket/server/audit"
	"loket/server/compose"
	"loket/server/store"
	"loket/server/store/transfer"
)

// runMigrate copies a whole store into another: a bbolt file into
// PostgreSQL, or PostgreSQL into a bbolt file (package transfer). It
// refuses a target that holds other data, writes nothing new when run
// again, and checks at the end that every kind of record holds the same
// on both sides and that the audit trail verifies on the target up to
// the source's head.
func runMigrate(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the store to copy: a bbolt data file (its server stopped), or postgres://…")
	to := fs.String("to", "", "the store to copy into: postgres://…, or a bbolt data file (made when missing)")
	keyFile := fs.String("audit-key-file", "", "file holding the key that seals the audit trail (default: LOKET_AUDIT_KEY_FILE, else the bbolt file's FILE.audit-key)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "Usage: loket migrate -from FILE|postgres://… -to postgres://…|FILE [-audit-key-file FILE]")
		return 2
	}
	if *from == *to {
		fmt.Fprintln(stderr, "loket migrate: -from and -to name the same store")
		return 2
	}
	if !isDatabaseURL(*from) {
		if _, err := os.Stat(*from); err != nil {
			fmt.Fprintf(stderr, "loket migrate: no store at %s\n", *from)
			return 1
		}
	}
	keyPath := *keyFile
	if keyPath == "" {
		file := *from
		if isDatabaseURL(file) {
			file = *to
		}
		keyPath = auditKeyFile("", file, getenv)
	}
	key, err := audit.LoadKey(keyPath, false)
	if err != nil {
		fmt.Fprintf(stderr, "loket migrate: the audit key (%v): the copy checks the audit trail with the key the source's servers seal it with; name it with -audit-key-file\n", err)
		return 1
	}
	ctx := context.Background()
	src, closeSrc, err := openForMigrate(ctx, *from)
	if err != nil {
		fmt.Fprintf(stderr, "loket migrate: the source: %v\n", err)
		return 1
	}
	defer closeSrc.Close()
	dst, closeDst, err := openForMigrate(ctx, *to)
	if err != nil {
		fmt.Fprintf(stderr, "loket migrate: the target: %v\n", err)
		return 1
	}
	defer closeDst.Close()

	head, err := audit.NewKeyed(src, key, nil).Head(ctx)
	if err == nil {
		_, err = audit.NewKeyed(src, key, nil).VerifyHeads(ctx, []audit.Head{head})
	}
	if err != nil {
		fmt.Fprintf(stderr, "loket migrate: the source's audit trail does not verify with %s, so its copy could not be checked; nothing was written: %v\n", keyPath, err)
		return 1
	}
	rep, err := transfer.Copy(ctx, src, dst)
	if err != nil {
		if errors.Is(err, transfer.ErrDiffers) {
			fmt.Fprintf(stderr, "loket migrate: %v. Copy into an empty database or a new file, or into the target of an earlier copy of this same source.\n", err)
		} else {
			fmt.Fprintf(stderr, "loket migrate: %v (run the same command again: it completes what is missing)\n", err)
		}
		return 1
	}
	n, err := audit.NewKeyed(dst, key, nil).VerifyHeads(ctx, []audit.Head{head})
	if err != nil {
		fmt.Fprintf(stderr, "loket migrate: the audit trail does not verify on the target: %v\n", err)
		return 1
	}
	printMigration(stdout, rep)
	if head.Seq == 0 {
		fmt.Fprintln(stdout, "audit trail: empty in the source and in the target")
	} else {
		fmt.Fprintf(stdout, "audit trail verified on the target: %d entries, up to the source's head (entry %d, %s)\n", n, head.Seq, head.Hash)
	}
	if rep.Added() == 0 {
		fmt.Fprintln(stdout, "nothing new: the target already held every record")
	}
	fmt.Fprintln(stdout, "not copied:")
	for _, why := range transfer.NotCopied {
		fmt.Fprintf(stdout, "  - %s\n", why)
	}
	return 0
}

// printMigration prints the per-kind summary of a copy.
func printMigration(w io.Writer, rep transfer.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tsource\ttarget\tcopied now\t")
	var src, dst int
	for _, c := range rep.Counts {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", c.Kind, c.Source, c.Target, c.Added)
		src, dst = src+c.Source, dst+c.Target
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\t\n", src, dst, rep.Added())
	tw.Flush()
}

// isDatabaseURL tells a PostgreSQL URL from a file name.
func isDatabaseURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openForMigrate opens one side of a copy. A bbolt file that a running
// server holds is refused, saying to stop that server: a copy of a store
// that still takes bookings would miss the ones made while it ran.
func openForMigrate(ctx context.Context, where string) (compose.Store, io.Closer, error) {
	database, data := "", where
	if isDatabaseURL(where) {
		database, data = where, ""
	}
	s, closer, err := compose.OpenStore(ctx, database, data, store.Options{LockTimeout: 500 * time.Millisecond})
	if errors.Is(err, store.ErrLocked) {
		return nil, nil, fmt.Errorf("a running Loket server holds %s: stop it (systemctl stop loket, or Ctrl-C), then run loket migrate again; "+
			"a store that still takes bookings cannot be copied whole: %w", where, err)
	}
	return s, closer, err
}
