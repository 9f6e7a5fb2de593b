package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"loket/server/receipts"
	"loket/server/store"
)

// runKeys manages the receipt signing keys: export writes the public key
// set (for municipalities that verify offline), rotate makes a new signing
// key and keeps the old ones for verifying.
func runKeys(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || args[0] != "export" && args[0] != "rotate" {
		fmt.Fprintln(stderr, "Usage: loket keys export -data FILE [-out FILE]\n       loket keys rotate -data FILE")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("keys "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", orDefault(getenv("LOKET_DATA"), "loket.db"), "data file")
	out := fs.String("out", "", "file to write the key set to (export; default standard output)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "loket keys %s: unexpected %q\n", sub, fs.Arg(0))
		return 2
	}
	// Opening a missing file would make a new store with a new key.
	if _, err := os.Stat(*data); err != nil {
		fmt.Fprintf(stderr, "loket keys %s: no store at %s\n", sub, *data)
		return 1
	}
	s, err := store.Open(*data, store.Options{LockTimeout: 500 * time.Millisecond})
	if errors.Is(err, store.ErrLocked) {
		fmt.Fprintf(stderr, "loket keys %s: a running server holds %s; stop it first", sub, *data)
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
	defer s.Close()
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
		fmt.Fprintf(stdout, "new signing key %s; older receipts stay valid. Export the keys again for offline verifiers.\n", id)
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
