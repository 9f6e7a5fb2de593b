// Package e2e drives real headless Chromium against the real loket binary.
// Every page is checked with axe-core (WCAG 2.1 AA) in a left-to-right and
// a right-to-left language. Without Chromium the tests skip, except in CI
// (CI=true), where a missing browser is a failure.
package e2e

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var (
	binary   string          // the loket binary built for these tests
	browser  context.Context // the shared headless Chromium
	skipWhy  string
	axeJS    string
	chromium = "/usr/bin/chromium"
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		// The fast loop (go test -short ./...) leaves the browser to make test.
		skipWhy = "browser tests do not run with -short"
		return m.Run()
	}
	if p := os.Getenv("LOKET_CHROMIUM"); p != "" {
		chromium = p
	}
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			fmt.Fprintf(os.Stderr, "e2e: Chromium is required in CI but %s is missing\n", chromium)
			return 1
		}
		skipWhy = "no Chromium at " + chromium + " (apt-get install chromium)"
		return m.Run()
	}
	b, err := os.ReadFile("node_modules/axe-core/axe.min.js")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: axe-core is missing: run 'npm ci' in server/e2e (make test does)")
		return 1
	}
	axeJS = string(b)
	dir, err := os.MkdirTemp("", "loket-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "loket")
	build := exec.Command("go", "build", "-o", binary, "loket/cmd/loket")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build:", err)
		return 1
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(412, 915), // a phone
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: cannot start Chromium:", err)
		return 1
	}
	browser = ctx
	return m.Run()
}

// loket is one running server.
type loket struct {
	URL  string
	Data string
	stop func()
}

// Stop ends the server (SIGTERM) and waits for it.
func (l *loket) Stop() { l.stop() }

// start runs the loket binary on a free port with a fresh data file and
// the given extra flags; it is stopped with SIGTERM when the test ends.
func start(t *testing.T, flags ...string) *loket {
	t.Helper()
	return startOn(t, filepath.Join(t.TempDir(), "loket.db"), flags...)
}

// startOn is start on a data file the test prepared (or a fresh path).
func startOn(t *testing.T, data string, flags ...string) *loket {
	t.Helper()
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	args := append([]string{"serve", "-addr", "127.0.0.1:0", "-data", data, "-no-sync", "-shutdown-timeout", "2s"}, flags...)
	cmd := exec.Command(binary, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Error("loket did not stop on SIGTERM")
			}
		})
	}
	t.Cleanup(stop)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("loket did not start: %v", err)
	}
	go io.Copy(io.Discard, out)
	f := strings.Fields(line)
	return &loket{URL: strings.TrimSuffix(f[4], "/"), Data: data, stop: stop}
}

// tab opens a new browser tab for one test, closed at its end.
func tab(t *testing.T) context.Context {
	t.Helper()
	return newTab(t)
}

// tabApart opens a tab in a browser context of its own: its cookies are
// not the other tabs', as in another person's browser.
func tabApart(t *testing.T) context.Context {
	t.Helper()
	return newTab(t, chromedp.WithNewBrowserContext())
}

// newTab opens a tab with opts, closed at the test's end; the browser's
// console must stay free of errors.
func newTab(t *testing.T, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	var (
		mu       sync.Mutex
		problems []string
	)
	ctx, cancel := chromedp.NewContext(browser, append(opts, chromedp.WithListener(func(ev any) {
		if p := pageProblem(ev); p != "" {
			mu.Lock()
			problems = append(problems, p)
			mu.Unlock()
		}
	}))...)
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("the browser's console: %s", p)
		}
	})
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancel() })
	return ctx
}

// pageProblem is what a page must never show in the browser's console: an
// uncaught exception, a console.error, or an error the browser itself
// reports (a Content-Security-Policy violation, a blocked call, a
// deprecated feature). Failed loads are not counted: tests provoke 4xx
// answers and stop the server on purpose.
func pageProblem(ev any) string {
	switch e := ev.(type) {
	case *cdpruntime.EventExceptionThrown:
		p := "uncaught " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			p += " " + e.ExceptionDetails.Exception.Description
		}
		return p + " at " + e.ExceptionDetails.URL
	case *cdpruntime.EventConsoleAPICalled:
		if e.Type != cdpruntime.ConsoleAPICalledTypeError {
			return ""
		}
		p := "console.error:"
		for _, a := range e.Args {
			p += " " + string(a.Value) + a.Description
		}
		return p
	case *cdplog.EventEntryAdded:
		if e.Entry.Level != cdplog.EntryLevelError || e.Entry.Source == cdplog.EntrySourceNetwork {
			return ""
		}
		return string(e.Entry.Source) + ": " + e.Entry.Text + " " + e.Entry.URL
	}
	return ""
}

// do runs browser steps and fails the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// waitFor evaluates a boolean expression until it is true, tolerating the
// errors of a page that is navigating meanwhile.
func waitFor(t *testing.T, ctx context.Context, expr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", expr)
}
