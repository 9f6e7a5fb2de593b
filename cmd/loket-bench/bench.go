package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5"

	"loket/server/store/postgres/pgtest"
)

// scenario is one load to drive. script, when set, is a wrk Lua script
// (it may build request bodies); path is the URL path otherwise.
type scenario struct {
	name   string
	path   string
	script string
	// ceiling marks the bare Fiber handler every ratio is taken against.
	ceiling bool
	// headers are sent with every request ("Accept-Encoding: gzip", as
	// every browser sends).
	headers []string
}

// result is what wrk measured for one scenario on one store.
type result struct {
	scenario
	rps      float64
	p50, p99 time.Duration
	errors   int
	requests int
}

// row is one scenario measured on every store, after the bare handler
// measured just before: the machine's ceiling at that moment, which this
// shared machine's neighbours move by a third from minute to minute.
// With several runs each figure is the median, low and high are the
// extremes of requests/s, and ratios are the second store's requests/s
// over the first's, run by run.
type row struct {
	name      string
	ceiling   float64
	stores    []result // in the order of the targets
	low, high []float64
	ratio     float64
}

// summarize makes the row of a scenario's runs (runs[store][run]).
func summarize(name string, ceilings []float64, runs [][]result) row {
	r := row{name: name, ceiling: median(ceilings)}
	var ratios []float64
	for i, rs := range runs {
		rps := make([]float64, len(rs))
		p50s := make([]float64, len(rs))
		p99s := make([]float64, len(rs))
		agg := rs[0]
		agg.errors = 0
		for n, res := range rs {
			rps[n], p50s[n], p99s[n] = res.rps, float64(res.p50), float64(res.p99)
			agg.errors += res.errors
			if i == 1 && runs[0][n].rps > 0 {
				ratios = append(ratios, res.rps/runs[0][n].rps)
			}
		}
		agg.rps, agg.p50, agg.p99 = median(rps), time.Duration(median(p50s)), time.Duration(median(p99s))
		r.stores = append(r.stores, agg)
		r.low, r.high = append(r.low, slices.Min(rps)), append(r.high, slices.Max(rps))
	}
	if len(ratios) > 0 {
		r.ratio = median(ratios)
	}
	return r
}

// median is the middle value (the mean of the two middle ones).
func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// target is one store measured: bbolt, or PostgreSQL.
type target struct {
	store    string // "bbolt" or "PostgreSQL"
	database string // the PostgreSQL URL; "" for bbolt
	data     string // the bbolt file, or where the audit key goes beside it
	fix      fixture
	srv      *server
}

// storeArgs are the flags that point loket at the store (with
// PostgreSQL, the audit key beside where the data file would be).
func (t *target) storeArgs() []string {
	if t.database != "" {
		return []string{"-database", t.database, "-audit-key-file", t.data + ".audit-key"}
	}
	return []string{"-data", t.data}
}

