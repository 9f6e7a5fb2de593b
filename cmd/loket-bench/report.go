package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// table renders the results as one Markdown table plus the machine facts.
// Each scenario's share is of the bare handler measured just before it;
// the first row is the first of those measurements.
func table(rs []result, rss, size int64, startup time.Duration, fsyncs float64, importTime time.Duration, o options) string {
	var b strings.Builder
	host, _ := os.Hostname()
	store, file := "bbolt", fmt.Sprintf("data file %.0f MiB", float64(size)/(1<<20))
	if o.database != "" {
		store, file = "PostgreSQL (same machine)", "database on PostgreSQL"
	}
	fmt.Fprintf(&b, "Loket benchmark, %s, %s (%d cores, %s), wrk -t2 -c%d -d%s on loopback, %d dossiers on %s\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), host, runtime.NumCPU(), cpuModel(), o.conns, o.duration, o.dossiers, store)
	fmt.Fprintln(&b, "| scenario | requests/s | p50 | p99 | errors | bare handler just before | of it |")
	fmt.Fprintln(&b, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rs {
		before, ratio := "-", "-"
		if r.ceilingRPS > 0 {
			before, ratio = fmt.Sprintf("%.0f", r.ceilingRPS), fmt.Sprintf("%.0f%%", 100*r.rps/r.ceilingRPS)
		}
		fmt.Fprintf(&b, "| %s | %.0f | %s | %s | %d | %s | %s |\n", r.name, r.rps, ms(r.p50), ms(r.p99), r.errors, before, ratio)
	}
	fmt.Fprintf(&b, "\nPeak RSS %.0f MiB; %s; start-up with the full store %s; disk fsync rate %.0f/s; import of %d dossiers %s.\n",
		float64(rss)/(1<<20), file, startup.Round(time.Millisecond), fsyncs, o.dossiers, importTime.Round(100*time.Millisecond))
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// cpuModel is the processor's name from /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			if _, v, ok := strings.Cut(line, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}
