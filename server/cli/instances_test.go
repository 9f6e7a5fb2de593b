package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/compose"
	"loket/server/config"
	"loket/server/demo"
	"loket/server/receipts"
	"loket/server/store/postgres"
	"loket/server/store/postgres/pgtest"
)

// TestTwoInstancesBehindALoadBalancer runs two real servers (child
// processes) on one PostgreSQL database behind haproxy, which the test
// configures to share requests round-robin and to check /healthz:
//   - 300 bookings racing for a slot of two seats give exactly two;
//   - a desk call made on one instance reaches a call display connected
//     to the other;
//   - a receipt revoked elsewhere is shown revoked by an instance that
//     had it in memory;
//   - an instance killed during a run of bookings loses none it
//     confirmed, and the balancer's health check takes it out.
func TestTwoInstancesBehindALoadBalancer(t *testing.T) {
	haproxy, err := exec.LookPath("haproxy")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("haproxy is not installed (Debian package haproxy)")
		}
		t.Skip("two-instance test skipped: haproxy is not installed (Debian package haproxy)")
	}
	db := pgtest.URL(t)
	dir := t.TempDir()
	// The instances share the audit trail's key, as they share the database.
	key := filepath.Join(dir, "audit-key")
	if _, err := audit.LoadKey(key, true); err != nil {
		t.Fatal(err)
	}
	args := "serve -addr 127.0.0.1:0 -demo -booking-pow=false -database " + db + " -audit-key-file " + key +
		" -booking-limit 100000 -manage-limit 100000 -trusted-proxies 127.0.0.1"
	a, pidA, _ := startServerProcess(t, args) // the first applies the schema and loads the demo
	b, _, _ := startServerProcess(t, args)
	lb, servers := startHAProxy(t, haproxy, dir, a, b)

	t.Run("BookingRace", func(t *testing.T) { bookingRace(t, lb, a, b) })
	t.Run("CallReachesTheOtherInstance", func(t *testing.T) { callAcrossInstances(t, db, a, b) })
	t.Run("RevocationReachesTheOtherInstance", func(t *testing.T) { revocationAcrossInstances(t, db, b) })
	t.Run("KilledInstanceLosesNoBooking", func(t *testing.T) { killDuringBookings(t, lb, pidA, servers) })
	t.Run("OfficeChangeReachesTheOtherInstance", func(t *testing.T) { officeChangeAcrossInstances(t, db, b) })
}

// startHAProxy runs haproxy in front of the servers and returns its URL
// and a function that lists the servers haproxy counts as up.
func startHAProxy(t *testing.T, bin, dir string, backends ...string) (string, func() []string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	front := ln.Addr().String()
	ln.Close()
	sock := filepath.Join(dir, "haproxy.sock")
	var cfg strings.Builder
	fmt.Fprintf(&cfg, `global
	stats socket %s mode 600 level admin
defaults
	mode http
	timeout connect 2s
	timeout client 60s
	timeout server 60s
	timeout tunnel 60s
frontend loket
	bind %s
	default_backend instances
backend instances
	balance roundrobin
	option httpchk GET /healthz
	option forwardfor
	retry-on conn-failure empty-response
	retries 2
	option redispatch
`, sock, front)
	for i, be := range backends {
		fmt.Fprintf(&cfg, "\tserver i%d %s check inter 200ms fall 2 rise 2\n", i, strings.TrimPrefix(be, "http://"))
	}
	file := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(file, []byte(cfg.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, "-db", "-f", file)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	up := func() []string {
		c, err := net.Dial("unix", sock)
		if err != nil {
			return nil
		}
		defer c.Close()
		io.WriteString(c, "show stat\n")
		b, _ := io.ReadAll(c)
		var names []string
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Split(line, ",")
			if len(f) > 17 && f[0] == "instances" && strings.HasPrefix(f[1], "i") && f[17] == "UP" {
				names = append(names, f[1])
			}
		}
		return names
	}
	// Wait (bounded) for haproxy to see both servers up.
	waitFor(t, "haproxy to see every instance up", func() bool { return len(up()) == len(backends) })
	return "http://" + front, up
}

