package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// table renders the results as one Markdown table, one group of columns
// per store, plus the machine's and stores' facts. Each scenario's share
// is of the bare handler measured just before it; the first row is the
// first of those measurements. With two stores, the last column is the
// second's requests/s over the first's.
func table(rows []row, targets []*target, facts []string, o options) string {
	var b strings.Builder
	host, _ := os.Hostname()
	var names []string
	for _, t := range targets {
		names = append(names, t.store)
	}
	fmt.Fprintf(&b, "Loket benchmark, %s, %s (%d cores, %s), wrk -t2 -c%d -d%s on loopback, %d dossiers; %s measured one after the other for each scenario",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), host, runtime.NumCPU(), cpuModel(), o.conns, o.duration, o.dossiers, strings.Join(names, " and "))
	if o.runs > 1 {
		fmt.Fprintf(&b, ", %d runs each: medians, requests/s as median (lowest–highest), the ratio as the median of each run's", o.runs)
	}
	fmt.Fprintf(&b, "; load average %s at the end\n\n", loadAverage())
	head, rule := "| scenario | bare handler just before |", "| --- | ---: |"
	for _, t := range targets {
		head += fmt.Sprintf(" %[1]s requests/s | %[1]s p50 | %[1]s p99 | %[1]s errors | of the bare handler |", t.store)
		rule += " ---: | ---: | ---: | ---: | ---: |"
	}
	if len(targets) == 2 {
		head += fmt.Sprintf(" %s / %s |", targets[1].store, targets[0].store)
		rule += " ---: |"
	}
	fmt.Fprintln(&b, head)
	fmt.Fprintln(&b, rule)
	for _, r := range rows {
		if r.ceiling == 0 { // the first ceiling measured
			c := r.stores[0]
			fmt.Fprintf(&b, "| %s | %.0f |%s\n", r.name, c.rps, strings.Repeat(" |", 5*len(targets)+len(targets)/2))
			continue
		}
		fmt.Fprintf(&b, "| %s | %.0f |", r.name, r.ceiling)
		for i, res := range r.stores {
			rps := fmt.Sprintf("%.0f", res.rps)
			if o.runs > 1 {
				rps += fmt.Sprintf(" (%.0f–%.0f)", r.low[i], r.high[i])
			}
			fmt.Fprintf(&b, " %s | %s | %s | %d | %.0f%% |", rps, ms(res.p50), ms(res.p99), res.errors, 100*res.rps/r.ceiling)
		}
		if len(r.stores) == 2 {
			fmt.Fprintf(&b, " %.2f× |", r.ratio)
		}
		fmt.Fprintln(&b)
	}
	fmt.Fprintf(&b, "\n%s.\n", strings.Join(facts, ". "))
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// loadAverage is the machine's load over the last 1, 5 and 15 minutes.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if err != nil || len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

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
