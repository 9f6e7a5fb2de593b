package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"loket/server/address"
	"loket/server/store"
)

// runMunicipalities is "loket municipalities import -data loket.db FILE.csv":
// it replaces the municipality list with bpost's official list (see
// address.ParseBpostCSV for the format) in one transaction. The server
// reads the list at start, so restart it afterwards; with the server
// running the data file is locked and the import waits, then fails.
func runMunicipalities(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "usage: loket municipalities import [-data loket.db] FILE.csv")
		return 2
	}
	fs := flag.NewFlagSet("municipalities import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", orDefault(getenv("LOKET_DATA"), "loket.db"), "data file to import into")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "loket municipalities import: name one CSV file")
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "loket municipalities import: %v\n", err)
		return 1
	}
	defer f.Close()
	known, err := address.Curated()
	if err != nil {
		fmt.Fprintf(stderr, "loket municipalities import: %v\n", err)
		return 1
	}
	list, err := address.ParseBpostCSV(f, known)
	if err != nil {
		fmt.Fprintf(stderr, "loket municipalities import: %v\n", err)
		return 1
	}
	s, err := store.Open(*data, store.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "loket municipalities import: %v\n", err)
		return 1
	}
	defer s.Close()
	if err := s.SaveMunicipalities(context.Background(), list); err != nil {
		fmt.Fprintf(stderr, "loket municipalities import: %v\n", err)
		return 1
	}
	postcodes := 0
	for _, m := range list {
		postcodes += len(m.Postcodes)
	}
	fmt.Fprintf(stdout, "imported %d municipalities with %d postcodes into %s; restart the server to use them\n", len(list), postcodes, *data)
	return 0
}
