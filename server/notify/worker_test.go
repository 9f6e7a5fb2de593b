package notify_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket/server/helpdesk"
	"loket/server/notify"
	"loket/server/store"
)

// fakeSender answers from a script per subscription: errors in turn, then
// success; it counts sends per idempotency key.
type fakeSender struct {
	mu     sync.Mutex
	script map[string][]error
	seen   map[string]int
}

func (f *fakeSender) Send(_ context.Context, d notify.Delivery) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen[d.Message.Key]++
	if s := f.script[d.Subscription.ID]; len(s) > 0 {
		f.script[d.Subscription.ID] = s[1:]
		return s[0]
	}
	return nil
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestWorkerRetriesAndDeadLetters(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC)
	clock := now
	subs := map[string]error{"ok": nil, "flaky": errors.New("503"), "refused": fmt.Errorf("550 no such user: %w", notify.ErrPermanent),
		"gone": fmt.Errorf("410: %w", notify.ErrGone), "down": errors.New("connection refused")}
	var msgs []notify.Message
	sender := &fakeSender{script: map[string][]error{}, seen: map[string]int{}}
	// Subscriptions need a subject: a help request.
	for id := range subs {
		msgs = append(msgs, notify.Message{Key: "k/" + id, Subscription: id, Channel: notify.ChannelEmail,
			Subject: notify.Subject{Kind: notify.KindHelp, ID: "H1"}, Event: notify.EventHelpAnswered, Lang: "en", Created: now, Due: now})
	}
	sender.script["flaky"] = []error{subs["flaky"], subs["flaky"]}
	sender.script["refused"] = []error{subs["refused"]}
	sender.script["gone"] = []error{subs["gone"]}
	sender.script["down"] = []error{subs["down"], subs["down"], subs["down"], subs["down"]}
	if err := subscribeAll(ctx, st, now, subs); err != nil {
		t.Fatal(err)
	}
	if n, err := st.Enqueue(ctx, msgs); n != len(msgs) || err != nil {
		t.Fatalf("enqueue: %d %v", n, err)
	}
	w := notify.NewWorker(st, notify.WorkerConfig{Senders: map[notify.Channel]notify.Sender{notify.ChannelEmail: sender},
		Backoff: notify.Backoff{Base: time.Minute, Max: time.Hour, Attempts: 3}, Now: func() time.Time { return clock }})
	for i := 0; i < 6; i++ {
		if _, err := w.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(10 * time.Minute) // past any backoff of this test
	}
	states := map[string]notify.State{}
	all, _ := st.OutboxMessages(ctx, "", 100)
	for _, m := range all {
		states[m.Subscription] = m.State
	}
	want := map[string]notify.State{"ok": notify.StateSent, "flaky": notify.StateSent, "refused": notify.StateDead,
		"gone": notify.StateDead, "down": notify.StateDead}
	for id, w := range want {
		if states[id] != w {
			t.Errorf("%s: %s, want %s", id, states[id], w)
		}
	}
	if sender.seen["k/flaky"] != 3 || sender.seen["k/down"] != 3 || sender.seen["k/refused"] != 1 || sender.seen["k/ok"] != 1 {
		t.Errorf("attempts: %v", sender.seen)
	}
	if _, err := st.Subscription(ctx, "gone"); !errors.Is(err, notify.ErrNotFound) {
		t.Errorf("a 410 left the subscription: %v", err)
	}
	if w.Sent() != 2 || w.Failures() != 7 {
		t.Errorf("counters: sent %d, failures %d", w.Sent(), w.Failures())
	}
}

// subscribeAll stores the subscriptions directly through a help request
// they follow.
func subscribeAll(ctx context.Context, st *store.Store, now time.Time, subs map[string]error) error {
	if err := createHelp(ctx, st, now); err != nil {
		return err
	}
	for id := range subs {
		if err := st.Subscribe(ctx, notify.Subscription{ID: id, Subject: notify.Subject{Kind: notify.KindHelp, ID: "H1"},
			Channel: notify.ChannelEmail, Lang: "en", Email: id + "@example.org", Created: now}); err != nil {
			return err
		}
	}
	return nil
}

// TestWorkerRunWakesUp: a message queued while the worker idles is
// delivered without waiting for the poll.
func TestWorkerRunWakesUp(t *testing.T) {
	st := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	now := time.Now()
	if err := subscribeAll(ctx, st, now, map[string]error{"a": nil}); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	sender := senderFunc(func(_ context.Context, d notify.Delivery) error { done <- d.Message.Key; return nil })
	w := notify.NewWorker(st, notify.WorkerConfig{Senders: map[notify.Channel]notify.Sender{notify.ChannelEmail: sender}, Poll: time.Hour})
	go w.Run(ctx)
	if _, err := st.Enqueue(ctx, []notify.Message{{Key: "wake", Subscription: "a", Channel: notify.ChannelEmail,
		Subject: notify.Subject{Kind: notify.KindHelp, ID: "H1"}, Event: notify.EventHelpAnswered, Lang: "en", Created: now, Due: now}}); err != nil {
		t.Fatal(err)
	}
	if got := <-done; got != "wake" {
		t.Fatalf("delivered %q", got)
	}
}

type senderFunc func(context.Context, notify.Delivery) error

func (f senderFunc) Send(ctx context.Context, d notify.Delivery) error { return f(ctx, d) }

func createHelp(ctx context.Context, st *store.Store, now time.Time) error {
	return st.CreateEscalation(ctx, helpdesk.Escalation{Ref: "H1", Created: now, State: helpdesk.StateOpen, Lang: "en"})
}