func bench(o options, stdout, stderr io.Writer) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		return errors.New("wrk is not installed (apt-get install wrk)")
	}
	if o.dir == "" {
		d, err := os.MkdirTemp("", "loket-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		o.dir = d
	}
	targets := []*target{{store: "bbolt", data: filepath.Join(o.dir, "bench.db")}}
	if o.postgres || o.database != "" {
		url := o.database
		if url == "" {
			fmt.Fprintln(stderr, "starting a throwaway PostgreSQL cluster (durable: fsync and synchronous_commit on) ...")
			u, stop, err := startPostgres()
			if err != nil {
				return fmt.Errorf("PostgreSQL (or run with -postgres=false): %w", err)
			}
			defer stop()
			url = u
		}
		targets = append(targets, &target{store: "PostgreSQL", database: url, data: filepath.Join(o.dir, "pg.db")})
	}
	for _, t := range targets {
		fmt.Fprintf(stderr, "preparing the %s store ...\n", t.store)
		var err error
		if t.fix, err = prepare(o, t, stderr); err != nil {
			return fmt.Errorf("%s: %w", t.store, err)
		}
	}
	ceilingURL, stopCeiling, err := startCeiling()
	if err != nil {
		return err
	}
	defer stopCeiling()
	for _, t := range targets {
		if t.srv, err = startLoket(o.binary, t.storeArgs(), "-offices", t.fix.offices); err != nil {
			return fmt.Errorf("%s: %w", t.store, err)
		}
		defer t.srv.stop()
		fmt.Fprintf(stderr, "loket on %s started in %s\n", t.store, t.srv.startup.Round(time.Millisecond))
	}

	lists := make([][]scenario, len(targets))
	for i, t := range targets {
		lists[i] = scenarios(o, t.fix)
	}
	var rows []row
	ceiling := lists[0][0]
	for k, sc := range lists[0] {
		if sc.ceiling || (o.only != "" && !strings.Contains(sc.name, o.only)) {
			continue
		}
		runs := make([][]result, len(targets))
		var ceilings []float64
		for n := range max(o.runs, 1) {
			fmt.Fprintf(stderr, "running %s (%d of %d), after the ceiling ...\n", sc.name, n+1, max(o.runs, 1))
			c, err := runWrk(ceiling, ceilingURL, o, stderr)
			if err != nil {
				return fmt.Errorf("%s: %w", ceiling.name, err)
			}
			if len(rows) == 0 {
				rows = append(rows, row{name: ceiling.name, stores: []result{c}})
			}
			ceilings = append(ceilings, c.rps)
			for i, t := range targets {
				res, err := runWrk(lists[i][k], t.srv.url, o, stderr)
				if err != nil {
					return fmt.Errorf("%s on %s: %w", sc.name, t.store, err)
				}
				runs[i] = append(runs[i], res)
			}
		}
		rows = append(rows, summarize(sc.name, ceilings, runs))
	}
	facts := []string{fmt.Sprintf("disk fsync rate %.0f/s", fsyncRate(o.dir, 2*time.Second))}
	for _, t := range targets {
		facts = append(facts, t.facts(o))
	}
	report := table(rows, targets, facts, o)
	fmt.Fprint(stdout, report)
	if o.markdown != "" {
		return os.WriteFile(o.markdown, []byte(report), 0o644)
	}
	return nil
}

// benchPostgresSettings are the throwaway cluster's settings beyond the
// durable defaults: shared buffers that hold the dossiers table and its
// index (about 400 MB for 1M dossiers), as docs/scaling.md recommends.
var benchPostgresSettings = []string{"shared_buffers=512MB"}

// startPostgres starts a durable throwaway cluster with one empty
// database, and returns that database's URL.
func startPostgres() (string, func(), error) {
	admin, stop, err := pgtest.Start(benchPostgresSettings...)
	if err != nil {
		return "", nil, err
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err == nil {
		_, err = conn.Exec(ctx, "CREATE DATABASE loket_bench")
		conn.Close(ctx)
	}
	if err != nil {
		stop()
		return "", nil, err
	}
	u, err := url.Parse(admin)
	if err != nil {
		stop()
		return "", nil, err
	}
	u.Path = "/loket_bench"
	return u.String(), stop, nil
}

// facts are the store's size, the server's peak memory, its start-up
// time with the full store and the import's time.
func (t *target) facts(o options) string {
	size := "data file ?"
	if t.database != "" {
		ctx := context.Background()
		if conn, err := pgx.Connect(ctx, t.database); err == nil {
			var n int64
			if conn.QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&n) == nil {
				size = fmt.Sprintf("database %.0f MiB", float64(n)/(1<<20))
			}
			conn.Close(ctx)
		}
	} else if fi, err := os.Stat(t.data); err == nil {
		size = fmt.Sprintf("data file %.0f MiB", float64(fi.Size())/(1<<20))
	}
	return fmt.Sprintf("%s: Loket's peak RSS %.0f MiB; %s; start-up with the full store %s; import of %d dossiers %s",
		t.store, float64(t.srv.peakRSS())/(1<<20), size, t.srv.startup.Round(time.Millisecond), o.dossiers,
		t.fix.importTime.Round(100*time.Millisecond))
}