// waitFor polls until ok, failing the test after 60 s: what it waits for
// happens in well under a second on a quiet machine.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); !ok(); {
		if time.Now().After(deadline) {
			t.Fatalf("waited 60 s for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// slots lists the start and free seats of the demo's information
// interview (two seats a slot) over days days from after days from now.
func slots(hc *http.Client, base string, after, days int) (map[string]int, error) {
	from := time.Now().AddDate(0, 0, after).Format(time.DateOnly)
	to := time.Now().AddDate(0, 0, after+days-1).Format(time.DateOnly)
	res, err := hc.Get(base + "/api/v1/slots?office=demo-brussels&service=information_interview&from=" + from + "&to=" + to)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var v struct {
		Days []struct {
			Slots []struct {
				Start     string `json:"start"`
				Remaining int    `json:"remaining"`
			} `json:"slots"`
		} `json:"days"`
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil || res.StatusCode != 200 {
		return nil, fmt.Errorf("slots: %d %v", res.StatusCode, err)
	}
	out := map[string]int{}
	for _, d := range v.Days {
		for _, s := range d.Slots {
			out[s.Start] = s.Remaining
		}
	}
	return out, nil
}

// firstSlot is the earliest slot with at least seats free seats, "" if none.
func firstSlot(free map[string]int, seats int) string {
	first := ""
	for start, n := range free {
		if n >= seats && (first == "" || start < first) {
			first = start
		}
	}
	return first
}

// book posts a booking and returns the status and the answer's body.
func book(hc *http.Client, base, start, key string) (int, map[string]any, error) {
	body := fmt.Sprintf(`{"office":"demo-brussels","service":"information_interview","start":%q,"idempotency_key":%q}`, start, key)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/bookings", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	var out map[string]any
	err = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out, err
}

func bookingRace(t *testing.T, lb, a, b string) {
	tr := &http.Transport{MaxIdleConnsPerHost: 300}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	free, err := slots(hc, lb, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	start := firstSlot(free, 2)
	if start == "" {
		t.Fatal("no free slot of two seats")
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := range 300 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, err := book(hc, lb, start, fmt.Sprintf("race-%d", i))
			if err != nil {
				t.Errorf("booking %d: %v", i, err)
			}
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[201] != 2 || codes[409] != 298 {
		t.Errorf("300 bookings racing for two seats across two instances: %v, want 2 × 201 and 298 × 409", codes)
	}
	// Both instances list the slot as full, whichever took the bookings:
	// neither keeps an old listing.
	for _, base := range []string{a, b} {
		free, err := slots(hc, base, 1, 7)
		if err != nil {
			t.Fatal(err)
		}
		if free[start] != 0 {
			t.Errorf("%s still offers %d seats of the full slot", base, free[start])
		}
	}
}

func callAcrossInstances(t *testing.T, db, a, b string) {
	// A walk-in waits at the demo office (written as a kiosk would, here
	// straight into the database).
	s, err := postgres.Open(context.Background(), db, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q, err := compose.NewQueue(s, bookings.DemoOffices(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	is, err := q.TakeTicket(context.Background(), "demo-brussels", "submit_documents", "")
	if err != nil {
		t.Fatal(err)
	}
	// A call display follows the office on instance b.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b+"/display/demo-brussels/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := make(chan string, 64)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- line
			}
		}
	}()
	select {
	case <-events: // the board as it stands
	case <-time.After(60 * time.Second):
		t.Fatal("the display got no first event")
	}
	// A desk calls on instance a.
	desk := signInStaff(t, a, "helpdesk@demo.loket.invalid", demo.Password)
	call, _ := http.NewRequest(http.MethodPost, a+"/api/v1/queue/call",
		strings.NewReader(`{"office":"demo-brussels","desk":"4","services":["submit_documents"]}`))
	call.Header.Set("Content-Type", "application/json")
	cres, err := desk.Do(call)
	if err != nil {
		t.Fatal(err)
	}
	cres.Body.Close()
	if cres.StatusCode != 200 {
		t.Fatalf("call on instance a: %d", cres.StatusCode)
	}
	timeout := time.After(60 * time.Second)
	for {
		select {
		case line, ok := <-events:
			if !ok {
				t.Fatal("the display's stream ended before the call")
			}
			var ev struct {
				Call *struct {
					N string `json:"n"`
				} `json:"call"`
			}
			if json.Unmarshal([]byte(line), &ev) == nil && ev.Call != nil {
				if ev.Call.N != is.Ticket.Number {
					t.Fatalf("the display on instance b shows %q, want %q", ev.Call.N, is.Ticket.Number)
				}
				return
			}
		case <-timeout:
			t.Fatal("the call made on instance a never reached the display on instance b")
		}
	}
}

func revocationAcrossInstances(t *testing.T, db, b string) {
	s, err := postgres.Open(context.Background(), db, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := config.Defaults()
	cfg.BaseURL = "http://loket.test"
	rs, err := compose.OpenReceipts(cfg, s)
	if err != nil {
		t.Fatal(err)
	}
	r, token, err := rs.Issue(context.Background(), receipts.Input{Kind: receipts.KindQueueTicket, Reference: "A009",
		OfficeID: "demo-brussels", At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	revoked := func() bool {
		res, err := http.Get(b + "/api/v1/receipts/verify/" + token)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v struct {
			Genuine bool  `json:"genuine"`
			Revoked *bool `json:"revoked"`
		}
		if err := json.NewDecoder(res.Body).Decode(&v); err != nil || !v.Genuine || v.Revoked == nil {
			t.Fatalf("verify on instance b: %d %+v %v", res.StatusCode, v, err)
		}
		return *v.Revoked
	}
	if revoked() { // instance b now keeps the record in memory
		t.Fatal("a new receipt is revoked")
	}
	if _, err := rs.Revoke(context.Background(), r.ID, "cancelled"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "instance b to show the receipt revoked", revoked)
}

// officeChangeAcrossInstances: staff on another instance deactivate a
// service (bookings.Manager.UpdateOffice over the shared database); the
// running instance b stops offering it without a restart.
func officeChangeAcrossInstances(t *testing.T, db, b string) {
	ctx := context.Background()
	s, err := postgres.Open(ctx, db, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	offices, ok, err := s.Offices(ctx)
	if err != nil || !ok {
		t.Fatalf("stored offices: %v %v", ok, err)
	}
	m, err := bookings.New(bookings.Config{Secret: make([]byte, 32)}, s, nil, offices)
	if err != nil {
		t.Fatal(err)
	}
	offered := func() bool {
		res, err := http.Get(b + "/api/v1/offices/demo-antwerpen/services")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v struct {
			Services []struct {
				ID string `json:"id"`
			} `json:"services"`
		}
		if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
			t.Fatal(err)
		}
		for _, s := range v.Services {
			if s.ID == "information_interview" {
				return true
			}
		}
		return false
	}
	if !offered() {
		t.Fatal("instance b does not offer the service before the change")
	}
	_, _, err = m.UpdateOffice(ctx, "demo-antwerpen", func(o *bookings.Office) error {
		for i := range o.Services {
			if o.Services[i].ID == "information_interview" {
				o.Services[i].Inactive = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "instance b to stop offering the deactivated service", func() bool { return !offered() })
}

func killDuringBookings(t *testing.T, lb string, pidA int, up func() []string) {
	type confirmed struct{ ref, pin string }
	var mu sync.Mutex
	var got []confirmed
	var wg sync.WaitGroup
	tr := &http.Transport{MaxIdleConnsPerHost: 8}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	killed := make(chan struct{})
	var once sync.Once
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				if w == 0 && i == 5 {
					once.Do(func() { syscall.Kill(pidA, syscall.SIGKILL); close(killed) })
				}
				free, err := slots(hc, lb, 8+(w%3)*7, 7) // each worker on its own week, mostly
				if err != nil {
					continue // cut off with its instance
				}
				start := firstSlot(free, 1)
				if start == "" {
					return
				}
				code, body, err := book(hc, lb, start, fmt.Sprintf("kill-%d-%d", w, i))
				if err != nil || code != 201 {
					continue // refused, or cut off with its instance: not confirmed
				}
				ref, _ := body["reference"].(string)
				pin, _ := body["pin"].(string)
				mu.Lock()
				got = append(got, confirmed{ref, pin})
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	<-killed
	if len(got) == 0 {
		t.Fatal("no booking confirmed")
	}
	// Every confirmed booking is there, read through the surviving instance.
	for _, c := range got {
		req, _ := http.NewRequest(http.MethodGet, lb+"/api/v1/bookings/"+c.ref, nil)
		req.Header.Set("X-Booking-PIN", c.pin)
		res, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("confirmed booking %s: %d after its instance may have died", c.ref, res.StatusCode)
		}
	}
	waitFor(t, "haproxy's health check to take the killed instance out", func() bool {
		u := up()
		return len(u) == 1 && u[0] == "i1"
	})
	t.Logf("%d bookings confirmed while one of two instances was killed; all kept", len(got))
}
