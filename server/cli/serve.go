package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/accounts"
	"loket/server/address"
	"loket/server/audit"
	"loket/server/bodylimit"
	"loket/server/config"
	"loket/server/connlimit"
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
	"loket/server/store"
	"loket/server/web"
	"loket/translations"
)

func runServe(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	cfg, err := config.Parse("serve", args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "loket: %v\n", err)
		return 2
	}
	log := newLogger(cfg.LogFormat, stderr)
	runtime.GOMAXPROCS(schedulers(cfg.Procs, getenv("GOMAXPROCS"), startProcs))
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := serve(cfg, log, stdout, sigs); err != nil {
		fmt.Fprintf(stderr, "loket: %v\n", err)
		return 1
	}
	return 0
}

// boundBaseURL is the base URL that receipts' QR codes and other links
// carry. Left to its default, http://<addr>, on a port the system picks
// (-addr host:0), it names the port the listener got: otherwise every
// link would point at port 0.
func boundBaseURL(cfg config.Config, bound net.Addr) string {
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil || port != "0" || (cfg.BaseURL != "" && cfg.BaseURL != "http://"+cfg.Addr) {
		return cfg.BaseURL
	}
	_, got, err := net.SplitHostPort(bound.String())
	if err != nil {
		return cfg.BaseURL
	}
	return "http://" + net.JoinHostPort(host, got)
}

// schedulers is the GOMAXPROCS serve runs with: the -procs setting; else
// the GOMAXPROCS variable, when an operator set it (Go already applied
// it: cpus is that); else twice the CPUs Go found. Loket shares its
// machine with a TLS proxy and the like: when the kernel pauses the thread
// of one of only as many schedulers as CPUs, the requests queued behind it
// wait out the pause, which makes the slowest 1% of answers several times
// slower (docs/benchmarks.md measures it). Twice as many schedulers keep
// those requests moving, for a few percent of throughput.
// startProcs is the GOMAXPROCS Go chose at start, before serve changed it.
var startProcs = runtime.GOMAXPROCS(0)

func schedulers(procs int, envGOMAXPROCS string, cpus int) int {
	switch {
	case procs > 0:
		return procs
	case envGOMAXPROCS != "":
		return cpus
	}
	return 2 * cpus
}

// serve runs the server until a signal arrives on sigs. The first signal
// stops accepting and lets in-flight requests finish (bounded); a second
// one exits at once.
func serve(cfg config.Config, log *slog.Logger, stdout io.Writer, sigs <-chan os.Signal) error {
	start := time.Now()
	s, err := store.Open(cfg.Data, store.Options{NoSync: cfg.NoSync, ReadOnly: cfg.ReadOnly})
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.Addr, err)
	}
	cfg.BaseURL = boundBaseURL(cfg, ln.Addr())
	app, jobs, err := build(cfg, s, log)
	if err != nil {
		ln.Close()
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopAdmin, err := serveAdmin(ctx, s, adminSocket(cfg.Data))
	if err != nil {
		log.Warn("admin socket unavailable; backups need the server stopped", "err", err)
	} else {
		defer stopAdmin()
	}
	for _, job := range jobs {
		go job(ctx)
	}
	// No request body is decoded: an encoded one is refused (415) before
	// any handler sees it. The listener survives running out of
	// descriptors and caps connections.
	app.Server().Handler = bodylimit.Guard(app.Server().Handler)
	guarded := connlimit.Wrap(ln, connlimit.Config{MaxConns: cfg.MaxConns, MaxPerAddr: cfg.MaxConnsPerAddr,
		Exempt: cfg.TrustedProxies, Log: log}, connlimit.RaiseFileLimit())
	maxConns, maxPerAddr := guarded.Caps()
	errc := make(chan error, 1)
	go func() { errc <- app.Listener(guarded) }()
	log.Info("loket started", "addr", ln.Addr().String(), "data", cfg.Data, "demo", cfg.Demo, "procs", runtime.GOMAXPROCS(0),
		"max_conns", maxConns, "max_conns_per_addr", maxPerAddr, "startup_ms", time.Since(start).Milliseconds())
	fmt.Fprintf(stdout, "Loket is running at http://%s/ (Ctrl+C to stop)\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case sig := <-sigs:
		log.Info("shutting down", "signal", sig.String())
	}
	done := make(chan error, 1)
	go func() { done <- app.ShutdownWithTimeout(cfg.ShutdownTimeout) }()
	select {
	case err := <-done:
		if errors.Is(err, context.DeadlineExceeded) {
			log.Warn("requests still open after the shutdown timeout were cut off", "timeout", cfg.ShutdownTimeout.String())
			return nil
		}
		return err
	case <-sigs:
		log.Warn("second signal: exiting at once")
		return nil
	}
}

// statsFlush is how often the statistics counts go to the store (and
// once more at shutdown).
const statsFlush = 30 * time.Second

// job is work serve runs beside the HTTP server until ctx ends: refreshing
// estimates, deleting what is kept no longer.
type job func(ctx context.Context)

// The processing-time estimates and queue positions are computed at
// start, then again within estimateCheck of a change to the dossiers, and
// at least every estimateStale.
const (
	estimateCheck = time.Minute
	estimateStale = 10 * time.Minute
)

