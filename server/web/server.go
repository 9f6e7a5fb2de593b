// Package web is Loket's HTTP layer: the Fiber app, its middleware, the
// route table and thin handlers that parse a request, call the domain and
// render. It is the only package that knows about Fiber.
package web

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"loket/forms"
	"loket/server/accounts"
	"loket/server/address"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/cache"
	"loket/server/config"
	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/helpdesk"
	"loket/server/locale"
	"loket/server/mandates"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/stats"
)

// Store is what the HTTP layer itself needs from storage; domain services
// bring their own interfaces.
type Store interface {
	Ping() error
}

// Deps are the parts a server is built from.
type Deps struct {
	Config   config.Config
	Store    Store
	Catalogs *locale.Catalogs
	Forms    *forms.Set
	Content  *content.Library
	// Bookings runs appointments; nil leaves the appointment pages out.
	Bookings *bookings.Manager
	// Administration is who runs the offices and how to reach its
	// helpdesk, for the contact, privacy and accessibility pages.
	Administration bookings.Administration
	Log            *slog.Logger
	Now            func() time.Time
	// Secret keys the CSRF tokens; 32 random bytes kept in the store.
	Secret []byte
	// Receipts verifies and prints receipts; nil leaves the receipt
	// routes answering 503.
	Receipts *receipts.Service
	// Accounts signs staff and lawyers in; nil leaves the staff console
	// out of the route table (and requireRole refuses everyone).
	Accounts *accounts.Service
	// Audit is the append-only trail; AuditKey keys the hashes of client
	// addresses in it (32 random bytes kept in the store).
	Audit    *audit.Trail
	AuditKey []byte

	// Address is the digital address notification; nil turns its pages off.
	Address *address.Service
	// CurrentStaff is the signed-in staff member of a request (the accounts
	// session); AddressAudit records every view of a notification (without
	// it those views answer 500); BackofficeTokens checks the back office's
	// bearer tokens.
	CurrentStaff     func(*fiber.Ctx) (StaffIdentity, bool)
	AddressAudit     AuditLog
	BackofficeTokens TokenChecker
	// Dossiers answers status lookups and takes the back-office feed;
	// Tokens checks the feed's bearer tokens.
	Dossiers *dossiers.Service
	Tokens   TokenStore
	// Queue runs the walk-in queues, kiosks and call displays; nil turns
	// those pages off (404).
	Queue *queue.Service
	// Mandates links lawyers to their clients' dossiers; nil turns the
	// lawyer pages and the applicant's "give my lawyer access" off.
	Mandates *mandates.Service
	// Stats counts self-service use (nil counts nothing); Escalations
	// reports the helpdesk's escalations to the statistics page (nil:
	// "no escalations recorded").
	Stats       *stats.Counter
	Escalations stats.EscalationCounter
	// Helpdesk runs the "I need help" escalations and the staff inbox;
	// nil turns those pages off (404).
	Helpdesk *helpdesk.Service
}

// handler carries the dependencies of every handler.
type handler struct {
	Deps
	book    *bookingState
	tpl     *templates
	assets  *assets
	static  sync.Map // rendered static pages: see renderStatic
	pickers sync.Map // the language picker's HTML per shell and language
	// office is the offices' time zone, for the times shown on receipts.
	office *time.Location
	// receiptGuards may each let a request download a receipt's PDF.
	receiptGuards []receiptGuard
	// signinLimit counts sign-in attempts per client address.
	signinLimit *limiter
	// lookups limits status lookups per client address.
	lookups *limiter
	// printed and dates keep sentences and dates that lookups print again
	// and again.
	printed *memo
	dates   *dateMemo
	// receiptPages keeps rendered verification pages: see receiptShow.
	receiptPages *cache.Recent[[]byte]
	// displayMemos share rendered call-display events: office id -> *displayMemo.
	displayMemos sync.Map
	// metrics counts requests per route for GET /metrics.
	metrics *metrics
	// linkTries limits the codes one lawyer may try.
	linkTries *limiter
	// times keeps the processing times' JSON and CSV of the snapshot.
	times atomic.Pointer[timesFiles]
}

// New builds the Fiber app with every route.
func New(d Deps) (*fiber.App, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	tpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	office, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		return nil, err
	}
	h := &handler{Deps: d, tpl: tpl, assets: as, office: office,
		signinLimit: newLimiter(signinPerAddress, signinWindow, limiterMaxKeys, d.Now),
		lookups:     newLimiter(d.Config.LookupLimit, d.Config.LookupWindow, limiterMaxKeys, d.Now),
		printed:     &memo{max: 200000}, metrics: newMetrics(), receiptPages: cache.New[[]byte](receiptPagesKept),
		linkTries: newLimiter(linkTriesPerWindow, linkTriesWindow, limiterMaxKeys, d.Now)}
	h.receiptGuards = []receiptGuard{h.receiptTokenGuard}
	if h.CurrentStaff == nil && h.Accounts != nil {
		h.CurrentStaff = h.municipalityStaff
	}
	if h.BackofficeTokens == nil && h.Tokens != nil {
		h.BackofficeTokens = tokenCheck{h.Tokens}
	}
	var langs []string
	for _, m := range d.Catalogs.Languages() {
		langs = append(langs, m.Code)
	}
	h.dates = newDateMemo(langs)
	app := fiber.New(fiber.Config{
		AppName:        "loket",
		BodyLimit:      d.Config.BodyLimit,
		ReadTimeout:    15 * time.Second,
		WriteTimeout:   30 * time.Second,
		IdleTimeout:    60 * time.Second,
		ReadBufferSize: 8192,
		// A page and its headers leave in one write: most pages are 4-8 KB.
		WriteBufferSize:       16384,
		DisableStartupMessage: true,
		ErrorHandler:          h.handleError,
	})
	app.Use(h.measure, h.recoverPanics, h.requestID, h.securityHeaders, h.accessLog,
		compress.New(compress.Config{Level: compress.LevelBestSpeed}), h.locate, h.csrf)
	h.book = newBookingState(d.Config, d.Now)
	h.routes(app)
	if d.Stats != nil {
		// The last counts go to the store after the last request, before
		// the store closes.
		app.Hooks().OnShutdown(d.Stats.Flush)
	}
	return app, nil
}
