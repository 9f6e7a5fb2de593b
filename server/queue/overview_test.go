package queue_test

import (
	"errors"
	"testing"
	"time"

	"loket/server/queue"
)

// TestOverviewListsQueuesAndDesks: the staff's overview has each service's
// waiting tickets in calling order, the average wait of the called ones,
// and each desk with whom it serves and how many it served.
func TestOverviewListsQueuesAndDesks(t *testing.T) {
	q, c := newService(t, 50, nil)
	a1 := take(t, q, "documents")
	c.Add(2 * time.Minute)
	a2 := take(t, q, "documents")
	b1 := take(t, q, "biometrics")
	c.Add(4 * time.Minute)
	if _, err := q.SetPriority(ctx, queue.Desk{OfficeID: "brussels", Name: "1"}, a2.ID, true); err != nil {
		t.Fatal(err)
	}
	all := []string{"documents", "biometrics", "info"}
	d10 := queue.Desk{OfficeID: "brussels", Name: "10", Services: all}
	d2 := queue.Desk{OfficeID: "brussels", Name: "2", Services: []string{"biometrics"}}
	got, err := q.CallNext(ctx, d10)
	if err != nil || got.ID != a2.ID {
		t.Fatalf("call: %v %v", got.Number, err)
	}
	if _, err := q.Served(ctx, d10, a2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := q.CallNext(ctx, d2); err != nil {
		t.Fatal(err)
	}
	ov, err := q.Overview(ctx, "brussels")
	if err != nil {
		t.Fatal(err)
	}
	docs := ov.Services[0]
	if docs.ID != "documents" || len(docs.Waiting) != 1 || docs.Waiting[0].ID != a1.ID || docs.Served != 1 {
		t.Errorf("documents line: %+v", docs)
	}
	if !docs.WaitKnown || docs.AverageWait != 4*time.Minute {
		t.Errorf("documents average wait: %v %v, want 4m", docs.AverageWait, docs.WaitKnown)
	}
	if bio := ov.Services[1]; len(bio.Waiting) != 0 || bio.AverageWait != 4*time.Minute {
		t.Errorf("biometrics line: %+v", bio)
	}
	if info := ov.Services[2]; info.WaitKnown {
		t.Error("a service nobody was called for has an average wait")
	}
	if len(ov.Desks) != 2 || ov.Desks[0].Name != "2" || ov.Desks[1].Name != "10" {
		t.Fatalf("desks: %+v", ov.Desks)
	}
	if d := ov.Desks[0]; len(d.Serving) != 1 || d.Serving[0].ID != b1.ID || d.Served != 0 {
		t.Errorf("desk 2: %+v", d)
	}
	if d := ov.Desks[1]; len(d.Serving) != 0 || d.Served != 1 {
		t.Errorf("desk 10: %+v", d)
	}
}

// TestUndoServedWithinAMinute: a desk takes back its own "served" within
// the minute, and only then; another desk cannot.
func TestUndoServedWithinAMinute(t *testing.T) {
	q, c := newService(t, 50, nil)
	d := queue.Desk{OfficeID: "brussels", Name: "3", Services: []string{"documents"}}
	other := queue.Desk{OfficeID: "brussels", Name: "4", Services: []string{"documents"}}
	a := take(t, q, "documents")
	b := take(t, q, "documents")
	for _, tk := range []queue.Ticket{a, b} {
		if _, err := q.CallNext(ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, err := q.Served(ctx, d, tk.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.UndoServed(ctx, other, b.ID); !errors.Is(err, queue.ErrNotServed) {
		t.Errorf("another desk undid: %v", err)
	}
	c.Add(queue.UndoWindow)
	got, err := q.UndoServed(ctx, d, b.ID)
	if err != nil || got.Status != queue.StatusCalled || !got.DoneAt.IsZero() || got.Desk != "3" {
		t.Fatalf("undo within the minute: %+v %v", got, err)
	}
	if _, err := q.UndoServed(ctx, d, b.ID); !errors.Is(err, queue.ErrNotServed) {
		t.Errorf("undo of a called ticket: %v", err)
	}
	c.Add(time.Second)
	if _, err := q.UndoServed(ctx, d, a.ID); !errors.Is(err, queue.ErrUndoExpired) {
		t.Errorf("undo after more than a minute: %v", err)
	}
	if at, _ := q.AtDesk(ctx, "brussels", "3"); len(at) != 1 || at[0].ID != b.ID {
		t.Errorf("desk 3 serves %v", at)
	}
}

// TestDeskStepsNameTheStaffAccount: each thing a desk does with a ticket
// is a step of its history, with the desk and the account working it; the
// overview names the account of each desk's latest call.
func TestDeskStepsNameTheStaffAccount(t *testing.T) {
	q, c := newService(t, 50, nil)
	a1 := take(t, q, "documents")
	all := []string{"documents", "biometrics", "info"}
	anna := queue.Desk{OfficeID: "brussels", Name: "3", Services: all, Staff: "a1"}
	bert := queue.Desk{OfficeID: "brussels", Name: "4", Services: all, Staff: "a2"}
	steps := []func() (queue.Ticket, error){
		func() (queue.Ticket, error) { return q.SetPriority(ctx, bert, a1.ID, true) },
		func() (queue.Ticket, error) { return q.CallNext(ctx, anna) },
		func() (queue.Ticket, error) { return q.Transfer(ctx, anna, a1.ID, "biometrics") },
		func() (queue.Ticket, error) { return q.CallNext(ctx, bert) },
		func() (queue.Ticket, error) { return q.Recall(ctx, bert, a1.ID) },
		func() (queue.Ticket, error) { return q.Served(ctx, bert, a1.ID) },
		func() (queue.Ticket, error) { return q.UndoServed(ctx, bert, a1.ID) },
	}
	var got queue.Ticket
	for i, step := range steps {
		c.Add(time.Second)
		var err error
		if got, err = step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	want := []queue.Step{
		{Action: queue.StepPriority, Desk: "4", By: "a2"},
		{Action: queue.StepCalled, Desk: "3", By: "a1"},
		{Action: queue.StepTransferred, Desk: "3", By: "a1", Service: "biometrics"},
		{Action: queue.StepCalled, Desk: "4", By: "a2"},
		{Action: queue.StepRecalled, Desk: "4", By: "a2"},
		{Action: queue.StepServed, Desk: "4", By: "a2"},
		{Action: queue.StepUndoServed, Desk: "4", By: "a2"},
	}
	if len(got.History) != len(want) {
		t.Fatalf("history: %+v", got.History)
	}
	for i, s := range got.History {
		w := want[i]
		if s.Action != w.Action || s.Desk != w.Desk || s.By != w.By || s.Service != w.Service || i > 0 && !s.At.After(got.History[i-1].At) {
			t.Errorf("step %d: %+v, want %+v", i, s, w)
		}
	}
	if got.CalledBy != "a2" {
		t.Errorf("called by %q", got.CalledBy)
	}
	ov, err := q.Overview(ctx, "brussels")
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Desks) != 1 || ov.Desks[0].Name != "4" || ov.Desks[0].Staff != "a2" {
		t.Errorf("desks: %+v", ov.Desks)
	}
}
