// Package metrics is Loket's Prometheus instrumentation, through the
// official client library: request counts and latencies per route pattern
// (never per concrete path, so no dossier number or token reaches a
// label), queue lengths and the store's size, plus the Go runtime and
// process collectors. The metric names are the ones Loket wrote by hand
// before, so dashboards keep working.
package metrics

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
)

// LatencyBuckets are the upper bounds (seconds) of the request duration
// histogram: Prometheus' usual ones, which bracket the 100 ms targets.
var LatencyBuckets = []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// QueueLength is how many visitors wait for one service at one office.
type QueueLength struct {
	Office, Service string
	Waiting         int
}

// Sources are the values read when metrics are scraped; nil ones are left
// out.
type Sources struct {
	// Queues lists the queue lengths.
	Queues func() ([]QueueLength, error)
	// StoreSize is the data file's size in bytes.
	StoreSize func() int64
	// Outbox counts the notifications kept, by state, and their failed
	// delivery attempts.
	Outbox func() (Outbox, error)
	// Deliveries counts this process's delivery attempts that succeeded
	// and that failed.
	Deliveries func() (sent, failed int64)
}

// Outbox is the notification outbox's depth and failures.
type Outbox struct {
	// Messages by state: queued (the depth), sent, dead, dropped.
	Messages map[string]int
	// FailedAttempts is the failed attempts of the messages kept.
	FailedAttempts int
}

// Registry holds Loket's metrics. It is safe for concurrent use.
type Registry struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New registers the request metrics, the sources and the Go runtime and
// process collectors.
func New(src Sources) (*Registry, error) {
	r := &Registry{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loket_http_requests_total", Help: "Requests by route pattern, method and status code.",
		}, []string{"method", "route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "loket_http_request_duration_seconds", Help: "Request duration by route pattern.", Buckets: LatencyBuckets,
		}, []string{"method", "route"}),
	}
	cs := []prometheus.Collector{
		r.requests, r.duration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	if src.Queues != nil {
		cs = append(cs, queueCollector{src.Queues})
	}
	if src.Outbox != nil {
		cs = append(cs, outboxCollector{src.Outbox})
	}
	if src.Deliveries != nil {
		for _, o := range []struct {
			outcome string
			pick    func(sent, failed int64) int64
		}{{"sent", func(s, _ int64) int64 { return s }}, {"failed", func(_, f int64) int64 { return f }}} {
			cs = append(cs, prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "loket_notify_deliveries_total", Help: "Notification delivery attempts by this process, by outcome.",
				ConstLabels: prometheus.Labels{"outcome": o.outcome},
			}, func() float64 { return float64(o.pick(src.Deliveries())) }))
		}
	}
	if src.StoreSize != nil {
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "loket_store_size_bytes", Help: "Size of the data file.",
		}, func() float64 { return float64(src.StoreSize()) }))
	}
	for _, c := range cs {
		if err := r.reg.Register(c); err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	return r, nil
}

// Observe counts one request under its route pattern.
func (r *Registry) Observe(method, route string, code int, d time.Duration) {
	r.requests.WithLabelValues(method, route, strconv.Itoa(code)).Inc()
	r.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

// ContentType is the media type Write produces: Prometheus' text format.
var ContentType = string(expfmt.NewFormat(expfmt.TypeTextPlain))

// Write gathers every metric and writes it in the text format.
func (r *Registry) Write(w io.Writer) error {
	families, err := r.reg.Gather()
	if err != nil {
		return fmt.Errorf("metrics: gather: %w", err)
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return fmt.Errorf("metrics: encode: %w", err)
		}
	}
	return nil
}

// queueCollector reads the queue lengths at each scrape.
type queueCollector struct {
	list func() ([]QueueLength, error)
}

var queueDesc = prometheus.NewDesc("loket_queue_waiting", "Visitors waiting per office and service.", []string{"office", "service"}, nil)

func (q queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- queueDesc }

func (q queueCollector) Collect(ch chan<- prometheus.Metric) {
	lengths, err := q.list()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(queueDesc, err)
		return
	}
	for _, l := range lengths {
		ch <- prometheus.MustNewConstMetric(queueDesc, prometheus.GaugeValue, float64(l.Waiting), l.Office, l.Service)
	}
}

// outboxCollector reads the outbox's counts at each scrape.
type outboxCollector struct {
	counts func() (Outbox, error)
}

var (
	outboxDesc   = prometheus.NewDesc("loket_notify_messages", "Notifications kept in the outbox, by state (queued is the depth).", []string{"state"}, nil)
	outboxFailed = prometheus.NewDesc("loket_notify_failed_attempts", "Failed delivery attempts of the notifications kept.", nil, nil)
)

func (o outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- outboxDesc; ch <- outboxFailed }

func (o outboxCollector) Collect(ch chan<- prometheus.Metric) {
	c, err := o.counts()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDesc, err)
		return
	}
	for _, state := range []string{"queued", "sent", "dead", "dropped"} {
		ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(c.Messages[state]), state)
	}
	ch <- prometheus.MustNewConstMetric(outboxFailed, prometheus.GaugeValue, float64(c.FailedAttempts))
}
