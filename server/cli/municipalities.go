package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"loket/server/address"
)

// runMunicipalities is "loket municipalities import -data loket.db FILE.csv":
// it replaces the municipality list with bpost's official list (see
// address.ParseBpostCSV for the format) in one transaction. The server
// reads the list at start, so restart it afterwards; with the server
// running a bbolt file is locked and the import fails (PostgreSQL takes it).
func runMunicipalities(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "usage: loket municipalities import [-data loket.db | -database URL] FILE.csv")
		return 2
	}
	fs := flag.NewFlagSet("municipalities import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "data file to import into")
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
	s, closer, err := where.open()
	if err != nil {
		fmt.Fprintf(stderr, "loket municipalities import: %v\n", err)
		return 1
	}
	defer closer.Close()
	if err := s.SaveMunicipalities(context.Background(), list); err != nil {
		fmt.Fprintf(stderr, "loket municipalities import: %v\n", err)
		return 1
	}
	postcodes := 0
	for _, m := range list {
		postcodes += len(m.Postcodes)
	}
	fmt.Fprintf(stdout, "imported %d municipalities with %d postcodes into %s; restart the servers to use them\n", len(list), postcodes, where)
	return 0
}
