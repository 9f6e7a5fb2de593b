// Package compose wires Loket together: it builds every domain service
// over the store, the adapters through which one domain asks another
// (bookings ask dossiers, the queue asks bookings, statistics ask the
// helpdesk) without importing it, and the HTTP app. The command line
// (server/cli) only parses commands and runs what this package builds.
package compose

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/accounts"
	"loket/server/address"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/config"
	"loket/server/content"
	"loket/server/demo"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/helpdesk"
	"loket/server/locale"
	"loket/server/mandates"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/stats"
	"loket/server/web"
	"loket/server/web/public"
	"loket/translations"
)

// statsFlush is how often the statistics counts go to the store (and
// once more at shutdown).
const statsFlush = 30 * time.Second

// auditClientKey names the store secret that keys the hashes of client
// addresses in the audit trail.
const auditClientKey = "audit-client"

// Server is a built Loket: the HTTP app, the jobs to run beside it until
// shutdown, and the audit trail (the command line logs its signed heads).
type Server struct {
	App   *fiber.App
	Jobs  []Job
	Trail *audit.Trail
	// Drain ends the long-lived responses (queue event streams) when
	// shutdown begins, so they do not hold it up until its timeout.
	Drain func()
}

// Job is work serve runs beside the HTTP server until ctx ends: refreshing
// estimates, deleting what is kept no longer.
type Job func(ctx context.Context)

// The processing-time estimates and queue positions are computed at
// start, then again within estimateCheck of a change to the dossiers, and
// at least every estimateStale.
const (
	estimateCheck = time.Minute
	estimateStale = 10 * time.Minute
)

