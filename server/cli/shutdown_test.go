package cli

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"

	"loket/server/config"
)

// TestShutdownEndsEventStreams connects a display's event stream, then
// stops the server: the stream ends at once and the server stops long
// before its (here one minute) shutdown timeout, which it used to wait out
// whole while a stream was open.
func TestShutdownEndsEventStreams(t *testing.T) {
	base, _, stop := startServer(t, func(c *config.Config) {
		c.Demo = true
		c.ShutdownTimeout = time.Minute
	})
	res, err := http.Get(base + "/display/demo-brussels/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("event stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	r := bufio.NewReader(res.Body)
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "retry:") {
		t.Fatalf("first line %q %v", line, err)
	}
	ended := make(chan struct{})
	go func() {
		for {
			if _, err := r.ReadString('\n'); err != nil {
				close(ended)
				return
			}
		}
	}()
	stop() // fails the test if the server has not stopped within 15 s
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Error("the event stream is still open after the server stopped")
	}
}
