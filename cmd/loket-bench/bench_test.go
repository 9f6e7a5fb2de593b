package main

import (
	"strings"
	"testing"
	"time"
)

const wrkOutput = `Running 4s test @ http://127.0.0.1:1234/en/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    5.12ms  95.16ms   92.31%
  Latency Distribution
     50%  812.00us
     75%    2.38ms
     90%    5.00ms
     99%    1.01s
  82400 requests in 4.00s, 250.00MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:  20600.12
Transfer/sec:     62.50MB
`

func TestParseWrk(t *testing.T) {
	r, err := parseWrk(result{}, wrkOutput)
	if err != nil {
		t.Fatal(err)
	}
	if r.rps != 20600.12 || r.p50 != 812*time.Microsecond || r.p99 != 1010*time.Millisecond || r.errors != 12 || r.requests != 82400 {
		t.Errorf("parsed %+v", r)
	}
	if _, err := parseWrk(result{}, "wrk: connection refused"); err == nil {
		t.Error("garbage parsed")
	}
}

func TestTableTakesEachShareOfTheCeilingBeforeIt(t *testing.T) {
	rows := []row{
		{name: "ceiling: bare Fiber handler", stores: []result{{rps: 60000}}},
		summarize("home page", []float64{60000}, [][]result{{{rps: 30000}}, {{rps: 15000}}}),
		summarize("status lookup", []float64{50000}, [][]result{{{rps: 25000, errors: 3}}, {{rps: 20000}}}),
	}
	out := table(rows, []*target{{store: "bbolt"}, {store: "PostgreSQL"}}, []string{"disk fsync rate 100/s"}, options{})
	for _, want := range []string{
		"| scenario | bare handler just before | bbolt requests/s |",
		"| PostgreSQL / bbolt |",
		"| home page | 60000 | 30000 | 0.00 ms | 0.00 ms | 0 | 50% | 15000 | 0.00 ms | 0.00 ms | 0 | 25% | 0.50× |",
		"| status lookup | 50000 | 25000 | 0.00 ms | 0.00 ms | 3 | 50% | 20000 | 0.00 ms | 0.00 ms | 0 | 40% | 0.80× |",
		"disk fsync rate 100/s.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// The ceiling row is not compared with itself, and has every column.
	lines := strings.Split(out, "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "| ceiling") {
			if !strings.HasPrefix(l, "| ceiling: bare Fiber handler | 60000 | |") || strings.Count(l, "|") != strings.Count(lines[2], "|") {
				t.Errorf("ceiling row %q (header %q)", l, lines[2])
			}
		}
	}
}

// TestSeveralRunsGiveMediansAndSpread: with three runs a row shows each
// store's median requests/s with the lowest and highest, and the median of
// the run-by-run ratios (not the ratio of the medians).
func TestSeveralRunsGiveMediansAndSpread(t *testing.T) {
	ms := time.Millisecond
	r := summarize("status lookup", []float64{40000, 50000, 60000}, [][]result{
		{{rps: 9000, p99: 30 * ms, errors: 1}, {rps: 8000, p99: 10 * ms}, {rps: 7000, p99: 20 * ms}},
		{{rps: 3000, p99: 5 * ms}, {rps: 6000, p99: 7 * ms}, {rps: 4200, p99: 6 * ms}},
	})
	if r.ceiling != 50000 || r.stores[0].rps != 8000 || r.stores[1].rps != 4200 || r.stores[0].p99 != 20*ms || r.stores[0].errors != 1 {
		t.Errorf("medians: %+v", r)
	}
	if r.low[0] != 7000 || r.high[0] != 9000 || r.low[1] != 3000 || r.high[1] != 6000 {
		t.Errorf("spread: %v %v", r.low, r.high)
	}
	if r.ratio != 0.6 { // 1/3, 3/4, 3/5
		t.Errorf("ratio %v, want 0.6", r.ratio)
	}
	out := table([]row{r}, []*target{{store: "bbolt"}, {store: "PostgreSQL"}}, nil, options{runs: 3})
	if !strings.Contains(out, "| status lookup | 50000 | 8000 (7000–9000) | 0.00 ms | 20.00 ms | 1 | 16% | 4200 (3000–6000) |") || !strings.Contains(out, "| 0.60× |") {
		t.Errorf("table:\n%s", out)
	}
}
