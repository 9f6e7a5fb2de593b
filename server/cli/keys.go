package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"loket/server/receipts"
	"loket/server/store"
)

// runKeys manages the receipt signing keys: export writes the public key
// set (for municipalities that verify offline), rotate makes a new signing
// key and keeps the old ones for verifying.
func runKeys(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || args[0] != "export" && args[0] != "rotate" {
		fmt.Fprintln(stderr, "Usage: loket keys export -data FILE|-database URL [-out FILE]\n       loket keys rotate -data FILE|-database URL")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("keys "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "data file")
	out := fs.String("out", "", "file to write the key set to (export; default standard output)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "loket keys %s: unexpected %q\n", sub, fs.Arg(0))
		return 2
	}
	// Opening a missing file would make a new store with a new key.
	if _, err := os.Stat(*where.data); err != nil && !where.postgres() {
		fmt.Fprintf(stderr, "loket keys %s: no store at %s\n", sub, *where.data)
		return 1
	}
	s, closer, err := where.open()
	if errors.Is(err, store.ErrLocked) {
		fmt.Fprintf(stderr, "loket keys %s: a running server holds %s; stop it first", sub, *where.data)
		if sub == "export" {
			fmt.Fprintf(stderr, ", or download <server>%s", keysPath)
		}
		fmt.Fprintln(stderr)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "loket keys %s: %v\n", sub, err)
		return 1
	}
	defer closer.Close()
	keys, err := receipts.OpenKeyring(context.Background(), s, nil)
	if err != nil {
		fmt.Fprintf(stderr, "loket keys %s: %v\n", sub, err)
		return 1
	}
	if sub == "rotate" {
		id, err := keys.Rotate(context.Background())
		if err != nil {
			fmt.Fprintf(stderr, "loket keys rotate: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "new signing key %s; older receipts stay valid. Restart running servers to sign with it; export the keys again for offline verifiers.\n", id)
		return 0
	}
	b, err := json.MarshalIndent(keys.PublicKeys(), "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "loket keys export: %v\n", err)
		return 1
	}
	b = append(b, '\n')
	if *out == "" {
		_, err = stdout.Write(b)
	} else {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "loket keys export: %v\n", err)
		return 1
	}
	return 0
}
