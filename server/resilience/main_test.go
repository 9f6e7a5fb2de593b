// Package resilience holds the tests that treat the loket binary as a
// black box under stress: killed mid-write, run on a read-only disk,
// soaked with mixed load, probed for enumeration and leaks. Short versions
// run in `make test`; LOKET_LONG=1 runs the long ones.
package resilience

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "loket-resilience-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "loket")
	build := exec.Command("go", "build", "-o", binary, "loket/cmd/loket")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "resilience: build:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// long reports whether the long versions were asked for.
func long() bool { return os.Getenv("LOKET_LONG") != "" }

// proc is one running loket.
type proc struct {
	cmd    *exec.Cmd
	URL    string
	stderr *syncBuffer
}

// syncBuffer is a log the process writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// benchFlags lift the per-address limits and the proof of work, which
// would otherwise (rightly) stop one test client from hammering the server.
var benchFlags = []string{"-booking-pow=false", "-booking-limit", "1000000000", "-booking-nojs-limit", "1000000000",
	"-manage-limit", "1000000000", "-lookup-limit", "1000000000"}

// run starts loket on data with flags and waits until it serves.
func run(t *testing.T, data string, flags ...string) *proc {
	t.Helper()
	return start(t, exec.Command(binary, serveArgs(data, flags...)...))
}

// serveArgs are the arguments of `loket serve` on data on a free port.
func serveArgs(data string, flags ...string) []string {
	return append([]string{"serve", "-addr", "127.0.0.1:0", "-data", data, "-shutdown-timeout", "2s"}, flags...)
}

// start runs cmd, a loket serve, and waits until it serves.
func start(t *testing.T, cmd *exec.Cmd) *proc {
	t.Helper()
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("loket did not start: %v\n%s", err, stderr.String())
	}
	go io.Copy(io.Discard, out)
	p := &proc{cmd: cmd, URL: strings.TrimSuffix(strings.Fields(line)[4], "/"), stderr: stderr}
	t.Cleanup(p.stop)
	return p
}

// kill ends the process at once, as a power cut would.
func (p *proc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
}

func (p *proc) stop() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

// rss is the process's resident memory in bytes.
func (p *proc) rss() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			var kb int64
			fmt.Sscan(strings.Fields(line)[1], &kb)
			return kb * 1024
		}
	}
	return 0
}

var client = &http.Client{Timeout: 10 * time.Second}

// getJSON fetches url into v and returns the status.
func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	res, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	if v != nil {
		json.NewDecoder(res.Body).Decode(v)
	}
	return res.StatusCode
}

// getBooking reads one booking through the API with its PIN (in the
// header, the only place the API reads it) and decodes it into v.
func getBooking(t *testing.T, base, ref, pin string, v any) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/bookings/"+ref, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Booking-PIN", pin)
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET booking %s: %v", ref, err)
	}
	defer res.Body.Close()
	if v != nil {
		json.NewDecoder(res.Body).Decode(v)
	}
	return res.StatusCode
}

// postJSON sends body as JSON and decodes the answer into v.
func postJSON(url string, body, v any) (int, error) {
	b, _ := json.Marshal(body)
	res, err := client.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if v != nil {
		json.NewDecoder(res.Body).Decode(v)
	}
	return res.StatusCode, nil
}