// Build wires a server: it loads the catalogs, forms and content, makes
// every domain service over the store with the adapters between them
// (this package is the one place where domains meet), and returns the
// HTTP app with the jobs to run beside it.
func Build(cfg config.Config, s Store, log *slog.Logger) (*Server, error) {
	cats, err := locale.Load(translations.FS, locale.Options{Default: cfg.DefaultLang, Order: translations.Languages, Fallbacks: cfg.Fallbacks,
		Digits: cfg.Digits})
	if err != nil {
		return nil, err
	}
	fset, err := forms.Load()
	if err != nil {
		return nil, err
	}
	lib, err := content.Load(translations.FS, dossiers.Procedures)
	if err != nil {
		return nil, err
	}
	dos, err := DossierService(s, cats, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Demo {
		if err := demo.Load(s, dos, accounts.New(s, accounts.DefaultPolicy(), nil)); err != nil {
			return nil, fmt.Errorf("demo data: %w", err)
		}
	}
	if err := dos.Refresh(); err != nil {
		return nil, err
	}
	secret, err := s.Secret("csrf")
	if err != nil {
		return nil, err
	}
	rcpts, err := OpenReceipts(cfg, s)
	if err != nil {
		return nil, err
	}
	auditKey, err := s.Secret(auditClientKey)
	if err != nil {
		return nil, err
	}
	addr, err := BuildAddress(cfg, s, rcpts)
	if err != nil {
		return nil, err
	}
	bm, err := NewBookings(cfg, s, log, dos)
	if err != nil {
		return nil, err
	}
	// Instances sharing a database tell each other of changes.
	var rl *relay
	var announce func(context.Context, string, *queue.Call)
	var proofs public.ProofLedger
	if sh, ok := s.(shared); ok {
		rl, proofs = newRelay(sh, log), sh
		announce = rl.announce
	}
	var q *queue.Service
	var officeIDs []string
	if bm != nil {
		if q, err = newQueue(s, bm.Offices(), bm, dossierCheck{dos}, announce); err != nil {
			return nil, err
		}
		for _, o := range bm.Offices() {
			officeIDs = append(officeIDs, o.ID)
		}
		followOffices(bm, q, log)
	}
	desk, err := BuildHelpdesk(cfg, s, rcpts, dos, cats)
	if err != nil {
		return nil, err
	}
	// The shipped canned answers, in every language, into a store that has none.
	if _, err := desk.InstallShippedCanned(context.Background(), catalogText(cats)); err != nil {
		return nil, err
	}
	admin, err := administration(cfg)
	if err != nil {
		return nil, err
	}
	auditSeal, err := audit.LoadKey(cfg.AuditKeyPath(), true)
	if err != nil {
		return nil, err
	}
	trail := audit.NewKeyed(s, auditSeal, nil)
	brussels, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		return nil, err
	}
	counter := stats.NewCounter(s, brussels, nil)
	note, err := BuildNotify(cfg, s, cats, bm, log)
	if err != nil {
		return nil, err
	}
	// The content editor: published revisions replace the shipped texts.
	ed := editor.New(s, editor.LiveTexts{Pages: lib, Statuses: dos.Catalog(), Languages: translations.Languages}, time.Now)
	if err := ed.Start(context.Background()); err != nil {
		return nil, err
	}
	mand := mandates.New(s, mandates.Options{})
	app, err := web.New(web.Deps{Notify: note.Service, VAPIDKey: note.VAPIDKey, Metrics: note.Metrics(), Config: cfg, Store: s, Catalogs: cats, Forms: fset, Content: lib, Editor: ed, Log: log, Secret: secret,
		Receipts: rcpts,
		Accounts: accounts.New(s, accounts.DefaultPolicy(), nil), Audit: trail, AuditKey: auditKey,
		Address: addr, Bookings: bm, Administration: admin, Dossiers: dos, Tokens: s, Queue: q, Helpdesk: desk,
		Mandates: mand, LawyerTokens: mandates.NewTokens(s, nil), Stats: counter, Escalations: escalationCounts{desk, brussels},
		Proofs: proofs, Announcer: newAnnouncer(log)})
	jobs := []Job{
		func(ctx context.Context) {
			dos.Run(ctx, estimateCheck, estimateStale, func(err error) { log.Error("estimates not refreshed", "err", err) })
		},
		func(ctx context.Context) {
			counter.Run(ctx, statsFlush, func(err error) { log.Error("statistics not flushed", "err", err) })
		},
	}
	if rl != nil {
		jobs = append(jobs, rl.jobs(q, officeIDs, rcpts, dos, bm, s)...)
	}
	drain := func() {}
	if q != nil {
		drain = q.Broker().Close
	}
	if cfg.ReadOnly {
		return &Server{App: app, Jobs: jobs, Trail: trail, Drain: drain}, err
	}
	// Clean-ups write: a read-only server leaves them to the next one.
	jobs = append(jobs,
		// The outbox: delivery, reminders and the purge of old messages.
		note.Run,
		// The lawyers' daily digests, by e-mail.
		func(ctx context.Context) {
			if _, email := note.Service.Channels(); email {
				note.Service.RunDigests(ctx, lawyerDigests{mand, dos.Catalog(), cats}, 10*time.Minute,
					func(err error) { log.Error("lawyer digests", "err", err) })
			}
		},
		func(ctx context.Context) {
			Housekeeping(ctx, log, time.Hour, "address notifications deleted after retention", addr.Purge)
		},
		func(ctx context.Context) {
			Housekeeping(ctx, log, cfg.LookupWindow, "expired lookup failure counts deleted",
				func(context.Context) (int, error) { return dos.Prune() })
		})
	if q != nil {
		jobs = append(jobs, func(ctx context.Context) {
			Housekeeping(ctx, log, 6*time.Hour, "old queue tickets deleted",
				func(ctx context.Context) (int, error) { return q.Purge(ctx, queueKeep) })
		})
	}
	return &Server{App: app, Jobs: jobs, Trail: trail, Drain: drain}, err
}