// build loads everything a server needs and returns the HTTP app and the
// background jobs serve runs beside it.
func build(cfg config.Config, s *store.Store, log *slog.Logger) (*fiber.App, []job, error) {
	cats, err := locale.Load(translations.FS, locale.Options{Default: cfg.DefaultLang, Order: translations.Languages, Fallbacks: cfg.Fallbacks})
	if err != nil {
		return nil, nil, err
	}
	fset, err := forms.Load()
	if err != nil {
		return nil, nil, err
	}
	lib, err := content.Load(translations.FS, dossiers.Procedures)
	if err != nil {
		return nil, nil, err
	}
	dos, err := dossierService(s, cats, cfg)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Demo {
		if err := demo.Load(s, dos, accounts.New(s, accounts.DefaultPolicy(), nil)); err != nil {
			return nil, nil, fmt.Errorf("demo data: %w", err)
		}
	}
	if err := dos.Refresh(); err != nil {
		return nil, nil, err
	}
	secret, err := s.Secret("csrf")
	if err != nil {
		return nil, nil, err
	}
	rcpts, err := openReceipts(cfg, s)
	if err != nil {
		return nil, nil, err
	}
	auditKey, err := s.Secret(auditClientKey)
	if err != nil {
		return nil, nil, err
	}
	addr, err := buildAddress(cfg, s, rcpts)
	if err != nil {
		return nil, nil, err
	}
	bm, err := newBookings(cfg, s, log, dos)
	if err != nil {
		return nil, nil, err
	}
	var q *queue.Service
	if bm != nil {
		if q, err = newQueue(s, bm.Offices(), bm); err != nil {
			return nil, nil, err
		}
	}
	desk, err := buildHelpdesk(cfg, s, rcpts, dos, cats)
	if err != nil {
		return nil, nil, err
	}
	auditSeal, err := audit.LoadKey(cfg.AuditKeyPath(), true)
	if err != nil {
		return nil, nil, err
	}
	trail := audit.NewKeyed(s, auditSeal, nil)
	brussels, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		return nil, nil, err
	}
	counter := stats.NewCounter(s, brussels, nil)
	// The content editor: published revisions replace the shipped texts.
	ed := editor.New(s, editor.LiveTexts{Pages: lib, Statuses: dos.Catalog(), Languages: translations.Languages}, time.Now)
	if err := ed.Start(context.Background()); err != nil {
		return nil, nil, err
	}
	app, err := web.New(web.Deps{Config: cfg, Store: s, Catalogs: cats, Forms: fset, Content: lib, Editor: ed, Log: log, Secret: secret,
		Receipts: rcpts,
		Accounts: accounts.New(s, accounts.DefaultPolicy(), nil), Audit: trail, AuditKey: auditKey,
		Address: addr, Bookings: bm, Dossiers: dos, Tokens: s, Queue: q, Helpdesk: desk,
		Mandates: mandates.New(s, mandates.Options{}), Stats: counter, Escalations: escalationCounts{desk, brussels}})
	jobs := []job{
		func(ctx context.Context) {
			dos.Run(ctx, estimateCheck, estimateStale, func(err error) { log.Error("estimates not refreshed", "err", err) })
		},
		func(ctx context.Context) {
			counter.Run(ctx, statsFlush, func(err error) { log.Error("statistics not flushed", "err", err) })
		},
	}
	if cfg.AuditHeadEvery > 0 {
		jobs = append(jobs, func(ctx context.Context) { auditHeads(ctx, log, trail, cfg.AuditHeadEvery, cfg.AuditHeadFile) })
	}
	if cfg.ReadOnly {
		return app, jobs, err
	}
	// Clean-ups write: a read-only server leaves them to the next one.
	jobs = append(jobs,
		func(ctx context.Context) {
			housekeeping(ctx, log, time.Hour, "address notifications deleted after retention", addr.Purge)
		},
		func(ctx context.Context) {
			housekeeping(ctx, log, cfg.LookupWindow, "expired lookup failure counts deleted",
				func(context.Context) (int, error) { return dos.Prune() })
		})
	if q != nil {
		jobs = append(jobs, func(ctx context.Context) {
			housekeeping(ctx, log, 6*time.Hour, "old queue tickets deleted",
				func(ctx context.Context) (int, error) { return q.Purge(ctx, queueKeep) })
		})
	}
	return app, jobs, err
}

// dossierService is the dossier domain on this store, with its status
// catalog and the store's lookup secret.
func dossierService(s *store.Store, cats *locale.Catalogs, cfg config.Config) (*dossiers.Service, error) {
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
	return dossiers.New(s, cat, dossiers.Options{Key: key, Failures: cfg.DossierFailures, Window: cfg.LookupWindow,
		Langs: langs, Location: loc}), nil
}

// openReceipts loads the receipt signing keys (the first start makes a
// pair) and the service, with the one PDF renderer of the process.
func openReceipts(cfg config.Config, s *store.Store) (*receipts.Service, error) {
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

// buildAddress makes the address notification service: the imported
// municipality list when there is one, else the curated list shipped with Loket.
func buildAddress(cfg config.Config, s *store.Store, rs *receipts.Service) (*address.Service, error) {
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

// buildHelpdesk makes the escalation service with its PIN secret and the
// catalogs' languages for canned answers.
func buildHelpdesk(cfg config.Config, s *store.Store, rs *receipts.Service, dos *dossiers.Service, cats *locale.Catalogs) (*helpdesk.Service, error) {
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

// housekeeping runs a clean-up at start and then every interval until ctx
// ends, logging how many records it removed (never which: they may be
// personal) and its failures.
func housekeeping(ctx context.Context, log *slog.Logger, every time.Duration, what string, clean func(context.Context) (int, error)) {
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

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
