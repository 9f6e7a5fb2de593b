// Command loket-bench measures a real loket binary on this machine: it
// builds a store of realistic size, starts the server on loopback, drives
// every scenario with wrk, and prints one table with the requests/s, p50
// and p99 latency, errors and the ratio to a bare Fiber handler measured in
// the same run, plus peak memory, data-file size, start-up time and the
// disk's fsync rate. `make bench` runs it.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the bench's settings.
type options struct {
	binary   string
	dir      string
	dossiers int
	duration time.Duration
	conns    int
	runs     int
	only     string
	markdown string
	// postgres also measures every scenario on PostgreSQL: on database
	// if set, else on a throwaway cluster the bench starts.
	postgres bool
	database string
}

func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("loket-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.binary, "loket", "bin/loket", "the loket binary to measure")
	fs.StringVar(&o.dir, "dir", "", "working folder for the data file (default: a temporary folder)")
	fs.IntVar(&o.dossiers, "dossiers", 1_000_000, "dossiers in the store")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long each scenario runs")
	fs.IntVar(&o.conns, "c", 64, "concurrent connections")
	fs.IntVar(&o.runs, "runs", 1, "runs of each scenario on each store (the table shows medians and the spread)")
	fs.StringVar(&o.only, "only", "", "run only the scenarios whose name contains this")
	fs.StringVar(&o.markdown, "md", "", "also write the table as Markdown to this file")
	fs.BoolVar(&o.postgres, "postgres", true, "measure PostgreSQL beside bbolt, on a throwaway durable cluster (Debian's postgresql package) unless -database is given")
	fs.StringVar(&o.database, "database", "", "the PostgreSQL database to measure (postgres://…, emptied by nobody: use a fresh one) instead of a throwaway cluster")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := bench(o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "loket-bench:", err)
		return 1
	}
	return 0
}
