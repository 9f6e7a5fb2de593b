package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/address"
	"loket/server/dossiers"
	"loket/server/helpdesk"
	"loket/server/notify"
	"loket/server/queue"
)

func pushSub(subject notify.Subject) notify.Subscription {
	return notify.Subscription{ID: notify.NewID(), Subject: subject, Channel: notify.ChannelPush, Lang: "ti",
		Push: &notify.PushTarget{Endpoint: "https://push.example.org/x", P256dh: make([]byte, 65), Auth: make([]byte, 16)}}
}

func outboxOf(t *testing.T, s Backend) []notify.Message {
	t.Helper()
	ms, err := s.OutboxMessages(context.Background(), "", 100)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// A status event queues a message in the event's transaction; a write
// that fails queues nothing; at 23:00 in Brussels the push waits for 08:00.
func testOutboxDossierEvent(t *testing.T, s Backend, clk *clock) {
	now := time.Date(2026, 6, 10, 21, 0, 0, 0, time.UTC) // 23:00 in Brussels
	clk.Set(now)
	ctx := context.Background()
	d := dossiers.Dossier{Number: "12345678", Procedure: "asylum", Status: "registered", Received: "2026-01-05",
		Events: []dossiers.Event{{ID: "e1", Code: "registered", Date: "2026-01-05"}}, BirthHash: []byte{1}}
	if err := s.PutDossiers([]dossiers.Dossier{d}); err != nil {
		t.Fatal(err)
	}
	subject := notify.Subject{Kind: notify.KindDossier, ID: d.Number}
	if err := s.Subscribe(ctx, pushSub(subject)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateDossier(d.Number, func(d *dossiers.Dossier) error {
		d.Events = append(d.Events, dossiers.Event{ID: "e2", Code: "interview", Date: "2026-06-10"})
		return errors.New("refused")
	}); err == nil {
		t.Fatal("the failing update succeeded")
	}
	if ms := outboxOf(t, s); len(ms) != 0 {
		t.Fatalf("a rolled-back event queued %d messages", len(ms))
	}
	for i := 0; i < 2; i++ { // the second write repeats the same state
		if _, err := s.UpdateDossier(d.Number, func(d *dossiers.Dossier) error {
			if len(d.Events) == 1 {
				d.Events = append(d.Events, dossiers.Event{ID: "e2", Code: "interview", Date: "2026-06-10"})
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	ms := outboxOf(t, s)
	if len(ms) != 1 || ms[0].Event != notify.EventStatus || ms[0].Data != nil || ms[0].Lang != "ti" {
		t.Fatalf("outbox: %+v", ms)
	}
	brussels, _ := time.LoadLocation("Europe/Brussels")
	if want := time.Date(2026, 6, 11, 8, 0, 0, 0, brussels); !ms[0].Due.Equal(want) {
		t.Fatalf("due %v, want %v (after the quiet hours)", ms[0].Due, want)
	}
	// The back office replaces the dossier with one more event.
	d.Events = append(d.Events, dossiers.Event{ID: "e2", Code: "interview", Date: "2026-06-10"}, dossiers.Event{ID: "e3", Code: "decision", Date: "2026-06-10"})
	if err := s.PutDossiers([]dossiers.Dossier{d}); err != nil {
		t.Fatal(err)
	}
	if ms := outboxOf(t, s); len(ms) != 2 {
		t.Fatalf("after a replacing put: %d messages", len(ms))
	}
}

// Calling a ticket tells it, and tells the next one its turn is near,
// even in quiet hours.
func testOutboxQueueCall(t *testing.T, s Backend, clk *clock) {
	now := time.Date(2026, 6, 10, 20, 30, 0, 0, time.UTC) // 22:30 in Brussels
	clk.Set(now)
	ctx := context.Background()
	var ids []string
	for i := 0; i < 3; i++ {
		tk, _, err := s.CreateTicket(ctx, queue.Ticket{ID: fmt.Sprint("t", i), TokenHash: []byte{byte(i)}, OfficeID: "o", ServiceID: "svc", Day: "2026-06-10",
			Status: queue.StatusWaiting, Issued: now.Add(time.Duration(i) * time.Second)}, queue.CreateRule{Limit: 10, Number: func(n int) string { return fmt.Sprint("A", n) }})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
		if err := s.Subscribe(ctx, pushSub(notify.Subject{Kind: notify.KindTicket, ID: tk.ID})); err != nil {
			t.Fatal(err)
		}
	}
	first := func(w []queue.Ticket) int {
		best := 0
		for i := range w {
			if w[i].Issued.Before(w[best].Issued) {
				best = i
			}
		}
		return best
	}
	called, err := s.CallNext(ctx, "o", "2026-06-10", first, func(t *queue.Ticket) { t.Status, t.CalledAt = queue.StatusCalled, now })
	if err != nil || called.ID != ids[0] {
		t.Fatalf("call: %v %v", called.ID, err)
	}
	got := map[string]notify.Event{}
	for _, m := range outboxOf(t, s) {
		got[m.Subject.ID] = m.Event
		if !m.Urgent || !m.Due.Equal(now) {
			t.Errorf("%s: urgent %v, due %v", m.Event, m.Urgent, m.Due)
		}
	}
	if len(got) != 2 || got[ids[0]] != notify.EventQueueCalled || got[ids[1]] != notify.EventQueueNear {
		t.Fatalf("outbox: %v", got)
	}
	if err := s.Subscribe(ctx, pushSub(notify.Subject{Kind: notify.KindTicket, ID: ids[0]})); !errors.Is(err, notify.ErrUnknownSubject) {
		t.Fatalf("subscribing to a called ticket: %v", err)
	}
}

// An e-mail address given with a help request or an address notification
// follows it: an answer and a new municipal status are sent there.
func testOutboxContacts(t *testing.T, s Backend, clk *clock) {
	now := time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC)
	clk.Set(now)
	ctx := context.Background()
	e := helpdesk.Escalation{Ref: "H2345678A", Created: now, State: helpdesk.StateOpen, Lang: "ar", Contact: helpdesk.ContactEmail,
		ContactValue: "sara@example.org", Message: "my card"}
	if err := s.CreateEscalation(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateEscalation(ctx, e.Ref, func(e *helpdesk.Escalation) (bool, error) {
		e.Notes = append(e.Notes, helpdesk.Note{At: now, Text: "internal"})
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	if ms := outboxOf(t, s); len(ms) != 0 {
		t.Fatalf("a staff note queued %d messages", len(ms))
	}
	if _, err := s.UpdateEscalation(ctx, e.Ref, func(e *helpdesk.Escalation) (bool, error) {
		e.Replies = append(e.Replies, helpdesk.Reply{At: now.Add(time.Hour), Author: "staff", Text: "ready"})
		e.State = helpdesk.StateAnswered
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	ms := outboxOf(t, s)
	if len(ms) != 1 || ms[0].Event != notify.EventHelpAnswered || ms[0].Channel != notify.ChannelEmail || ms[0].Lang != "ar" ||
		ms[0].Data["ref"] != "H2345678A" {
		t.Fatalf("after the answer: %+v", ms)
	}
	subs, _ := s.Subscriptions(ctx, notify.Subject{Kind: notify.KindHelp, ID: "H2345678A"})
	if len(subs) != 1 || subs[0].Email != "sara@example.org" {
		t.Fatalf("help subscriptions: %+v", subs)
	}

	n := address.Notification{Ref: "AD23456789", Surname: "X", BirthDate: "1990-01-01", Municipality: "21004", Created: now,
		DepartureDate: "2026-07-01", Email: "lu@example.org", Lang: "uk", Status: address.StatusNew}
	if err := s.CreateAddressNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateAddressNotification(ctx, n.Ref, func(n *address.Notification) (bool, error) {
		n.Status, n.StatusAt = address.StatusComeIn, now.Add(time.Hour)
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	ms = outboxOf(t, s)
	if len(ms) != 2 || ms[0].Event != notify.EventAddressStatus || ms[0].Data["status"] != "come_in" || ms[0].Lang != "uk" {
		t.Fatalf("after the status: %+v", ms)
	}
	for _, m := range ms {
		for k, v := range m.Data {
			if v == "1990-01-01" || v == "X" {
				t.Fatalf("message carries %s=%s", k, v)
			}
		}
	}
}

// testSubscriptionsOfKind: a lawyer's digest subscription needs the
// account, and the digests are found by kind, apart from other subjects.
func testSubscriptionsOfKind(t *testing.T, s Backend) {
	ctx := context.Background()
	var want []string
	for _, email := range []string{"a@firm.be", "b@firm.be"} {
		a, err := s.CreateAccount(ctx, accounts.Account{Email: email, Role: accounts.RoleLawyer})
		if err != nil {
			t.Fatal(err)
		}
		sub := notify.Subscription{ID: notify.NewID(), Subject: notify.LawyerSubject(a.ID), Channel: notify.ChannelEmail, Lang: "fr", Email: email}
		if err := s.Subscribe(ctx, sub); err != nil {
			t.Fatal(err)
		}
		want = append(want, sub.ID)
	}
	if err := s.Subscribe(ctx, notify.Subscription{ID: notify.NewID(), Subject: notify.LawyerSubject("nobody"), Channel: notify.ChannelEmail,
		Lang: "fr", Email: "x@firm.be"}); !errors.Is(err, notify.ErrUnknownSubject) {
		t.Fatalf("a digest for no account: %v", err)
	}
	if err := s.PutDossiers([]dossiers.Dossier{{Number: "12345678", Procedure: "asylum", Status: "registered", Received: "2026-01-05",
		BirthHash: []byte{1}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Subscribe(ctx, pushSub(notify.Subject{Kind: notify.KindDossier, ID: "12345678"})); err != nil {
		t.Fatal(err)
	}
	got, err := s.SubscriptionsOfKind(ctx, notify.KindLawyer)
	if err != nil || len(got) != 2 {
		t.Fatalf("lawyers' subscriptions: %+v %v", got, err)
	}
	for _, sub := range got {
		if !slices.Contains(want, sub.ID) {
			t.Fatalf("unexpected subscription %+v", sub)
		}
	}
}
