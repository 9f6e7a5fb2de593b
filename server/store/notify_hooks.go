package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"loket/server/bookings"
	"loket/server/notify"
	"loket/server/store/hooks"
)

// The outbox hooks: each write method that changes a subject runs one of
// the hooks.Rules inside its own transaction, so a change and the record of
// what it must tell are committed together or not at all.

func bookingsRef(id string) bookings.Reference { return bookings.Reference(id) }

// boltOutbox is the outbox inside one bbolt write transaction.
type boltOutbox struct {
	s  *Store
	tx *bolt.Tx
}

func (o boltOutbox) Record(p notify.Pending) error { return o.s.recordTx(o.tx, p) }

func (o boltOutbox) RecordFollowed(p notify.Pending) error {
	prefix := subjectKey(p.Change.Subject, nil)
	if k, _ := o.tx.Bucket(bucketNotifySubsBySubject).Cursor().Seek(prefix); k == nil || !bytes.HasPrefix(k, prefix) {
		return nil
	}
	return o.s.recordTx(o.tx, p)
}

func (o boltOutbox) Subscriptions(subject notify.Subject) ([]notify.Subscription, error) {
	return subscriptionsTx(o.tx, subject)
}

func (o boltOutbox) Subscribe(sub notify.Subscription) error { return subscribeTx(o.tx, sub) }

func (o boltOutbox) Enqueue(msgs []notify.Message) (int, error) { return o.s.enqueueTx(o.tx, msgs) }

func (o boltOutbox) Drop(subject notify.Subject, match func(notify.Message) bool) error {
	return o.s.dropTx(o.tx, subject, match)
}

// hooks are the outbox rules with this store's planner and clock.
func (s *Store) hooks() hooks.Rules { return hooks.Rules{Planner: s.planner, Now: s.now} }

// outbox is tx's outbox.
func (s *Store) outbox(tx *bolt.Tx) boltOutbox { return boltOutbox{s: s, tx: tx} }