// startCeiling serves a fixed string from a bare Fiber handler, the upper
// bound any Loket route is compared with.
func startCeiling() (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	go app.Listener(ln)
	return "http://" + ln.Addr().String(), func() { app.Shutdown() }, nil
}

// server is the running loket under test.
type server struct {
	cmd     *exec.Cmd
	url     string
	startup time.Duration
}

func startLoket(binary string, where []string, extra ...string) (*server, error) {
	args := append(append([]string{"serve", "-addr", "127.0.0.1:0"}, where...),
		"-log-format", "json", "-lookup-limit", "1000000000", "-booking-pow=false", "-booking-limit", "1000000000", "-booking-nojs-limit", "1000000000", "-manage-limit", "1000000000")
	args = append(args, extra...)
	start := time.Now()
	cmd := exec.Command(binary, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		return nil, fmt.Errorf("loket did not start: %w", err)
	}
	go io.Copy(io.Discard, out)
	f := strings.Fields(line)
	s := &server{cmd: cmd, url: strings.TrimSuffix(f[4], "/")}
	for i := 0; i < 500; i++ {
		if res, err := http.Get(s.url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				s.startup = time.Since(start)
				return s, nil
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.stop()
	return nil, errors.New("loket never became healthy")
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
	}
}

// peakRSS is the server's high-water resident memory (VmHWM), in bytes.
func (s *server) peakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// runWrk drives one scenario and parses wrk's summary.
func runWrk(sc scenario, base string, o options, stderr io.Writer) (result, error) {
	r := result{scenario: sc}
	args := []string{"-t2", "-c" + strconv.Itoa(o.conns), "-d" + o.duration.String(), "--latency", "--timeout", "5s"}
	for _, h := range sc.headers {
		args = append(args, "-H", h)
	}
	url := base + sc.path
	if sc.script != "" {
		f := filepath.Join(o.dir, strings.ReplaceAll(sc.name, " ", "_")+".lua")
		if err := os.WriteFile(f, []byte(sc.script), 0o644); err != nil {
			return r, err
		}
		args = append(args, "-s", f)
		url = base
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.duration+30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return r, fmt.Errorf("wrk: %v: %s", err, out)
	}
	return parseWrk(r, string(out))
}

func parseWrk(r result, out string) (result, error) {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == "Requests/sec:":
			r.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			r.p50 = parseLatency(f[1])
		case len(f) == 2 && f[0] == "99%":
			r.p99 = parseLatency(f[1])
		case len(f) >= 5 && f[0] == "Non-2xx":
			n, _ := strconv.Atoi(f[len(f)-1])
			r.errors += n
		case len(f) >= 2 && f[0] == "Socket" && f[1] == "errors:":
			for i := 2; i+1 < len(f); i += 2 {
				n, _ := strconv.Atoi(strings.TrimSuffix(f[i+1], ","))
				r.errors += n
			}
		case len(f) >= 4 && f[1] == "requests" && f[2] == "in":
			r.requests, _ = strconv.Atoi(f[0])
		}
	}
	if r.rps == 0 {
		return r, fmt.Errorf("could not read wrk's output:\n%s", out)
	}
	return r, nil
}

// parseLatency reads wrk's "812.00us", "1.23ms" or "1.01s".
func parseLatency(s string) time.Duration {
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}} {
		if strings.HasSuffix(s, u.suffix) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(s, u.suffix), 64)
			if err != nil {
				return 0
			}
			return time.Duration(v * float64(u.unit))
		}
	}
	return 0
}

// fsyncRate is how many 4 KiB write+fsync rounds the disk under dir does
// per second: the ceiling for durable writes that do not share fsyncs.
func fsyncRate(dir string, d time.Duration) float64 {
	f, err := os.CreateTemp(dir, "fsync-")
	if err != nil {
		return 0
	}
	defer os.Remove(f.Name())
	defer f.Close()
	buf := make([]byte, 4096)
	n := 0
	start := time.Now()
	for time.Since(start) < d {
		if _, err := f.WriteAt(buf, int64(n%256)*4096); err != nil {
			return 0
		}
		if err := f.Sync(); err != nil {
			return 0
		}
		n++
	}
	return float64(n) / time.Since(start).Seconds()
}
