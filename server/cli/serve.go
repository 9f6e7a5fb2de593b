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
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/bookings"
	"loket/server/config"
	"loket/server/content"
	"loket/server/demo"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/store"
	"loket/server/web"
	"loket/translations"
)

// languageOrder is how the language picker lists the catalogs: the
// official languages and English first, then by how many applicants read
// them.
var languageOrder = []string{"nl", "fr", "de", "en", "ar", "fa", "ps", "ti", "so", "tr", "uk", "ru", "es"}

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
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := serve(cfg, log, stdout, sigs); err != nil {
		fmt.Fprintf(stderr, "loket: %v\n", err)
		return 1
	}
	return 0
}

// serve runs the server until a signal arrives on sigs. The first signal
// stops accepting and lets in-flight requests finish (bounded); a second
// one exits at once.
func serve(cfg config.Config, log *slog.Logger, stdout io.Writer, sigs <-chan os.Signal) error {
	start := time.Now()
	s, err := store.Open(cfg.Data, store.Options{NoSync: cfg.NoSync})
	if err != nil {
		return err
	}
	defer s.Close()
	app, q, err := build(cfg, s, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.Addr, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopAdmin, err := serveAdmin(ctx, s, adminSocket(cfg.Data))
	if err != nil {
		log.Warn("admin socket unavailable; backups need the server stopped", "err", err)
	} else {
		defer stopAdmin()
	}
	if q != nil {
		go purgeQueue(ctx, q, log)
	}
	errc := make(chan error, 1)
	go func() { errc <- app.Listener(ln) }()
	log.Info("loket started", "addr", ln.Addr().String(), "data", cfg.Data, "demo", cfg.Demo, "startup_ms", time.Since(start).Milliseconds())
	fmt.Fprintf(stdout, "Loket is running at http://%s/ (Ctrl+C to stop)\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case sig := <-sigs:
		log.Info("shutting down", "signal", sig.String())
	}
	// Event streams (call displays, phones) never end by themselves:
	// closing the broker ends them, so shutdown does not wait for them.
	if q != nil {
		q.Broker().Close()
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

// build loads everything a server needs and returns the HTTP app and the
// queue service (nil without offices).
func build(cfg config.Config, s *store.Store, log *slog.Logger) (*fiber.App, *queue.Service, error) {
	cats, err := locale.Load(translations.FS, locale.Options{Default: cfg.DefaultLang, Order: languageOrder, Fallbacks: cfg.Fallbacks})
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
	if cfg.Demo {
		if err := demo.Load(s); err != nil {
			return nil, nil, fmt.Errorf("demo data: %w", err)
		}
	}
	secret, err := s.Secret("csrf")
	if err != nil {
		return nil, nil, err
	}
	d := web.Deps{Config: cfg, Store: s, Catalogs: cats, Forms: fset, Content: lib, Log: log, Secret: secret}
	if err := wireQueue(cfg, s, log, &d); err != nil {
		return nil, nil, err
	}
	app, err := web.New(d)
	return app, d.Queue, err
}

// wireQueue adds the bookings lookup, receipts and the queue to d when
// there are offices. Printed receipts need a short base URL (it goes into
// QR codes); without one, tickets are HTML only.
func wireQueue(cfg config.Config, s *store.Store, log *slog.Logger, d *web.Deps) error {
	ctx := context.Background()
	offices, err := loadOffices(ctx, s, cfg.Demo)
	if err != nil || len(offices) == 0 {
		return err
	}
	bsecret, err := s.Secret("bookings")
	if err != nil {
		return err
	}
	m, err := bookings.New(bookings.Config{Secret: bsecret}, s, nil, offices)
	if err != nil {
		return err
	}
	keys, err := receipts.OpenKeyring(ctx, s, nil)
	if err != nil {
		return err
	}
	if d.Receipts, err = receipts.New(s, keys, receipts.Config{BaseURL: cfg.BaseURL}); err != nil {
		log.Warn("printed tickets off", "err", err)
		d.Receipts = nil
	}
	d.Queue, err = newQueue(s, offices, m)
	return err
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
