package queue_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket/server/queue"
	"loket/server/store"
)

// TestChangesReachAnotherInstance: two services share one store, as two
// instances share a database; what one announces (a ticket, a call) the
// other publishes to its own subscribers, with the call and a board read
// from the store.
func TestChangesReachAnotherInstance(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, brussels)}
	var b *queue.Service
	var mu sync.Mutex
	var announced []*queue.Call
	cfg := queue.Config{Offices: []queue.Office{office(t, 50)}, Now: c.Now, Secret: []byte("0123456789abcdef0123456789abcdef"),
		Announce: func(ctx context.Context, officeID string, call *queue.Call) {
			mu.Lock()
			announced = append(announced, call)
			mu.Unlock()
			b.Changed(ctx, officeID, call) // what the other instance's listener does
		}}
	a, err := queue.New(cfg, s)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Announce = nil
	if b, err = queue.New(cfg, s); err != nil {
		t.Fatal(err)
	}
	sub := b.Broker().Subscribe("brussels")
	defer sub.Close()
	tk, err := a.TakeTicket(ctx, "brussels", "documents", "k1")
	if err != nil {
		t.Fatal(err)
	}
	if e := <-sub.C; e.Call != nil || e.Board.Services[0].Waiting != 1 {
		t.Fatalf("the other instance after a ticket: %+v", e)
	}
	if _, err := a.CallNext(ctx, queue.Desk{OfficeID: "brussels", Name: "7", Services: []string{"documents"}}); err != nil {
		t.Fatal(err)
	}
	e := <-sub.C
	if e.Call == nil || e.Call.Number != tk.Ticket.Number || e.Call.Desk != "7" || len(e.Board.Now) != 1 {
		t.Fatalf("the other instance after the call: %+v", e)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(announced) != 2 || announced[0] != nil || announced[1] == nil {
		t.Errorf("announced %v", announced)
	}
}
