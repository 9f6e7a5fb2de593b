package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/notify"
	"loket/server/store"
)

const browserKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"

func newService(t *testing.T, st *store.Store, now *time.Time) *notify.Service {
	t.Helper()
	svc, err := notify.NewService(st, notify.ServiceConfig{Rules: notify.SubscriptionRules{Langs: []string{"en", "ar"}},
		GrantKey: []byte("0123456789abcdef0123456789abcdef"), GrantTTL: time.Hour, Push: true, Email: true, Now: func() time.Time { return *now }})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// A grant lets a browser follow its one subject for a while; a forged,
// altered or expired one does not.
func TestGrants(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC)
	if err := createHelp(ctx, st, now); err != nil {
		t.Fatal(err)
	}
	svc := newService(t, st, &now)
	grant := svc.Grant(notify.Subject{Kind: notify.KindHelp, ID: "H1"})
	sub, err := svc.SubscribePush(ctx, grant, "ar", notify.PushRequest{Endpoint: "https://fcm.googleapis.com/fcm/send/x", P256dh: browserKey, Auth: "AAECAwQFBgcICQoLDA0ODw"})
	if err != nil || sub.Subject.ID != "H1" || sub.Lang != "ar" {
		t.Fatalf("subscribe: %+v %v", sub, err)
	}
	other := svc.Grant(notify.Subject{Kind: notify.KindHelp, ID: "H2"})
	p64, m64, _ := strings.Cut(other, ".")
	g64, _, _ := strings.Cut(grant, ".")
	for name, g := range map[string]string{"forged": g64 + "." + m64, "garbage": "x.y", "empty": "", "no mac": p64,
		"unknown subject": other} {
		if _, err := svc.SubscribeEmail(ctx, g, "en", "a@example.org"); !errors.Is(err, notify.ErrUnknownSubject) {
			t.Errorf("%s grant: %v", name, err)
		}
	}
	now = now.Add(2 * time.Hour)
	if _, err := svc.SubscribeEmail(ctx, grant, "en", "a@example.org"); !errors.Is(err, notify.ErrUnknownSubject) {
		t.Errorf("expired grant: %v", err)
	}
	if err := svc.Stop(ctx, sub.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Stop(ctx, sub.ID); !errors.Is(err, notify.ErrNotFound) {
		t.Errorf("second stop: %v", err)
	}
	if err := svc.Stop(ctx, "../../etc"); !errors.Is(err, notify.ErrNotFound) {
		t.Errorf("odd id: %v", err)
	}
	off, _ := notify.NewService(st, notify.ServiceConfig{GrantKey: make([]byte, 16), Rules: notify.SubscriptionRules{Langs: []string{"en"}}})
	if _, err := off.SubscribeEmail(ctx, off.Grant(notify.Subject{Kind: notify.KindHelp, ID: "H1"}), "en", "a@example.org"); !errors.Is(err, notify.ErrChannelOff) {
		t.Errorf("e-mail off: %v", err)
	}
}

// Reminders are queued shortly before they are due, once, for followed
// active bookings made in time; a move drops the old one and the next run
// queues the new one.
func TestQueueReminders(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 9, 10, 0, 0, 0, time.UTC)
	svc := newService(t, st, &now)
	m, err := bookings.New(bookings.Config{Secret: []byte("remind-secret-remind-secret-remind"), Now: func() time.Time { return now }}, st, noDossier{}, []bookings.Office{childOffice})
	if err != nil {
		t.Fatal(err)
	}
	book := func(start time.Time, email string) bookings.Confirmation {
		c, err := m.Book(ctx, bookings.Request{OfficeID: "crash", ServiceID: "svc", Start: start, Email: email, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a := book(time.Date(2026, 6, 11, 10, 30, 0, 0, time.UTC), "a@example.org")
	book(time.Date(2026, 6, 12, 10, 0, 0, 0, time.UTC), "b@example.org") // due later
	book(time.Date(2026, 6, 11, 11, 0, 0, 0, time.UTC), "")              // nobody follows
	d := book(time.Date(2026, 6, 11, 11, 15, 0, 0, time.UTC), "d@example.org")
	if _, err := m.Cancel(ctx, d.Booking.Ref, d.PIN); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)                   // a day later
	book(time.Date(2026, 6, 10, 15, 0, 0, 0, time.UTC), "c@example.org") // booked after its reminder's time
	for i := 0; i < 2; i++ {
		n, err := svc.QueueReminders(ctx, m)
		if err != nil || n != 1-i {
			t.Fatalf("run %d: queued %d, %v", i, n, err)
		}
	}
	reminders := func() []notify.Message {
		var out []notify.Message
		all, _ := st.OutboxMessages(ctx, "", 100)
		for _, msg := range all {
			if msg.Event == notify.EventReminder {
				out = append(out, msg)
			}
		}
		return out
	}
	rs := reminders()
	if len(rs) != 1 || rs[0].Subject.ID != string(a.Booking.Ref) || !rs[0].Due.Equal(time.Date(2026, 6, 10, 10, 30, 0, 0, time.UTC)) ||
		rs[0].Data["start"] != "2026-06-11T10:30:00Z" {
		t.Fatalf("reminders: %+v", rs)
	}
	if _, err := m.Move(ctx, a.Booking.Ref, a.PIN, time.Date(2026, 6, 11, 10, 45, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.QueueReminders(ctx, m); err != nil || n != 1 {
		t.Fatalf("after the move: queued %d, %v", n, err)
	}
	states := map[string]notify.State{}
	for _, r := range reminders() {
		states[r.Key[strings.Index(r.Key, "/reminder/"):]] = r.State
	}
	if len(states) != 2 || states["/reminder/0/"+rs[0].Subscription] != notify.StateDropped || states["/reminder/1/"+rs[0].Subscription] != notify.StateQueued {
		t.Fatalf("after the move: %v", states)
	}
}

// A booking on a day its office closed since gets no reminder (the queued
// one is dropped by the closure), until its holder moves it.
func TestNoReminderForAClosedDay(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 9, 10, 0, 0, 0, time.UTC)
	svc := newService(t, st, &now)
	m, err := bookings.New(bookings.Config{Secret: []byte("closed-secret-closed-secret-closed"), Now: func() time.Time { return now }}, st, noDossier{}, []bookings.Office{childOffice})
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Book(ctx, bookings.Request{OfficeID: "crash", ServiceID: "svc", Start: time.Date(2026, 6, 11, 10, 30, 0, 0, time.UTC),
		Email: "a@example.org", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)
	if n, err := svc.QueueReminders(ctx, m); err != nil || n != 1 {
		t.Fatalf("before the closure: queued %d, %v", n, err)
	}
	if _, err := m.CloseDay(ctx, "crash", bookings.Date{Year: 2026, Month: 6, Day: 11}, "outage"); err != nil {
		t.Fatal(err)
	}
	queued, _ := st.OutboxMessages(ctx, notify.StateQueued, 100)
	for _, msg := range queued {
		if msg.Event == notify.EventReminder {
			t.Fatalf("a reminder is still queued for the closed day: %+v", msg)
		}
	}
	if n, err := svc.QueueReminders(ctx, m); err != nil || n != 0 {
		t.Fatalf("after the closure: queued %d, %v", n, err)
	}
	if _, err := m.Move(ctx, c.Booking.Ref, c.PIN, time.Date(2026, 6, 12, 10, 30, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC)
	if n, err := svc.QueueReminders(ctx, m); err != nil || n != 1 {
		t.Fatalf("after the move: queued %d, %v", n, err)
	}
}
