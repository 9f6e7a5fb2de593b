package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/notify"
)

// outboxManager books on the backend with a clock the test moves; the
// office is open every day 09:00-17:00 UTC.
func outboxManager(t *testing.T, b Backend, clk *clock) *bookings.Manager {
	t.Helper()
	office := bookings.Office{
		ID: "contract", Name: "Contract office", Address: "Teststraat 1, 1000 Brussel", Languages: []string{"nl"},
		TimeZone: "UTC", Hours: map[string][]bookings.Period{},
		Services: []bookings.Service{{ID: "svc", DurationMinutes: 15, Capacity: 3, HorizonDays: 30}},
	}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		office.Hours[d] = []bookings.Period{{From: 9 * 60, To: 17 * 60}}
	}
	m, err := bookings.New(bookings.Config{Secret: []byte("contract-secret-contract-secret-!!"), Now: clk.Now}, b, noDossiers{}, []bookings.Office{office})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// messagesOf lists the backend's messages of one subject, oldest first.
func messagesOf(t *testing.T, b Backend, subject notify.Subject) []notify.Message {
	t.Helper()
	all, err := b.OutboxMessages(context.Background(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Message
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Subject == subject {
			out = append(out, all[i])
		}
	}
	return out
}

// events describes messages as event/channel/state, sorted: the order
// among one change's subscriptions is not part of the contract.
func events(ms []notify.Message) string {
	var s []string
	for _, m := range ms {
		s = append(s, string(m.Event)+"/"+string(m.Channel)+"/"+string(m.State))
	}
	slices.Sort(s)
	return strings.Join(s, " ")
}

var pushKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"

// testOutboxBooking: a booking with an e-mail address queues its
// confirmation in the booking's transaction (its reminder comes later, from
// notify.Service.QueueReminders); a push subscription made later follows
// the moves; a move and a cancellation are told to every follower and drop
// a reminder already queued.
func testOutboxBooking(t *testing.T, b Backend) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	m := outboxManager(t, b, clk)
	start := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	c, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: start, Email: "ana@example.org", Lang: "fr", IdempotencyKey: "o1"})
	if err != nil {
		t.Fatal(err)
	}
	subject := notify.Subject{Kind: notify.KindBooking, ID: string(c.Booking.Ref)}
	ms := messagesOf(t, b, subject)
	if got := events(ms); got != "booking_confirmed/email/queued" {
		t.Fatalf("after booking: %s", got)
	}
	if ms[0].Lang != "fr" || ms[0].Data["ref"] != string(c.Booking.Ref) || ms[0].Data["start"] != "2026-03-05T10:00:00Z" {
		t.Fatalf("lang %q, data %v", ms[0].Lang, ms[0].Data)
	}
	for k, v := range ms[0].Data {
		if strings.Contains(v, c.PIN) || k == "pin" || strings.Contains(v, "ana@") {
			t.Fatalf("message data carries %s=%s", k, v)
		}
	}
	// Replaying the form changes nothing in the outbox.
	if _, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: start, Email: "ana@example.org", Lang: "fr", IdempotencyKey: "o1"}); err != nil {
		t.Fatal(err)
	}
	if n := len(messagesOf(t, b, subject)); n != 1 {
		t.Fatalf("a replayed booking queued again: %d messages", n)
	}
	// No address, no follower: nothing queued.
	bare, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: start, IdempotencyKey: "o2"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(messagesOf(t, b, notify.Subject{Kind: notify.KindBooking, ID: string(bare.Booking.Ref)})); n != 0 {
		t.Fatalf("a booking without an address queued %d messages", n)
	}
	rules := notify.SubscriptionRules{Langs: []string{"fr", "ar"}, Now: clk.Now}
	sub, err := rules.NewPush(subject, "ar", notify.PushRequest{Endpoint: "https://push.example.org/send/abc", P256dh: pushKey, Auth: "AAECAwQFBgcICQoLDA0ODw"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Subscribe(ctx, sub); err != nil {
		t.Fatal(err)
	}
	got, err := b.Subscription(ctx, sub.ID)
	if err != nil || got.Push == nil || got.Push.Endpoint != sub.Push.Endpoint || len(got.Push.P256dh) != 65 || got.Lang != "ar" {
		t.Fatalf("subscription read back: %+v %v", got, err)
	}
	// A reminder queued for both followers, as QueueReminders would.
	var reminders []notify.Message
	for _, s := range []notify.Subscription{sub} {
		reminders = append(reminders, notify.Message{Key: subject.String() + "/reminder/0/" + s.ID, Subscription: s.ID, Channel: s.Channel,
			Subject: subject, Event: notify.EventReminder, Lang: s.Lang, Created: clk.Now(), Due: start.Add(-24 * time.Hour)})
	}
	if _, err := b.Enqueue(ctx, reminders); err != nil {
		t.Fatal(err)
	}
	clk.t = clk.t.Add(time.Hour)
	if _, err := m.Move(ctx, c.Booking.Ref, c.PIN, start.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	ms = messagesOf(t, b, subject)
	if got := events(ms); got != "booking_confirmed/email/queued booking_moved/email/queued booking_moved/push/queued reminder/push/dropped" {
		t.Fatalf("after the move: %s", got)
	}
	for _, msg := range ms {
		if msg.Event == notify.EventBookingMoved && msg.Channel == notify.ChannelPush && (msg.Data != nil || msg.Lang != "ar") {
			t.Fatalf("push message carries %v in %q", msg.Data, msg.Lang)
		}
	}
	if _, err := m.Cancel(ctx, c.Booking.Ref, c.PIN); err != nil {
		t.Fatal(err)
	}
	if got := events(messagesOf(t, b, subject)); got != "booking_cancelled/email/queued booking_cancelled/push/queued booking_confirmed/email/queued "+
		"booking_moved/email/queued booking_moved/push/queued reminder/push/dropped" {
		t.Fatalf("after the cancellation: %s", got)
	}
	// A cancelled booking cannot be followed any more.
	late, _ := rules.NewPush(subject, "fr", notify.PushRequest{Endpoint: "https://push.example.org/send/def", P256dh: pushKey, Auth: "AAECAwQFBgcICQoLDA0ODw"})
	if err := b.Subscribe(ctx, late); !errors.Is(err, notify.ErrUnknownSubject) {
		t.Fatalf("subscribing to a cancelled booking: %v", err)
	}
}

// testOutboxDelivery: claims lease messages, an expired lease gives them
// back, outcomes settle once, a gone subscription is dropped with its
// queued messages, and Enqueue is idempotent by key.
func testOutboxDelivery(t *testing.T, b Backend) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	m := outboxManager(t, b, clk)
	c, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC),
		Email: "ben@example.org", Lang: "nl", IdempotencyKey: "d1"})
	if err != nil {
		t.Fatal(err)
	}
	subject := notify.Subject{Kind: notify.KindBooking, ID: string(c.Booking.Ref)}
	if got := events(messagesOf(t, b, subject)); got != "booking_confirmed/email/queued" {
		t.Fatalf("after booking: %s", got)
	}
	select {
	case <-b.OutboxWakeup():
	default:
		t.Fatal("no wake-up after a commit that queued a message")
	}
	now := clk.t
	ds, err := b.ClaimDue(ctx, now, time.Minute, 10)
	if err != nil || len(ds) != 1 || ds[0].Subscription.Email != "ben@example.org" || ds[0].Message.Event != notify.EventBookingConfirmed {
		t.Fatalf("claim: %+v %v", ds, err)
	}
	if again, _ := b.ClaimDue(ctx, now.Add(30*time.Second), time.Minute, 10); len(again) != 0 {
		t.Fatal("a leased message was claimed twice")
	}
	// The worker died: the lease ends and the message comes back.
	back, err := b.ClaimDue(ctx, now.Add(2*time.Minute), time.Minute, 10)
	if err != nil || len(back) != 1 || back[0].Message.Key != ds[0].Message.Key {
		t.Fatalf("after the lease: %+v %v", back, err)
	}
	id := back[0].Message.ID
	if err := b.Settle(ctx, []notify.Result{{ID: id, Outcome: notify.OutcomeRetry, Error: "421 try later", At: now, Next: now.Add(5 * time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	if ds, _ := b.ClaimDue(ctx, now.Add(4*time.Minute), time.Minute, 10); len(ds) != 0 {
		t.Fatal("claimed before its retry time")
	}
	ds, _ = b.ClaimDue(ctx, now.Add(6*time.Minute), time.Minute, 10)
	if len(ds) != 1 || ds[0].Message.Attempts != 1 || ds[0].Message.LastError != "421 try later" {
		t.Fatalf("retry: %+v", ds)
	}
	if err := b.Settle(ctx, []notify.Result{{ID: id, Outcome: notify.OutcomeSent, At: now.Add(6 * time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	// A late duplicate result changes nothing.
	if err := b.Settle(ctx, []notify.Result{{ID: id, Outcome: notify.OutcomeDead, Error: "late", At: now}}); err != nil {
		t.Fatal(err)
	}
	if ms := messagesOf(t, b, subject); ms[0].State != notify.StateSent || ms[0].Attempts != 1 {
		t.Fatalf("after sending: %+v", ms[0])
	}

	// Enqueue: the same key twice is one message.
	subs, err := b.Subscriptions(ctx, subject)
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscriptions: %v %v", subs, err)
	}
	notice := notify.Message{Key: "notice/contract/2026-03-02/" + subs[0].ID, Subscription: subs[0].ID, Channel: notify.ChannelEmail,
		Subject: subject, Event: notify.EventOfficeNotice, Lang: "nl", Created: now, Due: now}
	for i := 0; i < 2; i++ {
		n, err := b.Enqueue(ctx, []notify.Message{notice})
		if err != nil || n != 1-i {
			t.Fatalf("enqueue %d: added %d, %v", i, n, err)
		}
	}
	second := notice
	second.Key += "/again"
	if _, err := b.Enqueue(ctx, []notify.Message{second}); err != nil {
		t.Fatal(err)
	}
	ds, _ = b.ClaimDue(ctx, now.Add(7*time.Minute), time.Minute, 1)
	if len(ds) != 1 {
		t.Fatalf("claim with limit 1: %d", len(ds))
	}
	// The address is gone: the subscription goes, and its other queued
	// message is dropped.
	if err := b.Settle(ctx, []notify.Result{{ID: ds[0].Message.ID, Outcome: notify.OutcomeGone, Error: "410", At: now}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Subscription(ctx, subs[0].ID); !errors.Is(err, notify.ErrNotFound) {
		t.Fatalf("gone subscription: %v", err)
	}
	if got := events(messagesOf(t, b, subject)); got != "booking_confirmed/email/sent office_notice/email/dead office_notice/email/dropped" {
		t.Fatalf("after gone: %s", got)
	}
	if ds, _ := b.ClaimDue(ctx, now.Add(time.Hour), time.Minute, 10); len(ds) != 0 {
		t.Fatalf("claimed %d messages of a gone subscription", len(ds))
	}
	st, err := b.OutboxStats(ctx)
	if err != nil || st.Messages[notify.StateSent] != 1 || st.Messages[notify.StateDead] != 1 || st.Messages[notify.StateDropped] != 1 ||
		st.Messages[notify.StateQueued] != 0 || st.Failures != 2 {
		t.Fatalf("stats: %+v %v", st, err)
	}
	n, err := b.PurgeOutbox(ctx, time.Now().Add(time.Hour), 100)
	if err != nil || n != 3 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if ms, _ := b.OutboxMessages(ctx, "", 10); len(ms) != 0 {
		t.Fatalf("%d messages left after the purge", len(ms))
	}
}

// testOutboxSubscriptions: unknown subjects are refused, a subject takes
// at most MaxPerSubject, and unsubscribing drops the queued messages.
func testOutboxSubscriptions(t *testing.T, b Backend) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	m := outboxManager(t, b, clk)
	rules := notify.SubscriptionRules{Langs: []string{"en"}, Now: clk.Now}
	for _, subject := range []notify.Subject{{Kind: notify.KindBooking, ID: "BK-NONE-0000"}, {Kind: notify.KindDossier, ID: "99999999"},
		{Kind: notify.KindTicket, ID: "nope"}, {Kind: notify.KindHelp, ID: "nope"}, {Kind: notify.KindAddress, ID: "nope"}, {Kind: "person", ID: "x"}} {
		sub, _ := rules.NewEmail(subject, "en", "x@example.org")
		if err := b.Subscribe(ctx, sub); !errors.Is(err, notify.ErrUnknownSubject) {
			t.Errorf("subscribe to %v: %v", subject, err)
		}
	}
	c, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC), IdempotencyKey: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	subject := notify.Subject{Kind: notify.KindBooking, ID: string(c.Booking.Ref)}
	var first notify.Subscription
	for i := 0; i < notify.MaxPerSubject; i++ {
		sub, _ := rules.NewEmail(subject, "en", "x@example.org")
		if err := b.Subscribe(ctx, sub); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = sub
		}
	}
	extra, _ := rules.NewEmail(subject, "en", "x@example.org")
	if err := b.Subscribe(ctx, extra); !errors.Is(err, notify.ErrTooMany) {
		t.Fatalf("subscription past the limit: %v", err)
	}
	if ok, err := b.Unsubscribe(ctx, first.ID); !ok || err != nil {
		t.Fatalf("unsubscribe: %v %v", ok, err)
	}
	if ok, _ := b.Unsubscribe(ctx, first.ID); ok {
		t.Fatal("unsubscribed twice")
	}
	for _, msg := range messagesOf(t, b, subject) {
		if msg.Subscription == first.ID && msg.State != notify.StateDropped {
			t.Fatalf("message of a withdrawn subscription is %s", msg.State)
		}
	}
}

// testOutboxChangesInOrderAndOnce: a change's transaction only records
// it; the fan-out (here at the first read) follows the order the changes
// were made in, so a booking's confirmation, move and cancellation reach
// its address in that order, and a status event recorded twice (the back
// office took it back and sent it again) is queued once.
func testOutboxChangesInOrderAndOnce(t *testing.T, b Backend) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	m := outboxManager(t, b, clk)
	start := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	c, err := m.Book(ctx, bookings.Request{OfficeID: "contract", ServiceID: "svc", Start: start, Email: "ana@example.org", Lang: "nl", IdempotencyKey: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Move(ctx, c.Booking.Ref, c.PIN, start.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Cancel(ctx, c.Booking.Ref, c.PIN); err != nil {
		t.Fatal(err)
	}
	d := testDossier("10000001", "asylum", false, ev("received", "2026-01-01", false))
	if err := b.PutDossiers([]dossiers.Dossier{d}); err != nil {
		t.Fatal(err)
	}
	dossier := notify.Subject{Kind: notify.KindDossier, ID: d.Number}
	if err := b.Subscribe(ctx, pushSub(dossier)); err != nil {
		t.Fatal(err)
	}
	withE2 := d
	withE2.Events = append(slices.Clone(d.Events), dossiers.Event{ID: "e2", Code: "interview", Date: "2026-02-01"})
	for _, v := range []dossiers.Dossier{withE2, d, withE2} {
		if err := b.PutDossiers([]dossiers.Dossier{v}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, msg := range messagesOf(t, b, notify.Subject{Kind: notify.KindBooking, ID: string(c.Booking.Ref)}) {
		got = append(got, string(msg.Event)+"/"+string(msg.Channel))
	}
	if want := "booking_confirmed/email booking_moved/email booking_cancelled/email"; strings.Join(got, " ") != want {
		t.Fatalf("booking messages in order: %v, want %s", got, want)
	}
	e2 := 0
	for _, msg := range messagesOf(t, b, dossier) {
		if strings.Contains(msg.Key, "/e2/") {
			e2++
		}
	}
	if e2 != 1 {
		t.Fatalf("status event e2 recorded twice queued %d messages", e2)
	}
}
