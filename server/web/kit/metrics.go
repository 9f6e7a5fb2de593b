package kit

import (
	"context"
	"crypto/subtle"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/metrics"
)

// newMetrics registers the request metrics and the sources of /metrics
// (package metrics, through the Prometheus client library): the queues'
// lengths, the store's size, and whatever MetricSources adds.
func (h *Kit) newMetrics() (*metrics.Registry, error) {
	src := h.MetricSources
	if h.Queue != nil && src.Queues == nil {
		src.Queues = func() ([]metrics.QueueLength, error) {
			var out []metrics.QueueLength
			for _, o := range h.Queue.Offices() {
				board, err := h.Queue.Board(context.Background(), o.ID)
				if err != nil {
					return nil, err
				}
				for _, s := range board.Services {
					out = append(out, metrics.QueueLength{Office: o.ID, Service: s.ID, Waiting: s.Waiting})
				}
			}
			return out, nil
		}
	}
	if sz, ok := h.Store.(interface{ Size() int64 }); ok && src.StoreSize == nil {
		src.StoreSize = sz.Size
	}
	return metrics.New(src)
}

// Measure times every request and files it under its route pattern (never
// the concrete path, so no dossier number or token reaches a label).
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
	h.metrics.Observe(strings.Clone(c.Method()), route, code, time.Since(start))
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

// MetricsShow writes every metric in Prometheus' text format: requests,
// latencies, queue lengths, the store's size, the Go runtime and the
// process.
func (h *Kit) MetricsShow(c *fiber.Ctx) error {
	var b strings.Builder
	if err := h.metrics.Write(&b); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, metrics.ContentType)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString(b.String())
}
