package web

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"loket/server/queue"
)

// sseClient is one open event stream.
type sseClient struct {
	cancel context.CancelFunc
	lines  chan string
}

func openSSE(t *testing.T, url string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || !strings.HasPrefix(ct, "text/event-stream") || res.Header.Get("Content-Encoding") != "" {
		cancel()
		t.Fatalf("%s: %d %s %s", url, res.StatusCode, ct, res.Header.Get("Content-Encoding"))
	}
	c := &sseClient{cancel: cancel, lines: make(chan string, 64)}
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "data: ") {
				c.lines <- strings.TrimPrefix(sc.Text(), "data: ")
			}
		}
		close(c.lines)
	}()
	return c
}

// next waits for the next data line.
func (c *sseClient) next(t *testing.T) string {
	t.Helper()
	select {
	case l, ok := <-c.lines:
		if !ok {
			t.Fatal("stream ended")
		}
		return l
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return ""
}

// TestEventStreamsDeliverAndEndWithTheirClients opens display and phone
// streams on a real listener, checks that a call reaches all of them, then
// drops the clients and checks that the server lets go of every
// subscription and goroutine.
func TestEventStreamsDeliverAndEndWithTheirClients(t *testing.T) {
	qa := newQueueApp(t, 500)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go qa.app.Listener(ln)
	t.Cleanup(func() { qa.app.ShutdownWithTimeout(time.Second) })
	base := "http://" + ln.Addr().String()
	ctx := context.Background()
	is, err := qa.q.TakeTicket(ctx, "brussels", "documents", "")
	if err != nil {
		t.Fatal(err)
	}
	last, _ := qa.q.TakeTicket(ctx, "brussels", "documents", "")
	if n := streamGoroutines(); n != 0 {
		t.Fatalf("%d stream goroutines before any client", n)
	}

	var clients []*sseClient
	for i := range 40 {
		url := base + "/display/brussels/events"
		if i%2 == 1 {
			url = base + "/en/q/" + qa.q.Token(last.Ticket.ID) + "/events"
		}
		c := openSSE(t, url)
		clients = append(clients, c)
		if first := c.next(t); !strings.HasPrefix(first, "{") {
			t.Fatalf("first event: %q", first)
		}
	}
	if got := qa.q.Broker().Subscribers("brussels"); got != 40 {
		t.Fatalf("subscribers: %d", got)
	}
	if n := streamGoroutines(); n < 40 {
		t.Fatalf("the goroutine count sees only %d of 40 streams", n)
	}
	if _, err := qa.q.CallNext(ctx, queue.Desk{OfficeID: "brussels", Name: "4", Services: []string{"documents"}}); err != nil {
		t.Fatal(err)
	}
	for i, c := range clients {
		got := c.next(t)
		want := `"call":{"n":"` + is.Ticket.Number + `","d":"4"}`
		if i%2 == 1 {
			want = `"state":"waiting"`
		}
		if !strings.Contains(got, want) {
			t.Fatalf("client %d got %s, want %s", i, got, want)
		}
	}
	for _, c := range clients {
		c.cancel()
	}
	// A vanished client is noticed at the next write: changes (or the
	// heartbeat) make one.
	deadline := time.Now().Add(5 * time.Second)
	for qa.q.Broker().Subscribers("brussels") > 0 && time.Now().Before(deadline) {
		if _, err := qa.q.TakeTicket(ctx, "brussels", "biometrics", ""); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := qa.q.Broker().Subscribers("brussels"); got != 0 {
		t.Fatalf("%d subscriptions outlived their clients", got)
	}
	var after int
	for time.Now().Before(deadline) {
		if after = streamGoroutines(); after == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if after != 0 {
		t.Fatalf("%d stream goroutines outlived their clients", after)
	}
}

// streamGoroutines counts the goroutines that serve event streams: the
// stream writers and the server goroutines copying them to connections.
// (fasthttp's idle workers stay around for a while by design: not leaks.)
func streamGoroutines() int {
	buf := make([]byte, 1<<22)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "streamEvents") || strings.Contains(g, "writeBodyStream") {
			n++
		}
	}
	return n
}
