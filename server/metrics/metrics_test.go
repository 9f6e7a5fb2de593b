package metrics

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestMetricsText(t *testing.T) {
	r, err := New(Sources{
		Queues:    func() ([]QueueLength, error) { return []QueueLength{{"demo-brussels", "biometrics", 4}}, nil },
		StoreSize: func() int64 { return 1 << 20 },
		Outbox: func() (Outbox, error) {
			return Outbox{Messages: map[string]int{"queued": 12, "sent": 340, "dead": 2}, FailedAttempts: 7}, nil
		},
		Deliveries: func() (int64, int64) { return 340, 9 },
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Observe("GET", "/api/v1/slots", 200, 3*time.Millisecond)
	r.Observe("GET", "/api/v1/slots", 200, 30*time.Millisecond)
	r.Observe("POST", "/api/v1/bookings", 422, time.Millisecond)
	var b bytes.Buffer
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	want := []string{
		`loket_http_requests_total{code="200",method="GET",route="/api/v1/slots"} 2`,
		`loket_http_requests_total{code="422",method="POST",route="/api/v1/bookings"} 1`,
		`loket_http_request_duration_seconds_bucket{method="GET",route="/api/v1/slots",le="0.005"} 1`,
		`loket_http_request_duration_seconds_bucket{method="GET",route="/api/v1/slots",le="0.05"} 2`,
		`loket_http_request_duration_seconds_count{method="GET",route="/api/v1/slots"} 2`,
		`loket_queue_waiting{office="demo-brussels",service="biometrics"} 4`,
		`loket_store_size_bytes 1.048576e+06`,
		`loket_notify_messages{state="queued"} 12`, `loket_notify_messages{state="dead"} 2`, `loket_notify_messages{state="dropped"} 0`,
		`loket_notify_failed_attempts 7`,
		`loket_notify_deliveries_total{outcome="sent"} 340`, `loket_notify_deliveries_total{outcome="failed"} 9`,
		"go_goroutines ", "go_memstats_heap_alloc_bytes ",
	}
	if runtime.GOOS == "linux" {
		want = append(want, "process_resident_memory_bytes ", "process_open_fds ")
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("metrics lack %q", w)
		}
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("promtool is required when CI=true (Debian: prometheus)")
		}
		t.Skip("promtool not installed (Debian: prometheus)")
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

func TestQueueErrorFailsTheScrape(t *testing.T) {
	r, err := New(Sources{Queues: func() ([]QueueLength, error) { return nil, errors.New("store closed") }})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Write(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "store closed") {
		t.Errorf("a failing source: %v", err)
	}
}
