package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
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

// result is what wrk measured for one scenario.
type result struct {
	scenario
	rps      float64
	p50, p99 time.Duration
	errors   int
	requests int
	// ceilingRPS is the bare handler's requests/s measured just before
	// this scenario: the machine's ceiling at that moment, which this
	// shared machine's neighbours move by a third from minute to minute.
	ceilingRPS float64
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
	data := filepath.Join(o.dir, "bench.db")
	fmt.Fprintf(stderr, "preparing a store in %s ...\n", data)
	fix, err := prepare(o, data, stderr)
	if err != nil {
		return err
	}
	ceilingURL, stopCeiling, err := startCeiling()
	if err != nil {
		return err
	}
	defer stopCeiling()
	srv, err := startLoket(o.binary, o.storeArgs(data), "-offices", fix.offices)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Fprintf(stderr, "loket started in %s\n", srv.startup.Round(time.Millisecond))

	var results []result
	var ceiling scenario
	for _, sc := range scenarios(o, fix) {
		if sc.ceiling {
			ceiling = sc
			continue
		}
		if o.only != "" && !strings.Contains(sc.name, o.only) {
			continue
		}
		fmt.Fprintf(stderr, "running %s, after the ceiling ...\n", sc.name)
		c, err := runWrk(ceiling, ceilingURL, o, stderr)
		if err != nil {
			return fmt.Errorf("%s: %w", ceiling.name, err)
		}
		if len(results) == 0 {
			results = append(results, c)
		}
		r, err := runWrk(sc, srv.url, o, stderr)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		r.ceilingRPS = c.rps
		results = append(results, r)
	}
	fsyncs := fsyncRate(o.dir, 2*time.Second)
	fi, _ := os.Stat(data)
	var size int64
	if fi != nil {
		size = fi.Size()
	}
	report := table(results, srv.peakRSS(), size, srv.startup, fsyncs, fix.importTime, o)
	fmt.Fprint(stdout, report)
	if o.markdown != "" {
		return os.WriteFile(o.markdown, []byte(report), 0o644)
	}
	return nil
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
