package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/bookings"
	"loket/server/store/postgres"
	"loket/server/store/postgres/pgtest"
)

// twoInstances opens two stores on one database, as two Loket instances.
func twoInstances(t *testing.T) (a, b *postgres.Store, url string) {
	t.Helper()
	url = pgtest.URLFrom(t, "schema", migrated)
	for _, s := range []**postgres.Store{&a, &b} {
		st, err := postgres.Open(context.Background(), url, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		*s = st
	}
	return a, b, url
}

// TestProofUsedOnceAcrossInstances: a proof of work serves one form on
// every instance until it expires.
func TestProofUsedOnceAcrossInstances(t *testing.T) {
	ctx := context.Background()
	a, b, _ := twoInstances(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if form, err := a.UseProof(ctx, "proof-1", "form-A", now, now.Add(10*time.Minute)); err != nil || form != "form-A" {
		t.Fatalf("first use: %q %v", form, err)
	}
	if form, _ := b.UseProof(ctx, "proof-1", "form-B", now.Add(time.Minute), now.Add(11*time.Minute)); form != "form-A" {
		t.Fatalf("the other instance let the proof serve %q", form)
	}
	if form, _ := b.UseProof(ctx, "proof-1", "form-B", now.Add(11*time.Minute), now.Add(21*time.Minute)); form != "form-B" {
		t.Fatalf("after expiry: %q", form)
	}
	if n, err := a.PruneProofs(ctx, now.Add(30*time.Minute)); err != nil || n != 1 {
		t.Fatalf("prune: %d %v", n, err)
	}
}

// TestOneLeaderAtATime: while one instance leads a job, the other does
// not run it; after, it can.
func TestOneLeaderAtATime(t *testing.T) {
	ctx := context.Background()
	a, b, _ := twoInstances(t)
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := a.Lead(ctx, "estimates", func(context.Context) error {
			close(inside)
			<-release
			return nil
		})
		done <- err
	}()
	<-inside
	ran := false
	if led, err := b.Lead(ctx, "estimates", func(context.Context) error { ran = true; return nil }); err != nil || led || ran {
		t.Fatalf("second instance led while the first did: %v %v", led, err)
	}
	if led, err := b.Lead(ctx, "other-job", func(context.Context) error { return nil }); err != nil || !led {
		t.Fatalf("another job is not blocked: %v %v", led, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if led, err := b.Lead(ctx, "estimates", func(context.Context) error { return nil }); err != nil || !led {
		t.Fatalf("after the leader finished: %v %v", led, err)
	}
}

// TestEventsReachTheOtherInstance: a notification sent by one instance
// reaches a listener on the other, also after its connection was killed.
func TestEventsReachTheOtherInstance(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, b, url := twoInstances(t)
	got := make(chan string, 16)
	go a.Listen(ctx, []string{"loket_events"}, func(_, p string) { got <- p }) //nolint:errcheck // ends with ctx
	next := func() string {
		select {
		case p := <-got:
			return p
		case <-time.After(30 * time.Second):
			t.Fatal("no notification within 30 s")
			return ""
		}
	}
	// The listener may not be listening yet: send until one arrives.
	for sent := false; !sent; {
		if err := b.Notify(ctx, "loket_events", "call:desk-3"); err != nil {
			t.Fatal(err)
		}
		select {
		case p := <-got:
			if p != "call:desk-3" {
				t.Fatalf("payload %q", p)
			}
			sent = true
		case <-time.After(100 * time.Millisecond):
		}
	}
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var killed int
	if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("killed %d listening connections (%v)", killed, err)
	}
	if p := next(); p != "" {
		t.Fatalf("after reconnecting the listener was told %q, want \"\" (reread)", p)
	}
	if err := b.Notify(ctx, "loket_events", "revoked:r1"); err != nil {
		t.Fatal(err)
	}
	if p := next(); p != "revoked:r1" {
		t.Fatalf("after reconnecting: %q", p)
	}
}

// TestSlotChangesReachTheOtherInstance: a booking and its cancellation on
// one instance tell another that the office-service's slot counts changed
// (sent after each commit, notes.go).
func TestSlotChangesReachTheOtherInstance(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, b, _ := twoInstances(t)
	got := make(chan string, 16)
	listening := make(chan struct{})
	go a.Listen(ctx, []string{postgres.SlotsChannel, "loket_ready"}, func(ch, p string) { //nolint:errcheck // ends with ctx
		if ch == "loket_ready" {
			select {
			case <-listening:
			default:
				close(listening)
			}
			return
		}
		got <- p
	})
	// Wait until a listens: the news of a booking is sent once.
	for ready := false; !ready; {
		if err := b.Notify(ctx, "loket_ready", "x"); err != nil {
			t.Fatal(err)
		}
		select {
		case <-listening:
			ready = true
		case <-time.After(100 * time.Millisecond):
		}
	}
	next := func(what string) {
		t.Helper()
		select {
		case p := <-got:
			if p != "brussels info" {
				t.Fatalf("after the %s: payload %q, want \"brussels info\"", what, p)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("no news of the %s within 30 s", what)
		}
	}
	start := time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
	bk := bookings.Booking{ID: "id-1", Ref: "ABCD-EFGH", OfficeID: "brussels", ServiceID: "info", Start: start,
		End: start.Add(10 * time.Minute), Status: bookings.StatusBooked, CreatedAt: start.Add(-time.Hour)}
	if _, err := b.CreateBooking(ctx, bk, bookings.CreateRule{Capacity: 1, Now: start.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	next("booking")
	if _, err := b.CancelBooking(ctx, bk.Ref, bookings.Cancellation{At: start.Add(-30 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	next("cancellation")
}

// TestSavedOfficesAreAnnounced: offices saved on one instance (an edit in
// the staff console) are announced on OfficesChannel to the others, which
// read them again.
func TestSavedOfficesAreAnnounced(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, b, _ := twoInstances(t)
	got := make(chan string, 16)
	go a.Listen(ctx, []string{postgres.OfficesChannel}, func(ch, _ string) { got <- ch }) //nolint:errcheck // ends with ctx
	offices := bookings.DemoOffices()
	// The listener may not be listening yet: save until one arrives.
	deadline := time.After(30 * time.Second)
	for heard := false; !heard; {
		offices[0].Hours["mon"] = []bookings.Period{{From: 8 * 60, To: 11 * 60}}
		if err := b.SaveOffices(ctx, offices); err != nil {
			t.Fatal(err)
		}
		select {
		case <-got:
			heard = true
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			t.Fatal("no announcement within 30 s")
		}
	}
	saved, ok, err := a.Offices(ctx)
	if err != nil || !ok || bookings.FormatPeriods(saved[0].Hours["mon"]) != "08:00-11:00" {
		t.Fatalf("the other instance reads %v %v %+v", ok, err, saved[0].Hours["mon"])
	}
}
