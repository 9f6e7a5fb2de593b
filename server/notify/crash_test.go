package notify_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/notify"
	"loket/server/store"
)

// The crash test runs this test binary again as a child process that books
// and delivers, and kills it with SIGKILL.
const childEnv = "LOKET_OUTBOX_CHILD"

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(outboxChild(spec))
	}
	os.Exit(m.Run())
}

// childOffice is open every day; its one service takes any number of people.
var childOffice = bookings.Office{ID: "crash", Name: "Crash office", Address: "Teststraat 1", Languages: []string{"nl"}, TimeZone: "UTC",
	Hours: map[string][]bookings.Period{}, Services: []bookings.Service{{ID: "svc", DurationMinutes: 15, Capacity: 1000, HorizonDays: 30}}}

func init() {
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		childOffice.Hours[d] = []bookings.Period{{From: 9 * 60, To: 17 * 60}}
	}
}

// httpSender posts each message to a receiver with its idempotency key.
type httpSender struct {
	url    string
	client *http.Client
}

func (h httpSender) Send(ctx context.Context, d notify.Delivery) error {
	req, err := http.NewRequestWithContext(ctx, "POST", h.url, strings.NewReader(string(d.Message.Event)))
	if err != nil {
		return err
	}
	req.Header.Set("Idempotency-Key", d.Message.Key)
	res, err := h.client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK {
		return fmt.Errorf("receiver answered %d", res.StatusCode)
	}
	return nil
}

// outboxChild opens the store at path, delivers to url, and (with "book")
// books from 16 goroutines, printing each confirmed reference.
func outboxChild(spec string) int {
	parts := strings.Split(spec, "|")
	path, url, mode := parts[0], parts[1], parts[2]
	st, err := store.Open(path, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx := context.Background()
	w := notify.NewWorker(st, notify.WorkerConfig{Senders: map[notify.Channel]notify.Sender{
		notify.ChannelEmail: httpSender{url: url, client: &http.Client{Timeout: 5 * time.Second}}},
		Lease: 2 * time.Second, Timeout: time.Second, Poll: 100 * time.Millisecond,
		Backoff: notify.Backoff{Base: 50 * time.Millisecond, Max: time.Second, Attempts: 1000}})
	go w.Run(ctx)
	fmt.Println("ready")
	if mode != "book" {
		select {}
	}
	m, err := bookings.New(bookings.Config{Secret: []byte("crash-secret-crash-secret-crash!!")}, st, noDossier{}, []bookings.Office{childOffice})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	day := time.Now().UTC().AddDate(0, 0, 3)
	open := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	for g := 0; g < 16; g++ {
		go func() {
			for {
				// 32 slots of 1000 places: full slots are refused, not errors.
				start := open.Add(time.Duration(rand.IntN(32)) * 15 * time.Minute)
				c, err := m.Book(ctx, bookings.Request{OfficeID: "crash", ServiceID: "svc", Start: start, Email: "p@example.org", Lang: "nl"})
				if errors.Is(err, bookings.ErrSlotFull) {
					continue
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				mu.Lock()
				fmt.Fprintln(out, "B", string(c.Booking.Ref))
				out.Flush()
				mu.Unlock()
			}
		}()
	}
	select {}
}

type noDossier struct{}

func (noDossier) VerifyDossier(context.Context, string, bookings.Date, string) (string, bool, error) {
	return "", false, nil
}

// receiver is an idempotent receiver: it keeps each key once and counts
// the copies it dropped.
type receiver struct {
	mu     sync.Mutex
	keys   map[string]bool
	copies int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := req.Header.Get("Idempotency-Key")
	if r.keys[k] {
		r.copies++
		w.WriteHeader(http.StatusOK)
		return
	}
	r.keys[k] = true
	w.WriteHeader(http.StatusCreated)
}

func (r *receiver) has(prefix string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.keys {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// child is one run of the child process.
type child struct {
	cmd   *exec.Cmd
	lines chan string
}

func startChild(t *testing.T, path, url, mode string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path+"|"+url+"|"+mode)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 1<<16)}
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "ready" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child did not start: %s", stderr.String())
	}
	go func() {
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	return c
}

// kill ends the child at once, as a power cut would, and returns the
// references it confirmed. A line cut by the kill is not a confirmation.
func (c *child) kill() []string {
	c.cmd.Process.Signal(syscall.SIGKILL)
	c.cmd.Wait()
	var refs []string
	for l := range c.lines {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "B" && len(f[1]) >= 6 {
			refs = append(refs, f[1])
		}
	}
	return refs
}

// TestOutboxSurvivesSIGKILL books with an e-mail address from a child
// process that also delivers the outbox, kills it with SIGKILL at random
// moments, and restarts it. Every booking that was confirmed must have
// its confirmation delivered, and the idempotent receiver must keep each
// exactly once.
func TestOutboxSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	rcv := &receiver{keys: map[string]bool{}}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "loket.db")
	rounds := 3
	if os.Getenv("LOKET_LONG") != "" {
		rounds = 8
	}
	var booked []string
	for round := 0; round < rounds; round++ {
		c := startChild(t, path, srv.URL, "book")
		time.Sleep(time.Duration(300+rand.IntN(900)) * time.Millisecond)
		booked = append(booked, c.kill()...)
	}
	if len(booked) == 0 {
		t.Fatal("no booking confirmed before the kills")
	}
	// A last run only delivers; wait until every confirmation arrived.
	c := startChild(t, path, srv.URL, "drain")
	deadline := time.Now().Add(60 * time.Second)
	missing := booked
	for len(missing) > 0 && time.Now().Before(deadline) {
		var still []string
		for _, ref := range missing {
			if !rcv.has("booking:" + ref + "/booking_confirmed/0/") {
				still = append(still, ref)
			}
		}
		missing = still
		time.Sleep(50 * time.Millisecond)
	}
	c.kill()
	if len(missing) > 0 {
		t.Fatalf("%d of %d confirmed bookings never had their confirmation delivered, e.g. %s", len(missing), len(booked), missing[0])
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("store after the kills: %v", err)
	}
	defer st.Close()
	stats, err := st.OutboxStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	confirmations := 0
	for k := range rcv.keys {
		if strings.Contains(k, "/booking_confirmed/") {
			confirmations++
		}
	}
	// Bookings committed after the last confirmed line were still sent:
	// the receiver may hold more, never fewer; each key counts once.
	if confirmations < len(booked) || confirmations > stats.Messages[notify.StateSent]+stats.Messages[notify.StateQueued] {
		t.Fatalf("receiver kept %d confirmations for %d confirmed bookings (store: %v)", confirmations, len(booked), stats.Messages)
	}
	b, _ := json.Marshal(stats.Messages)
	t.Logf("%d rounds, %d confirmed bookings, %d confirmations kept, %d redelivered copies dropped by the receiver; outbox %s",
		rounds, len(booked), confirmations, rcv.copies, b)
}
