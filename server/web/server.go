// Package web is Loket's HTTP layer: the Fiber app, its middleware, the
// route table and thin handlers that parse a request, call the domain and
// render. It is the only package that knows about Fiber.
package web

import (
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"loket/forms"
	"loket/server/accounts"
	"loket/server/address"
	"loket/server/announce"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/config"
	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/helpdesk"
	"loket/server/locale"
	"loket/server/mandates"
	"loket/server/metrics"
	"loket/server/notify"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/stats"
	"loket/server/web/backoffice"
	"loket/server/web/kit"
	"loket/server/web/public"
	"loket/server/web/staff"
)

// Deps are the parts a server is built from.
type Deps struct {
	Config   config.Config
	Store    kit.Pinger
	Catalogs *locale.Catalogs
	Forms    *forms.Set
	Content  *content.Library
	// Editor lets the editor role change pages and status texts; nil
	// leaves the content editor out.
	Editor *editor.Service
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
	// it those views answer 500).
	CurrentStaff func(*fiber.Ctx) (kit.StaffIdentity, bool)
	AddressAudit kit.AuditLog
	// Dossiers answers status lookups and takes the back-office feed;
	// Tokens checks the bearer tokens of every back-office call (the feed
	// and the address export).
	Dossiers *dossiers.Service
	Tokens   backoffice.TokenStore
	// Queue runs the walk-in queues, kiosks and call displays; nil turns
	// those pages off (404).
	Queue *queue.Service
	// Announcer speaks the call display's calls; nil leaves displays silent.
	Announcer *announce.Announcer
	// Mandates links lawyers to their clients' dossiers; nil turns the
	// lawyer pages and the applicant's "give my lawyer access" off.
	Mandates *mandates.Service
	// LawyerTokens are the lawyers' API tokens; nil leaves the lawyer
	// JSON API out.
	LawyerTokens *mandates.Tokens
	// Stats counts self-service use (nil counts nothing); Escalations
	// reports the helpdesk's escalations to the statistics page (nil:
	// "no escalations recorded").
	Stats       *stats.Counter
	Escalations stats.EscalationCounter
	// Helpdesk runs the "I need help" escalations and the staff inbox;
	// nil turns those pages off (404).
	Helpdesk *helpdesk.Service
	// Notify takes opt-ins and unsubscribes; nil leaves them out. VAPIDKey
	// is the Web Push public key ("" when push is off).
	Notify   *notify.Service
	VAPIDKey string
	// Metrics adds sources to /metrics (the outbox's depth and deliveries).
	Metrics metrics.Sources
	// Proofs shares the proofs of work used with the other instances on
	// the same database; nil when this is the only instance.
	Proofs public.ProofLedger
}

// New builds the Fiber app with every route: one shared kit, one handler
// per audience, and the site map (routes.go).
func New(d Deps) (*fiber.App, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	k := &kit.Kit{Config: d.Config, Store: d.Store, Catalogs: d.Catalogs, Log: d.Log, Now: d.Now, Secret: d.Secret,
		Accounts: d.Accounts, Audit: d.Audit, AuditKey: d.AuditKey, AddressAudit: d.AddressAudit, Stats: d.Stats, Queue: d.Queue,
		MetricSources: d.Metrics}
	if d.Administration.Name != nil {
		k.AdministrationName = d.Administration.NameIn
	}
	if err := k.Init(); err != nil {
		return nil, err
	}
	if d.Bookings != nil {
		// Kept pages show offices (an information page's hours): staff
		// changed one, so they are made again.
		d.Bookings.Watch(func([]bookings.Office) { k.ForgetStatic() })
	}
	pub := &public.Handler{Kit: k, Forms: d.Forms, Content: d.Content, Bookings: d.Bookings, Administration: d.Administration,
		Receipts: d.Receipts, Address: d.Address, Dossiers: d.Dossiers, Mandates: d.Mandates, Helpdesk: d.Helpdesk,
		Notify: d.Notify, VAPIDKey: d.VAPIDKey, Proofs: d.Proofs, Announcer: d.Announcer}
	if err := pub.Init(); err != nil {
		return nil, err
	}
	st := &staff.Handler{Kit: k, Content: d.Content, Editor: d.Editor, Bookings: d.Bookings, Address: d.Address, Dossiers: d.Dossiers,
		Mandates: d.Mandates, LawyerTokens: d.LawyerTokens, Helpdesk: d.Helpdesk, Notify: d.Notify, CurrentStaff: d.CurrentStaff, Escalations: d.Escalations}
	st.Init()
	bo := &backoffice.Handler{Kit: k, Address: d.Address, Dossiers: d.Dossiers, Tokens: d.Tokens}
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
		ErrorHandler:          k.HandleError,
	})
	app.Use(k.Measure, k.RecoverPanics, k.RequestID, k.SecurityHeaders, k.AccessLog,
		compress.New(compress.Config{Level: compress.LevelBestSpeed}), k.Locate, k.CSRF)
	routes(app, d, k, pub, st, bo)
	if d.Stats != nil {
		// The last counts go to the store after the last request, before
		// the store closes.
		app.Hooks().OnShutdown(d.Stats.Flush)
	}
	return app, nil
}
