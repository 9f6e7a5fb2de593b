package queue_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"loket/server/queue"
)

// TestDesksNeverCallTheSameVisitor has 20 desks call the next visitor at
// once against 1,000 waiting tickets: every ticket is called exactly once.
// Run it with -race.
func TestDesksNeverCallTheSameVisitor(t *testing.T) {
	q, _ := newService(t, 400, nil)
	services := []string{"documents", "biometrics", "info"}
	issued := map[string]bool{}
	for i := range 1000 {
		is, err := q.TakeTicket(ctx, "brussels", services[i%3], "k1")
		if err != nil {
			t.Fatal(err)
		}
		issued[is.Ticket.ID] = true
	}
	var mu sync.Mutex
	calls := map[string]int{}
	var wg sync.WaitGroup
	for d := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			desk := queue.Desk{OfficeID: "brussels", Name: fmt.Sprint(d + 1), Services: services}
			for {
				got, err := q.CallNext(ctx, desk)
				if errors.Is(err, queue.ErrNoneWaiting) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				calls[got.ID]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(calls) != len(issued) {
		t.Fatalf("%d tickets called, %d issued", len(calls), len(issued))
	}
	for id, n := range calls {
		if n != 1 || !issued[id] {
			t.Fatalf("ticket %s called %d times (issued: %v)", id, n, issued[id])
		}
	}
}

func TestBrokerFansOutAndDropsSlowSubscribers(t *testing.T) {
	b := queue.NewBroker()
	fast := b.Subscribe("x")
	slow := b.Subscribe("x")
	other := b.Subscribe("y")
	for i := range 40 {
		b.Publish("x", queue.Event{Call: &queue.Call{Number: fmt.Sprint(i)}})
		e, ok := <-fast.C
		if !ok || e.Call.Number != fmt.Sprint(i) {
			t.Fatalf("fast subscriber got %v %v", e.Call, ok)
		}
	}
	n := 0
	for range slow.C {
		n++
	}
	if n == 0 || n >= 40 {
		t.Fatalf("slow subscriber got %d events before being dropped", n)
	}
	if got := b.Subscribers("x"); got != 1 {
		t.Fatalf("subscribers of x: %d, want 1", got)
	}
	select {
	case e := <-other.C:
		t.Fatalf("other office got %v", e)
	default:
	}
	fast.Close()
	fast.Close()
	if _, ok := <-fast.C; ok {
		t.Fatal("closed subscription still open")
	}
	b.Close()
	if _, ok := <-other.C; ok {
		t.Fatal("broker close left a subscription open")
	}
	if _, ok := <-b.Subscribe("x").C; ok {
		t.Fatal("closed broker accepted a subscriber")
	}
}

func TestSubscribersSeeEveryCall(t *testing.T) {
	q, _ := newService(t, 50, nil)
	sub := q.Broker().Subscribe("brussels")
	defer sub.Close()
	a := take(t, q, "documents")
	if e := <-sub.C; e.Call != nil || e.Board.Services[0].Waiting != 1 {
		t.Fatalf("after a ticket: %+v", e)
	}
	desk := queue.Desk{OfficeID: "brussels", Name: "7", Services: []string{"documents"}}
	if _, err := q.CallNext(ctx, desk); err != nil {
		t.Fatal(err)
	}
	e := <-sub.C
	if e.Call == nil || e.Call.Number != a.Number || e.Call.Desk != "7" || len(e.Board.Now) != 1 {
		t.Fatalf("call event: %+v", e)
	}
	if p, ok := e.Board.Place(a.ID); !ok || p.Status != queue.StatusCalled || p.Desk != "7" {
		t.Fatalf("place of the called ticket: %+v", p)
	}
}
