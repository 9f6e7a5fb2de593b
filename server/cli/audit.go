package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"loket/server/audit"
)

// auditKeyFile is where the key that seals the audit trail is read from:
// the -audit-key-file flag, else LOKET_AUDIT_KEY_FILE, else a file beside
// the data file. It is never inside the data file, so a copy of the data
// file cannot re-seal a changed trail.
func auditKeyFile(flagValue, data string, getenv env) string {
	if flagValue != "" {
		return flagValue
	}
	return orDefault(getenv("LOKET_AUDIT_KEY_FILE"), data+".audit-key")
}

// runAudit checks the audit trail (verify: exit 0 when the whole chain
// holds and reaches every head given, 1 naming the first broken entry or
// when the store cannot be read) or prints its signed head (head).
func runAudit(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || args[0] != "verify" && args[0] != "head" {
		fmt.Fprintln(stderr, "Usage: loket audit verify -data FILE|-database URL [-audit-key-file FILE] [-head FILE]\n       loket audit head -data FILE|-database URL [-audit-key-file FILE]")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("audit "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "bbolt data file (the server must be stopped)")
	keyFile := fs.String("audit-key-file", "", "file holding the key that seals the trail (default: LOKET_AUDIT_KEY_FILE, else DATA.audit-key)")
	var headFile *string
	if sub == "verify" {
		headFile = fs.String("head", "", "file of heads exported earlier (`loket audit head`, or the server's JSON log): the trail must still reach each")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if _, err := os.Stat(*where.data); err != nil && !where.postgres() {
		fmt.Fprintf(stderr, "loket audit: no store at %s\n", *where.data)
		return 1
	}
	key, err := audit.LoadKey(auditKeyFile(*keyFile, *where.data, getenv), false)
	if err != nil {
		fmt.Fprintf(stderr, "loket audit: %v\n", err)
		return 1
	}
	s, closer, err := where.open()
	if err != nil {
		fmt.Fprintf(stderr, "loket audit: %v\n", err)
		return 1
	}
	defer closer.Close()
	ctx := context.Background()
	trail := audit.NewKeyed(s, key, nil)
	if sub == "head" {
		h, err := trail.Head(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "loket audit head: %v\n", err)
			return 1
		}
		b, _ := json.Marshal(h)
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	}
	var n uint64
	if *headFile != "" {
		f, err := os.Open(*headFile)
		if err != nil {
			fmt.Fprintf(stderr, "loket audit: %v\n", err)
			return 1
		}
		heads, err := audit.ReadHeads(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "loket audit: %s: %v\n", *headFile, err)
			return 1
		}
		n, err = trail.VerifyHeads(ctx, heads)
		if code, done := auditVerdict(n, err, stdout, stderr); done {
			return code
		}
		fmt.Fprintf(stdout, "audit trail OK: %d entries, reaching all %d heads of %s\n", n, len(heads), *headFile)
	} else {
		n, err = trail.Verify(ctx)
		if code, done := auditVerdict(n, err, stdout, stderr); done {
			return code
		}
		fmt.Fprintf(stdout, "audit trail OK: %d entries (without -head a trail cut short also holds)\n", n)
	}
	if u, err := trail.Unkeyed(ctx); err == nil && u > 0 {
		fmt.Fprintf(stdout, "the first %d entries predate the audit key: they are sealed without it\n", u)
	}
	return 0
}

// auditVerdict prints a broken chain or a failure and says whether that
// ends the command.
func auditVerdict(n uint64, err error, stdout, stderr io.Writer) (int, bool) {
	var be *audit.BrokenError
	switch {
	case errors.As(err, &be):
		fmt.Fprintf(stdout, "audit trail BROKEN at entry %d: %s (%d entries before it hold)\n", be.Seq, be.Reason, n)
		return 1, true
	case err != nil:
		fmt.Fprintf(stderr, "loket audit: %v\n", err)
		return 1, true
	}
	return 0, false
}
