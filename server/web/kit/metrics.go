package kit

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// latencyBuckets are the upper bounds (seconds) of the request duration
// histogram: Prometheus' usual ones, which bracket the 100 ms targets.
var latencyBuckets = []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts requests per route pattern (never per concrete path, so
// no dossier number or token reaches a label) and method.
type metrics struct {
	mu     sync.Mutex
	routes map[routeKey]*routeStats
}

type routeKey struct{ method, route string }

type routeStats struct {
	codes   map[int]uint64
	buckets []uint64 // cumulative counts are made when written
	sum     float64
	count   uint64
}

func newMetrics() *metrics { return &metrics{routes: map[routeKey]*routeStats{}} }

func (m *metrics) observe(method, route string, code int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	k := routeKey{method, route}
	r := m.routes[k]
	if r == nil {
		r = &routeStats{codes: map[int]uint64{}, buckets: make([]uint64, len(latencyBuckets))}
		m.routes[k] = r
	}
	r.codes[code]++
	if i, _ := slices.BinarySearch(latencyBuckets, sec); i < len(latencyBuckets) {
		r.buckets[i]++
	}
	r.sum += sec
	r.count++
}

// measure times every request and files it under its route pattern.
func (h *Kit) Measure(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	code := c.Response().StatusCode()
	if err != nil {
		code = fiber.StatusInternalServerError
		var fe *fiber.Error
		if errors.As(err, &fe) {
			code = fe.Code
		}
	}
	route := c.Route().Path
	if code == fiber.StatusNotFound {
		route = "unmatched" // the fallback matches every path
	}
	h.metrics.observe(strings.Clone(c.Method()), route, code, time.Since(start))
	return err
}

// RequireMetricsToken guards /metrics: only the -metrics-token bearer
// token reads it (the route exists only with that option).
func (h *Kit) RequireMetricsToken(c *fiber.Ctx) error {
	want := h.Config.MetricsToken
	got, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if want == "" || !ok || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
		return c.Status(fiber.StatusUnauthorized).SendString("unauthorized\n")
	}
	return c.Next()
}

// MetricsShow writes Prometheus' text format by hand (no client library):
// requests, latencies, queue lengths and the store's size.
func (h *Kit) MetricsShow(c *fiber.Ctx) error {
	var b strings.Builder
	h.metrics.write(&b)
	if h.Queue != nil {
		b.WriteString("# HELP loket_queue_waiting Visitors waiting per office and service.\n# TYPE loket_queue_waiting gauge\n")
		for _, o := range h.Queue.Offices() {
			board, err := h.Queue.Board(c.UserContext(), o.ID)
			if err != nil {
				return err
			}
			for _, s := range board.Services {
				fmt.Fprintf(&b, "loket_queue_waiting{office=%s,service=%s} %d\n", label(o.ID), label(s.ID), s.Waiting)
			}
		}
	}
	if sz, ok := h.Store.(interface{ Size() int64 }); ok {
		fmt.Fprintf(&b, "# HELP loket_store_size_bytes Size of the data file.\n# TYPE loket_store_size_bytes gauge\nloket_store_size_bytes %d\n", sz.Size())
	}
	c.Set(fiber.HeaderContentType, "text/plain; version=0.0.4; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString(b.String())
}

func (m *metrics) write(b *strings.Builder) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]routeKey, 0, len(m.routes))
	for k := range m.routes {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b routeKey) int {
		return strings.Compare(a.route+" "+a.method, b.route+" "+b.method)
	})
	b.WriteString("# HELP loket_http_requests_total Requests by route pattern, method and status code.\n# TYPE loket_http_requests_total counter\n")
	for _, k := range keys {
		r := m.routes[k]
		codes := make([]int, 0, len(r.codes))
		for code := range r.codes {
			codes = append(codes, code)
		}
		slices.Sort(codes)
		for _, code := range codes {
			fmt.Fprintf(b, "loket_http_requests_total{method=%s,route=%s,code=\"%d\"} %d\n", label(k.method), label(k.route), code, r.codes[code])
		}
	}
	b.WriteString("# HELP loket_http_request_duration_seconds Request duration by route pattern.\n# TYPE loket_http_request_duration_seconds histogram\n")
	for _, k := range keys {
		r := m.routes[k]
		ls := "method=" + label(k.method) + ",route=" + label(k.route)
		var cum uint64
		for i, le := range latencyBuckets {
			cum += r.buckets[i]
			fmt.Fprintf(b, "loket_http_request_duration_seconds_bucket{%s,le=\"%s\"} %d\n", ls, strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(b, "loket_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", ls, r.count)
		fmt.Fprintf(b, "loket_http_request_duration_seconds_sum{%s} %s\n", ls, strconv.FormatFloat(r.sum, 'g', -1, 64))
		fmt.Fprintf(b, "loket_http_request_duration_seconds_count{%s} %d\n", ls, r.count)
	}
}

// label quotes a label value as the text format wants.
func label(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(v) + `"`
}