// DossierService is the dossier domain on this store, with its status
// catalog and the store's lookup secret.
func DossierService(s Store, cats *locale.Catalogs, cfg config.Config) (*dossiers.Service, error) {
	cat, err := dossiers.LoadCatalog(translations.FS)
	if err != nil {
		return nil, err
	}
	key, err := s.Secret("lookup")
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		return nil, err
	}
	var langs []string
	for _, m := range cats.Languages() {
		langs = append(langs, m.Code)
	}
	return dossiers.New(s, cat, dossiers.Options{Key: key, AddressLimit: cfg.LookupLimit, KioskLimit: cfg.KioskLookupLimit,
		Failures: cfg.DossierFailures,
		Window:   cfg.LookupWindow, Brake: cfg.DossierBrake, BrakeWindow: cfg.DossierBrakeWindow, Langs: langs, Location: loc}), nil
}

// OpenReceipts loads the receipt signing keys (the first start makes a
// pair) and the service, with the one PDF renderer of the process.
func OpenReceipts(cfg config.Config, s Store) (*receipts.Service, error) {
	keys, err := receipts.OpenKeyring(context.Background(), s, nil)
	if err != nil {
		return nil, err
	}
	renderer, err := receipts.NewRenderer()
	if err != nil {
		return nil, err
	}
	base := cfg.BaseURL
	if base == "" { // configs built in code rather than parsed from flags
		base = "http://" + cfg.Addr
	}
	return receipts.New(s, keys, receipts.Config{BaseURL: base, Renderer: renderer})
}

// BuildAddress makes the address notification service: the imported
// municipality list when there is one, else the curated list shipped with Loket.
func BuildAddress(cfg config.Config, s Store, rs *receipts.Service) (*address.Service, error) {
	ctx := context.Background()
	dir, err := address.Curated()
	if err != nil {
		return nil, err
	}
	if list, ok, err := s.Municipalities(ctx); err != nil {
		return nil, err
	} else if ok {
		if dir, err = address.NewDirectory(list); err != nil {
			return nil, fmt.Errorf("imported municipality list: %w", err)
		}
	}
	secret, err := s.Secret("address")
	if err != nil {
		return nil, err
	}
	return address.New(s, rs, dir, address.NewCountries(), address.Config{Secret: secret, Retention: cfg.AddressRetention})
}

// BuildHelpdesk makes the escalation service with its PIN secret and the
// catalogs' languages for canned answers.
func BuildHelpdesk(cfg config.Config, s Store, rs *receipts.Service, dos *dossiers.Service, cats *locale.Catalogs) (*helpdesk.Service, error) {
	secret, err := s.Secret("helpdesk")
	if err != nil {
		return nil, err
	}
	var langs []string
	for _, m := range cats.Languages() {
		langs = append(langs, m.Code)
	}
	return helpdesk.New(s, rs, dos, helpdesk.Config{Secret: secret, SLA: cfg.HelpdeskSLA, Langs: langs})
}

// catalogText looks a message up in one language's catalog, without
// falling back to another.
func catalogText(cats *locale.Catalogs) func(lang, key string) (string, bool) {
	return func(lang, key string) (string, bool) {
		if c := cats.Catalog(lang); c != nil {
			m, ok := c.Messages[key]
			return m.Text, ok && m.Text != ""
		}
		return "", false
	}
}

// administration is the -administration file's, the fictitious demo one
// with -demo, or else one named "Loket" with no contact details beyond
// the offices'.
func administration(cfg config.Config) (bookings.Administration, error) {
	switch {
	case cfg.Administration != "":
		return bookings.LoadAdministrationFile(cfg.Administration)
	case cfg.Demo:
		return bookings.DemoAdministration(), nil
	}
	return bookings.Administration{Name: map[string]string{"en": "Loket"}}, nil
}

// Housekeeping runs a clean-up at start and then every interval until ctx
// ends, logging how many records it removed (never which: they may be
// personal) and its failures.
func Housekeeping(ctx context.Context, log *slog.Logger, every time.Duration, what string, clean func(context.Context) (int, error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := clean(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error(what+" failed", "err", err)
		case n > 0:
			log.Info(what, "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
