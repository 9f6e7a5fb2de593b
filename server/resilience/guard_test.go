package resilience

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// doubleGzipBomb is 2 GiB of zeros gzipped twice, as in issue 14 item 1:
// the inner layer is one gzip member of 64 MiB of zeros, repeated 32
// times (a gzip reader reads member after member), gzipped again. About
// 8 KB, far under the body limit.
func doubleGzipBomb(t *testing.T) []byte {
	t.Helper()
	var member bytes.Buffer
	w, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	if _, err := io.Copy(w, io.LimitReader(zeros{}, 64<<20)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	var outer bytes.Buffer
	w, _ = gzip.NewWriterLevel(&outer, gzip.BestCompression)
	w.Write(bytes.Repeat(member.Bytes(), 32))
	w.Close()
	return outer.Bytes()
}

// TestDecompressionBombIsRefused sends the bomb with "Content-Encoding:
// gzip, gzip" to the routes the attack used (lookup, booking, a page
// form) and more: each answers 415 without decoding, the server's memory
// stays where it was, and it goes on serving.
func TestDecompressionBombIsRefused(t *testing.T) {
	p := run(t, filepath.Join(t.TempDir(), "loket.db"), benchFlags...)
	body := doubleGzipBomb(t)
	if len(body) > 64<<10 {
		t.Fatalf("bomb of %d bytes", len(body))
	}
	before := p.rss()
	for _, tt := range []struct{ path, ctype string }{
		{"/api/v1/status/lookup", "application/json"},
		{"/api/v1/bookings", "application/json"},
		{"/en/status", "application/x-www-form-urlencoded"},
		{"/en/help", "application/x-www-form-urlencoded"},
		{"/en/staff/signin", "multipart/form-data; boundary=x"},
	} {
		req, _ := http.NewRequest("POST", p.URL+tt.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", tt.ctype)
		req.Header.Set("Content-Encoding", "gzip, gzip")
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v (server: %s)", tt.path, err, p.stderr)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("%s: %d, want 415", tt.path, res.StatusCode)
		}
	}
	if grown := p.rss() - before; grown > 64<<20 {
		t.Errorf("memory grew by %d MiB", grown>>20)
	}
	if code := getJSON(t, p.URL+"/healthz", nil); code != 200 {
		t.Errorf("healthz after the bombs: %d", code)
	}
}

// limited starts loket with at most nofile open descriptors (soft and
// hard), as `ulimit -n` does.
func limited(t *testing.T, nofile int, flags ...string) *proc {
	t.Helper()
	args := serveArgs(filepath.Join(t.TempDir(), "loket.db"), flags...)
	script := fmt.Sprintf(`ulimit -n %d && exec "$0" "$@"`, nofile)
	return start(t, exec.Command("sh", append([]string{"-c", script, binary}, args...)...))
}

// dialFrom opens a connection to the server from a loopback address of
// its own (Linux routes all of 127.0.0.0/8 to lo).
func dialFrom(t *testing.T, p *proc, from string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", strings.TrimPrefix(p.URL, "http://"))
	if err != nil {
		t.Fatalf("dial from %s: %v", from, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// answers sends a request on c and reports whether a response came back
// (a connection the server refused is closed without one).
func answers(c net.Conn) bool {
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: loket\r\n\r\n"); err != nil {
		return false
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode == 200
}

// TestConnectionFloodFromOneAddress: with `ulimit -n 256` the server
// allows 14 connections per address (a sixteenth of what the limit
// leaves); a client holding 100 keeps 14, and everyone else is served.
func TestConnectionFloodFromOneAddress(t *testing.T) {
	p := limited(t, 256)
	var served int
	for range 100 {
		if answers(dialFrom(t, p, "127.0.0.2")) {
			served++
		}
	}
	if served != 14 {
		t.Errorf("the flooding address holds %d connections, want 14", served)
	}
	if !answers(dialFrom(t, p, "127.0.0.1")) {
		t.Error("another client was not served during the flood")
	}
	if n := strings.Count(p.stderr.String(), "per-address connection limit reached"); n != 1 {
		t.Errorf("the limit was logged %d times, want once:\n%s", n, p.stderr)
	}
}

// TestDescriptorExhaustionIsSurvived replays issue 14 item 2: caps set
// above `ulimit -n 200`, 300 idle connections make accept fail with
// EMFILE, which used to end `serve`. Now the server waits, stays up, and
// serves again as soon as connections close; it says so once.
func TestDescriptorExhaustionIsSurvived(t *testing.T) {
	p := limited(t, 200, "-max-conns", "100000", "-max-conns-per-addr", "100000")
	var flood []net.Conn
	for i := range 300 {
		flood = append(flood, dialFrom(t, p, fmt.Sprintf("127.0.1.%d", 1+i%200)))
	}
	// Wait until accept has hit the limit (the log says so).
	for i := 0; !strings.Contains(p.stderr.String(), "out of file descriptors"); i++ {
		if i == 200 {
			t.Fatalf("no descriptor exhaustion reached:\n%s", p.stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("server exited (%v): %s", err, p.stderr)
	}
	for _, c := range flood {
		c.Close()
	}
	if !answers(dialFrom(t, p, "127.0.0.1")) {
		t.Fatalf("not served after the flood ended:\n%s", p.stderr)
	}
	if n := strings.Count(p.stderr.String(), "out of file descriptors"); n != 1 {
		t.Errorf("exhaustion logged %d times, want once", n)
	}
}
