package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/bookings"
	"loket/server/compose"
	"loket/server/demo"
	"loket/server/store"
)

// TestLoadServerProcess is not a test: TestQueueEventsUnderLoad runs the
// test binary again with LOKET_LOAD_SERVE set, and this runs the server in
// that child process, so its memory can be read apart from the clients'.
func TestLoadServerProcess(t *testing.T) {
	args := os.Getenv("LOKET_LOAD_SERVE")
	if args == "" {
		t.Skip("helper process for TestQueueEventsUnderLoad")
	}
	os.Exit(Run(strings.Fields(args), nil, os.Stdout, os.Stderr, func(string) string { return "" }))
}

// startServerProcess runs the server in a child process and returns its
// base URL, its pid and a function that stops it.
func startServerProcess(t *testing.T, args string) (string, int, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadServerProcess$")
	cmd.Env = append(os.Environ(), "LOKET_LOAD_SERVE="+args)
	cmd.Stderr = io.Discard
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}
	t.Cleanup(stop)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("server did not start: %v", err)
	}
	go io.Copy(io.Discard, out)
	return strings.TrimSuffix(strings.Fields(line)[4], "/"), cmd.Process.Pid, stop
}

// TestQueueEventsUnderLoad runs the real server (in a child process) with
// one office, opens SSE clients (half call displays, half phones following
// the last ticket), has a desk (the demo helpdesk account, signed in like a
// script would) call the next visitor 10 times a second through the API,
// and checks that every client receives every call. It
// reports the delivery latency and the server's memory (resident now and
// at its peak). LOKET_LONG=1 runs the full figure: 500 clients for 15 s;
// by default 100 clients for 2 s.
func TestQueueEventsUnderLoad(t *testing.T) {
	clients, seconds := 100, 2
	if os.Getenv("LOKET_LONG") == "1" {
		clients, seconds = 500, 15
	}
	calls := seconds * 10
	const office, service = "demo-brussels", "submit_documents"

	// Fill the queue before the server starts: 199 walk-ins.
	data := filepath.Join(t.TempDir(), "loket.db")
	s, err := store.Open(data, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	q, err := compose.NewQueue(s, bookings.DemoOffices(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var lastID string
	for range 199 {
		is, err := q.TakeTicket(context.Background(), office, service, "")
		if err != nil {
			t.Fatal(err)
		}
		lastID = is.Ticket.ID
	}
	phoneToken := q.Token(lastID)
	s.Close()

	base, pid, stop := startServerProcess(t, "serve -addr 127.0.0.1:0 -no-sync -demo -data "+data)
	desk := signInStaff(t, base, "helpdesk@demo.loket.invalid", demo.Password)
	tr := &http.Transport{MaxIdleConnsPerHost: clients + 10, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}

	var mu sync.Mutex
	sent := make([]time.Time, calls+1) // sent[i]: when call i (1-based) was made
	var latencies []time.Duration
	got := make([]int, clients)
	var ready, done sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range clients {
		url := base + "/display/" + office + "/events"
		phone := i%2 == 1
		if phone {
			url = base + "/en/q/" + phoneToken + "/events"
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		res, err := hc.Do(req)
		if err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			defer res.Body.Close()
			sc := bufio.NewScanner(res.Body)
			first := true
			for sc.Scan() {
				line, ok := strings.CutPrefix(sc.Text(), "data: ")
				if !ok {
					continue
				}
				at := time.Now()
				if first {
					first = false
					ready.Done()
					continue
				}
				var ev struct {
					Call  *struct{ N string } `json:"call"`
					Ahead int                 `json:"ahead"`
				}
				if json.Unmarshal([]byte(line), &ev) != nil {
					continue
				}
				n := 0
				switch {
				case phone:
					n = 198 - ev.Ahead
				case ev.Call != nil:
					fmt.Sscanf(ev.Call.N, "A%d", &n)
				}
				mu.Lock()
				if n >= 1 && n <= calls && !sent[n].IsZero() {
					latencies = append(latencies, at.Sub(sent[n]))
					got[i]++
				}
				mu.Unlock()
				if n == calls {
					return
				}
			}
		}()
	}
	ready.Wait()

	body := []byte(`{"office":"` + office + `","desk":"1","services":["` + service + `"]}`)
	tick := time.NewTicker(100 * time.Millisecond)
	for n := 1; n <= calls; n++ {
		<-tick.C
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/queue/call", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		mu.Lock()
		sent[n] = time.Now()
		mu.Unlock()
		res, err := desk.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("call %d: %d", n, res.StatusCode)
		}
	}
	tick.Stop()
	finished := make(chan struct{})
	go func() { done.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		cancel()
		<-finished
	}
	rss, peak := vmRSS(pid, "VmRSS:"), vmRSS(pid, "VmHWM:")
	stop()
	for i, n := range got {
		if n != calls {
			t.Errorf("client %d received %d of %d calls", i, n, calls)
		}
	}
	slices.Sort(latencies)
	if len(latencies) == 0 {
		t.Fatal("no deliveries")
	}
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d SSE clients, %d calls in %d s: %d deliveries; latency p50 %v, p99 %v, max %v; server RSS %.1f MiB (peak %.1f MiB)",
		clients, calls, seconds, len(latencies), pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond),
		latencies[len(latencies)-1].Round(time.Microsecond), float64(rss)/(1<<20), float64(peak)/(1<<20))
}

var (
	csrfField  = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	totpSecret = regexp.MustCompile(`id="totp-secret"[^>]*>([A-Z2-7 ]+)<`)
)

// signInStaff signs a staff account in over HTTP as a desk script does:
// the sign-in form with its CSRF token, then the second factor, enrolled
// on first use from the key the page shows. The client it returns carries
// the session cookie.
func signInStaff(t *testing.T, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	send := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		var res *http.Response
		var err error
		if form == nil {
			res, err = hc.Get(base + path)
		} else {
			res, err = hc.PostForm(base+path, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	_, page := send("/en/staff/signin", nil)
	csrf := csrfField.FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	// Redirects are followed: the answer is the second-factor page.
	_, page = send("/en/staff/signin", url.Values{"_csrf": {csrf[1]}, "email": {email}, "password": {password}})
	shown := totpSecret.FindStringSubmatch(page)
	if shown == nil {
		t.Fatal("sign-in did not lead to the enrolment of the second factor")
	}
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(shown[1], " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	code := accounts.TOTPCode(secret, accounts.TOTPStep(time.Now()), 6)
	send("/en/staff/totp", url.Values{"_csrf": {csrf[1]}, "code": {code}})
	if res, _ := send("/en/staff/", nil); res.Request.URL.Path != "/en/staff/" || res.StatusCode != 200 {
		t.Fatalf("not signed in: %d at %s", res.StatusCode, res.Request.URL.Path)
	}
	return hc
}

// vmRSS reads a memory line (VmRSS:, VmHWM:) of process pid from
// /proc/<pid>/status; 0 where there is none.
func vmRSS(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}
