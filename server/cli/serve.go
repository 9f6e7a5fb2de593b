package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"loket/server/bodylimit"
	"loket/server/compose"
	"loket/server/config"
	"loket/server/connlimit"
	"loket/server/store"
	"net"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
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
	s, closer, err := compose.OpenStore(context.Background(), cfg.Database, cfg.Data, store.Options{NoSync: cfg.NoSync, ReadOnly: cfg.ReadOnly})
	if err != nil {
		return err
	}
	defer closer.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.Addr, err)
	}
	cfg.BaseURL = boundBaseURL(cfg, ln.Addr())
	srv, err := compose.Build(cfg, s, log)
	if err != nil {
		ln.Close()
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The command line reaches a bbolt file that this server holds through
	// its admin socket; on PostgreSQL it connects to the database itself.
	if bolt, ok := s.(*store.Store); ok {
		stopAdmin, err := serveAdmin(ctx, bolt, adminSocket(cfg.Data))
		if err != nil {
			log.Warn("admin socket unavailable; backups need the server stopped", "err", err)
		} else {
			defer stopAdmin()
		}
	}
	app, jobs := srv.App, srv.Jobs
	if cfg.AuditHeadEvery > 0 {
		jobs = append(jobs, func(ctx context.Context) { auditHeads(ctx, log, srv.Trail, cfg.AuditHeadEvery, cfg.AuditHeadFile) })
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
	log.Info("loket started", "addr", ln.Addr().String(), "database", cfg.DatabaseKind(), "data", cfg.Data, "demo", cfg.Demo, "procs", runtime.GOMAXPROCS(0),
		"max_conns", maxConns, "max_conns_per_addr", maxPerAddr, "startup_ms", time.Since(start).Milliseconds())
	fmt.Fprintf(stdout, "Loket is running at http://%s/ (Ctrl+C to stop)\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case sig := <-sigs:
		log.Info("shutting down", "signal", sig.String())
	}
	// Event streams would hold the shutdown until its timeout: end them.
	srv.Drain()
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

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
