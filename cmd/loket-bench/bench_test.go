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
	rs := []result{
		{scenario: scenario{name: "ceiling: bare Fiber handler", ceiling: true}, rps: 60000},
		{scenario: scenario{name: "home page"}, rps: 30000, ceilingRPS: 60000},
		{scenario: scenario{name: "status lookup"}, rps: 25000, ceilingRPS: 50000},
	}
	out := table(rs, 0, 0, 0, 0, 0, options{})
	for _, want := range []string{"| home page | 30000 |", "| 60000 | 50% |", "| status lookup | 25000 |", "| 50000 | 50% |"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "| ceiling: bare Fiber handler | 60000 | 0.00 ms | 0.00 ms | 0 | - | - |") {
		t.Errorf("the ceiling row should not be compared with itself:\n%s", out)
	}
}
