package resilience

import (
	"bufio"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stream opens the hall display's event stream of the demo office as addr
// (through X-Forwarded-For from a trusted proxy). A stream let in is read
// up to its first message; close ends it.
func stream(t *testing.T, p *proc, addr string) (status int, retryAfter string, close func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+"/display/demo-brussels/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Forwarded-For", addr)
	req.Header.Set("Accept", "text/event-stream")
	// Each stream on its own connection, as browsers on different machines.
	res, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		cancel()
		t.Fatalf("stream from %s: %v", addr, err)
	}
	close = func() { cancel(); res.Body.Close() }
	if res.StatusCode == http.StatusOK {
		r := bufio.NewReader(res.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close()
				t.Fatalf("stream from %s ended before its first message: %v", addr, err)
			}
			if strings.HasPrefix(line, "data:") {
				break
			}
		}
	}
	return res.StatusCode, res.Header.Get("Retry-After"), close
}

// TestEventStreamsAreCapped is issue 14 item 2's stream caps against the
// real server: -max-streams-per-addr streams per client address, then 503
// with Retry-After (which EventSource obeys); other addresses go on until
// -max-streams in all; a stream that ends gives its place back.
func TestEventStreamsAreCapped(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	p := run(t, data, "-demo", "-trusted-proxies", "127.0.0.1", "-max-streams", "3", "-max-streams-per-addr", "2")
	var open []func()
	defer func() {
		for _, c := range open {
			c()
		}
	}()
	for i := range 2 {
		code, _, c := stream(t, p, "198.51.100.1")
		open = append(open, c)
		if code != 200 {
			t.Fatalf("stream %d from the first address: %d", i+1, code)
		}
	}
	code, retry, c := stream(t, p, "198.51.100.1")
	c()
	if code != 503 || retry == "" {
		t.Errorf("third stream from the same address: %d (Retry-After %q), want 503 with Retry-After", code, retry)
	}
	code, _, c = stream(t, p, "203.0.113.2")
	open = append(open, c)
	if code != 200 {
		t.Fatalf("stream from a second address: %d", code)
	}
	if code, retry, c := stream(t, p, "192.0.2.3"); code != 503 || retry == "" {
		t.Errorf("fourth stream in all: %d (Retry-After %q), want 503 with Retry-After", code, retry)
		c()
	}
	// The client of the first stream goes away: the server notices at its
	// next write (a heartbeat at the latest, so up to half a minute) and
	// gives the place back. The fast loop (-short) leaves this out.
	if testing.Short() {
		return
	}
	open[0]()
	open = open[1:]
	deadline := time.Now().Add(2 * time.Minute)
	for {
		code, _, c := stream(t, p, "192.0.2.3")
		if code == 200 {
			open = append(open, c)
			break
		}
		c()
		if time.Now().After(deadline) {
			t.Fatal("a closed stream never gave its place back")
		}
		time.Sleep(time.Second)
	}
}
