package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/notify"
)

// TestNotifyNewMovesToTheIndexes: a file written when changes queued their
// messages in notify_new (schema step 0012) keeps them across step 0017:
// they are indexed and claimable, notify_new is gone, and the numbering
// goes on after the last of them.
func TestNotifyNewMovesToTheIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	subject := notify.Subject{Kind: notify.KindDossier, ID: "12345678"}
	sub := notify.Subscription{ID: "sub1", Subject: subject, Channel: notify.ChannelEmail, Lang: "nl", Email: "a@example.org"}
	due := time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMigrations).Delete([]byte("0017-notify-changes")); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketNotifyChanges); err != nil {
			return err
		}
		if err := subscribeTx(tx, sub); err != nil {
			return err
		}
		b, err := tx.CreateBucket(bucketNotifyNew)
		if err != nil {
			return err
		}
		if err := b.SetSequence(7); err != nil {
			return err
		}
		m := notify.Message{ID: 7, Key: "dossier:12345678/status/e2/sub1", Subscription: sub.ID, Channel: sub.Channel,
			Subject: subject, Event: notify.EventStatus, Lang: "nl", Created: due, Due: due, State: notify.StateQueued}
		return put(tx, bucketNotifyNew, []byte(m.Key), m)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketNotifyNew) != nil {
			t.Error("notify_new is still there")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ds, err := s.ClaimDue(ctx, due, time.Minute, 10)
	if err != nil || len(ds) != 1 || ds[0].Message.ID != 7 || ds[0].Subscription.Email != "a@example.org" {
		t.Fatalf("claimed %+v, %v", ds, err)
	}
	if n, err := s.Enqueue(ctx, []notify.Message{{Key: "dossier:12345678/status/e3/sub1", Subscription: sub.ID, Channel: sub.Channel,
		Subject: subject, Event: notify.EventStatus, Lang: "nl", Created: due, Due: due}}); err != nil || n != 1 {
		t.Fatalf("enqueue: %d, %v", n, err)
	}
	ms, err := s.OutboxMessages(ctx, "", 10)
	if err != nil || len(ms) != 2 || ms[0].ID != 8 {
		t.Fatalf("messages after the step: %+v, %v", ms, err)
	}
}
