// Package kit is what every audience of Loket's HTTP layer shares: the
// request's state (language, shell, CSRF token, request id), rendering of
// pages and JSON, the one error answer, the middleware, the guards and the
// small helpers (memos, CSV cells; the rate limiters are server/ratelimit). The audience packages
// (public, staff, backoffice) embed a *Kit in their own handler.
package kit

import (
	"log/slog"
	"sync"
	"time"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/config"
	"loket/server/locale"
	"loket/server/metrics"
	"loket/server/queue"
	"loket/server/stats"
)

// Pinger is what the health check needs from storage.
type Pinger interface {
	Ping() error
}

// Kit carries what the shared parts of the HTTP layer use. Set the
// exported fields, then call Init.
type Kit struct {
	Config   config.Config
	Store    Pinger
	Catalogs *locale.Catalogs
	Log      *slog.Logger
	Now      func() time.Time
	// Secret keys the CSRF tokens.
	Secret []byte
	// Accounts signs staff and lawyers in (the guards); nil refuses
	// every staff route.
	Accounts *accounts.Service
	// Audit is the append-only trail; AuditKey keys the hashes of client
	// addresses in it; AddressAudit, when set, records views of address
	// notifications instead.
	Audit        *audit.Trail
	AuditKey     []byte
	AddressAudit AuditLog
	// Stats counts self-service use (nil counts nothing).
	Stats *stats.Counter
	// Queue adds the queues' gauges to /metrics and runs the kiosk guard.
	Queue *queue.Service
	// MetricSources adds to /metrics (the notification outbox); the
	// queues and the store's size are added by Init.
	MetricSources metrics.Sources
	// Office is the offices' time zone, for the times people read.
	Office *time.Location
	// AdministrationName names the administration behind Loket in a
	// language, for the header (nil: none).
	AdministrationName func(lang string) string

	tpl     *templates
	assets  *assets
	static  sync.Map          // rendered static pages: see RenderStatic
	pickers sync.Map          // the language picker's HTML per shell and language
	metrics *metrics.Registry // requests per route and the sources, for GET /metrics
	dates   *DateMemo
}

// Init loads the templates and assets (parsed once, at start-up) and the
// offices' time zone.
func (h *Kit) Init() error {
	if h.Now == nil {
		h.Now = time.Now
	}
	as, err := loadAssets()
	if err != nil {
		return err
	}
	if err := as.addBrand(h.Config); err != nil {
		return err
	}
	tpl, err := parseTemplates()
	if err != nil {
		return err
	}
	office, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		return err
	}
	var langs []string
	for _, m := range h.Catalogs.Languages() {
		langs = append(langs, m.Code)
	}
	reg, err := h.newMetrics()
	if err != nil {
		return err
	}
	h.assets, h.tpl, h.Office, h.metrics, h.dates = as, tpl, office, reg, newDateMemo(langs)
	return nil
}
