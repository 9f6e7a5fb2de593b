package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"loket/server/audit"
)

// auditClientKey names the store secret that keys the hashes of client
// addresses in the audit trail.
const auditClientKey = "audit-client"

// runAudit checks the audit trail: exit 0 when the whole chain holds, 1
// naming the first broken entry (or when the store cannot be read).
func runAudit(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "Usage: loket audit verify -data FILE")
		return 2
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", orDefault(getenv("LOKET_DATA"), "loket.db"), "bbolt data file (the server must be stopped)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	s, err := openForCLI(*data)
	if err != nil {
		fmt.Fprintf(stderr, "loket audit: %v\n", err)
		return 1
	}
	defer s.Close()
	n, err := audit.New(s, nil).Verify(context.Background())
	var be *audit.BrokenError
	switch {
	case errors.As(err, &be):
		fmt.Fprintf(stdout, "audit trail BROKEN at entry %d: %s (%d entries before it hold)\n", be.Seq, be.Reason, n)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "loket audit: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "audit trail OK: %d entries\n", n)
	return 0
}
