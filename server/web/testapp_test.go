package web

import (
	"bytes"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/config"
	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/store"
	"loket/translations"
)

// testApp is the real app over a real store in a temporary directory, as
// the handler tests build it: one builder, so that a test names only how
// its app differs from the plain one.
type testApp struct {
	app   *fiber.App
	deps  Deps // as given to New
	store *store.Store
	clock *testClock
	// accounts (cheap hashing) and trail exist in every app; only
	// appOptions.staff wires them into deps.
	accounts *accounts.Service
	trail    *audit.Trail
	// log is the debug log with appOptions.debugLog, else nil.
	log *bytes.Buffer
}

// appOptions say how a test's app differs from the plain one: no domain
// services, the handlers on the test clock, the log discarded.
type appOptions struct {
	// start is the clock's first reading; zero: Tuesday 7 April 2026, 08:00 UTC.
	start time.Time
	// wallClock leaves the handlers on time.Now; the services may still
	// read the clock.
	wallClock bool
	// staff wires the accounts, the audit trail and its key in.
	staff bool
	// debugLog keeps the log, debug level included, in testApp.log.
	debugLog bool
	// config changes the configuration (defaults, BaseURL http://loket.test).
	config func(*config.Config)
	// wire adds the services the test needs to e.deps before New, built
	// over e.store, e.clock and e.deps.Catalogs.
	wire func(e *testApp)
}

// testClock is a clock the tests move.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// shared are the read-only parts every app is built from, loaded once per
// test binary: they are the slow part of building an app.
var shared struct {
	once sync.Once
	cats *locale.Catalogs
	lib  *content.Library
	fset *forms.Set
	err  error
}

// sharedCatalogs loads the shared parts once and returns the catalogs
// (default language nl); shared.lib and shared.fset are set after it.
func sharedCatalogs(tb testing.TB) *locale.Catalogs {
	tb.Helper()
	shared.once.Do(func() {
		if shared.cats, shared.err = locale.Load(translations.FS, locale.Options{Default: "nl"}); shared.err != nil {
			return
		}
		if shared.lib, shared.err = content.Load(translations.FS, dossiers.Procedures); shared.err != nil {
			return
		}
		shared.fset, shared.err = forms.Load()
	})
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.cats
}

const testSecret = "0123456789abcdef0123456789abcdef"

// newTestApp builds the app for one test; the integration tests in
// server/cli run the real server instead.
func newTestApp(tb testing.TB, o appOptions) *testApp {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	start := o.start
	if start.IsZero() {
		start = time.Date(2026, 4, 7, 8, 0, 0, 0, time.UTC)
	}
	e := &testApp{store: st, clock: &testClock{t: start}}
	p := accounts.DefaultPolicy()
	p.Hash = accounts.HashParams{Time: 1, Memory: 64, Threads: 1}
	e.accounts = accounts.New(st, p, e.clock.Now)
	e.trail = audit.New(st, e.clock.Now)
	cfg := config.Defaults()
	cfg.BaseURL = "http://loket.test"
	if o.config != nil {
		o.config(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if o.debugLog {
		e.log = &bytes.Buffer{}
		log = slog.New(slog.NewTextHandler(&syncWriter{w: e.log}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	e.deps = Deps{Config: cfg, Store: st, Catalogs: sharedCatalogs(tb), Forms: shared.fset, Content: shared.lib,
		Log: log, Secret: []byte(testSecret)}
	if !o.wallClock {
		e.deps.Now = e.clock.Now
	}
	if o.staff {
		e.deps.Accounts, e.deps.Audit, e.deps.AuditKey = e.accounts, e.trail, []byte("audit key")
	}
	if o.wire != nil {
		o.wire(e)
	}
	if e.app, err = New(e.deps); err != nil {
		tb.Fatal(err)
	}
	return e
}

// variant builds another app from e.deps as change leaves them, for a test
// that compares the app with and without one of its parts.
func (e *testApp) variant(tb testing.TB, change func(*Deps)) *fiber.App {
	tb.Helper()
	d := e.deps
	change(&d)
	app, err := New(d)
	if err != nil {
		tb.Fatal(err)
	}
	return app
}

// syncWriter lets the handlers write the log from many goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// sheetBody checks a CSV export follows the conventions of every export
// (package sheet: a UTF-8 byte order mark, CRLF line ends) and returns it
// without the mark.
func sheetBody(t *testing.T, body string) string {
	t.Helper()
	rest, ok := strings.CutPrefix(body, "\ufeff")
	if !ok {
		t.Errorf("CSV export without a byte order mark: %.40q", body)
	}
	if strings.Count(rest, "\n") != strings.Count(rest, "\r\n") || !strings.HasSuffix(rest, "\r\n") {
		t.Errorf("CSV export with bare LF line ends: %.80q", rest)
	}
	return rest
}
