package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/notify"
	"loket/server/queue"
)

// Buckets of schema step 0010-notify: the outbox and the subscriptions.
var (
	// bucketNotifySubs: subscription id -> notify.Subscription.
	bucketNotifySubs = []byte("notify_subs")
	// bucketNotifySubsBySubject: subject 0 id -> nothing.
	bucketNotifySubsBySubject = []byte("notify_subs_by_subject")
	// bucketNotifyMsgs: id(8) -> notify.Message.
	bucketNotifyMsgs = []byte("notify_msgs")
	// bucketNotifyKeys: idempotency key -> id(8).
	bucketNotifyKeys = []byte("notify_keys")
	// bucketNotifyDue: due(8, ns) id(8) -> nothing, for queued messages only;
	// a claimed message sits at the end of its lease.
	bucketNotifyDue = []byte("notify_due")
	// bucketNotifyBySubject: subject 0 id(8) -> nothing.
	bucketNotifyBySubject = []byte("notify_by_subject")
	// bucketNotifyNew (schema step 0012-notify-new, emptied and deleted by
	// 0017-notify-changes): messages queued by a change, not yet indexed.
	bucketNotifyNew = []byte("notify_new")
	// bucketNotifyChanges (schema step 0017-notify-changes): sequence(8) ->
	// notify.Pending, a change recorded in its own transaction and not yet
	// fanned out. Keys only grow, so a change appends to the last page;
	// the worker keeps it near empty, so it mostly lives inline in the
	// root. Its name sorts beside the bookings and dossiers buckets, which
	// the changes it records always write: on a small store, whose root
	// spans several pages, it then shares their root page.
	bucketNotifyChanges = []byte("changes")
)

// createNotifyNew makes bucketNotifyNew and carries the message numbering
// over from bucketNotifyMsgs, which numbered them before.
func createNotifyNew(tx *bolt.Tx) error {
	b, err := tx.CreateBucketIfNotExists(bucketNotifyNew)
	if err != nil {
		return err
	}
	return b.SetSequence(tx.Bucket(bucketNotifyMsgs).Sequence())
}

// createNotifyChanges makes bucketNotifyChanges and replaces
// bucketNotifyNew: its messages are indexed, and the numbering goes back
// to bucketNotifyMsgs.
func createNotifyChanges(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketNotifyChanges); err != nil {
		return err
	}
	old := tx.Bucket(bucketNotifyNew)
	if old == nil {
		return nil
	}
	if err := tx.Bucket(bucketNotifyMsgs).SetSequence(max(old.Sequence(), tx.Bucket(bucketNotifyMsgs).Sequence())); err != nil {
		return err
	}
	err := old.ForEach(func(_, v []byte) error {
		var m notify.Message
		if err := decode(v, &m); err != nil {
			return err
		}
		return indexMessageTx(tx, m)
	})
	if err != nil {
		return err
	}
	return tx.DeleteBucket(bucketNotifyNew)
}

var _ notify.Store = (*Store)(nil)

func subjectKey(s notify.Subject, tail []byte) []byte {
	k := append([]byte(s.String()), 0)
	return append(k, tail...)
}

func dueKey(m notify.Message) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(m.Due.UnixNano())), itob(m.ID)...)
}

// wakeOnCommit nudges the outbox worker once tx has committed.
func (s *Store) wakeOnCommit(tx *bolt.Tx) {
	tx.OnCommit(func() {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	})
}

// OutboxWakeup receives after a commit that queued messages.
func (s *Store) OutboxWakeup() <-chan struct{} { return s.wake }

func subscriptionsTx(tx *bolt.Tx, subject notify.Subject) ([]notify.Subscription, error) {
	var out []notify.Subscription
	prefix := subjectKey(subject, nil)
	c := tx.Bucket(bucketNotifySubsBySubject).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var sub notify.Subscription
		ok, err := get(tx, bucketNotifySubs, k[len(prefix):], &sub)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%w: subscription index", ErrCorrupt)
		}
		out = append(out, sub)
	}
	return out, nil
}

// subscribeTx stores sub unless its subject has MaxPerSubject already.
func subscribeTx(tx *bolt.Tx, sub notify.Subscription) error {
	prefix := subjectKey(sub.Subject, nil)
	n := 0
	c := tx.Bucket(bucketNotifySubsBySubject).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	if n >= notify.MaxPerSubject {
		return notify.ErrTooMany
	}
	if err := put(tx, bucketNotifySubs, []byte(sub.ID), sub); err != nil {
		return err
	}
	return tx.Bucket(bucketNotifySubsBySubject).Put(subjectKey(sub.Subject, []byte(sub.ID)), nil)
}

// recordTx appends p to bucketNotifyChanges: all a change's transaction
// writes for the outbox.
func (s *Store) recordTx(tx *bolt.Tx, p notify.Pending) error {
	b := tx.Bucket(bucketNotifyChanges)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	if err := put(tx, bucketNotifyChanges, itob(seq), p); err != nil {
		return err
	}
	s.wakeOnCommit(tx)
	return nil
}

// maxApply bounds the changes one transaction fans out, so a backlog (the
// worker was stopped) is worked off in steps.
const maxApply = 1000

// applyChangesTx fans out up to limit recorded changes, oldest first, and
// deletes their records; it reports whether some are left.
func (s *Store) applyChangesTx(tx *bolt.Tx, limit int) (bool, error) {
	b := tx.Bucket(bucketNotifyChanges)
	var done [][]byte
	c := b.Cursor()
	k, v := c.First()
	for ; k != nil && len(done) < limit; k, v = c.Next() {
		var p notify.Pending
		if err := decode(v, &p); err != nil {
			return false, err
		}
		if err := s.hooks().Apply(s.outbox(tx), p); err != nil {
			return false, err
		}
		done = append(done, bytes.Clone(k))
	}
	for _, k := range done {
		if err := b.Delete(k); err != nil {
			return false, err
		}
	}
	return k != nil, nil
}

// applyChanges fans out every recorded change before a read that must
// see their messages and subscriptions; with none, it costs one read.
func (s *Store) applyChanges() error {
	for {
		var pending bool
		if err := s.view(func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bucketNotifyChanges).Cursor().First()
			pending = k != nil
			return nil
		}); err != nil || !pending {
			return err
		}
		if err := s.update(func(tx *bolt.Tx) error {
			_, err := s.applyChangesTx(tx, maxApply)
			return err
		}); err != nil {
			return err
		}
	}
}

// enqueueTx stores and indexes msgs, skipping keys already stored.
func (s *Store) enqueueTx(tx *bolt.Tx, msgs []notify.Message) (int, error) {
	keys, all := tx.Bucket(bucketNotifyKeys), tx.Bucket(bucketNotifyMsgs)
	n := 0
	for _, m := range msgs {
		if keys.Get([]byte(m.Key)) != nil {
			continue
		}
		id, err := all.NextSequence()
		if err != nil {
			return n, err
		}
		m.ID, m.State = id, notify.StateQueued
		if err := indexMessageTx(tx, m); err != nil {
			return n, err
		}
		n++
	}
	if n > 0 {
		s.wakeOnCommit(tx)
	}
	return n, nil
}

// indexMessageTx stores a queued message with its key, its due time and
// its subject.
func indexMessageTx(tx *bolt.Tx, m notify.Message) error {
	if err := put(tx, bucketNotifyMsgs, itob(m.ID), m); err != nil {
		return err
	}
	for _, idx := range []struct{ bucket, key, val []byte }{
		{bucketNotifyKeys, []byte(m.Key), itob(m.ID)},
		{bucketNotifyDue, dueKey(m), nil},
		{bucketNotifyBySubject, subjectKey(m.Subject, itob(m.ID)), nil},
	} {
		if err := tx.Bucket(idx.bucket).Put(idx.key, idx.val); err != nil {
			return err
		}
	}
	return nil
}

// dropTx drops the queued messages of subject that match.
func (s *Store) dropTx(tx *bolt.Tx, subject notify.Subject, match func(notify.Message) bool) error {
	prefix := subjectKey(subject, nil)
	c := tx.Bucket(bucketNotifyBySubject).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var m notify.Message
		if _, err := get(tx, bucketNotifyMsgs, k[len(prefix):], &m); err != nil {
			return err
		}
		if m.State != notify.StateQueued || !match(m) {
			continue
		}
		if err := s.finishTx(tx, &m, notify.StateDropped, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// finishTx moves a queued message to a final state.
func (s *Store) finishTx(tx *bolt.Tx, m *notify.Message, st notify.State, at time.Time) error {
	if err := tx.Bucket(bucketNotifyDue).Delete(dueKey(*m)); err != nil {
		return err
	}
	m.State, m.Done = st, at.UTC()
	return put(tx, bucketNotifyMsgs, itob(m.ID), *m)
}

// Subscribe stores sub after checking, in the same transaction, that its
// subject exists and is not over.
func (s *Store) Subscribe(ctx context.Context, sub notify.Subscription) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketNotifySubs).Get([]byte(sub.ID)) != nil {
			return fmt.Errorf("store: subscription %s exists", sub.ID)
		}
		switch sub.Subject.Kind {
		case notify.KindDossier:
			if tx.Bucket(bucketDossiers).Get([]byte(sub.Subject.ID)) == nil {
				return notify.ErrUnknownSubject
			}
		case notify.KindBooking:
			b, ok, err := loadBooking(tx, bookingsRef(sub.Subject.ID))
			if err != nil {
				return err
			}
			if !ok || !b.Active() || !b.Start.After(sub.Created) {
				return notify.ErrUnknownSubject
			}
		case notify.KindTicket:
			t, err := getTicket(tx, []byte(sub.Subject.ID))
			if err != nil || t.Status != queue.StatusWaiting {
				return notify.ErrUnknownSubject
			}
		case notify.KindHelp:
			if tx.Bucket(bucketHelpdesk).Get([]byte(sub.Subject.ID)) == nil {
				return notify.ErrUnknownSubject
			}
		case notify.KindAddress:
			if tx.Bucket(bucketAddress).Get([]byte(sub.Subject.ID)) == nil {
				return notify.ErrUnknownSubject
			}
		case notify.KindLawyer:
			if tx.Bucket(bucketAccounts).Get([]byte(sub.Subject.ID)) == nil {
				return notify.ErrUnknownSubject
			}
		default:
			return notify.ErrUnknownSubject
		}
		return subscribeTx(tx, sub)
	})
}

// Unsubscribe deletes a subscription and drops its queued messages.
func (s *Store) Unsubscribe(ctx context.Context, id string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	var found bool
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		found, err = s.unsubscribeTx(tx, id)
		return err
	})
	return found, err
}

func (s *Store) unsubscribeTx(tx *bolt.Tx, id string) (bool, error) {
	var sub notify.Subscription
	ok, err := get(tx, bucketNotifySubs, []byte(id), &sub)
	if err != nil || !ok {
		return false, err
	}
	if err := s.dropTx(tx, sub.Subject, func(m notify.Message) bool { return m.Subscription == id }); err != nil {
		return false, err
	}
	if err := tx.Bucket(bucketNotifySubsBySubject).Delete(subjectKey(sub.Subject, []byte(id))); err != nil {
		return false, err
	}
	return true, tx.Bucket(bucketNotifySubs).Delete([]byte(id))
}

// forgetSubjectTx deletes every subscription of a subject that is being
// deleted (a purged booking, ticket or address notification), with its
// queued messages: nobody can follow what is gone, and no address is kept
// longer than the record it came with. The recorded changes are fanned out
// first: one of them may subscribe an address to the subject.
func (s *Store) forgetSubjectTx(tx *bolt.Tx, subject notify.Subject) error {
	for more := true; more; {
		var err error
		if more, err = s.applyChangesTx(tx, maxApply); err != nil {
			return err
		}
	}
	subs, err := subscriptionsTx(tx, subject)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if _, err := s.unsubscribeTx(tx, sub.ID); err != nil {
			return err
		}
	}
	return nil
}

// Subscription loads one subscription.
func (s *Store) Subscription(ctx context.Context, id string) (notify.Subscription, error) {
	var sub notify.Subscription
	if err := ctx.Err(); err != nil {
		return sub, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		ok, err := get(tx, bucketNotifySubs, []byte(id), &sub)
		if err == nil && !ok {
			err = notify.ErrNotFound
		}
		return err
	})
	return sub, err
}

// Subscriptions lists a subject's subscriptions, with those the recorded
// changes make.
func (s *Store) Subscriptions(ctx context.Context, subject notify.Subject) ([]notify.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.applyChanges(); err != nil {
		return nil, err
	}
	var out []notify.Subscription
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = subscriptionsTx(tx, subject)
		return err
	})
	return out, err
}

// SubscriptionsOfKind lists the subscriptions of every subject of kind.
func (s *Store) SubscriptionsOfKind(ctx context.Context, kind notify.Kind) ([]notify.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.applyChanges(); err != nil {
		return nil, err
	}
	var out []notify.Subscription
	prefix := []byte(string(kind) + ":")
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketNotifySubsBySubject).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			i := bytes.IndexByte(k, 0)
			var sub notify.Subscription
			ok, err := get(tx, bucketNotifySubs, k[i+1:], &sub)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("%w: subscription index", ErrCorrupt)
			}
			out = append(out, sub)
		}
		return nil
	})
	return out, err
}

// Enqueue stores messages no store change causes, skipping known keys.
func (s *Store) Enqueue(ctx context.Context, msgs []notify.Message) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		n, err = s.enqueueTx(tx, msgs)
		return err
	})
	return n, err
}

// ClaimDue fans out the recorded changes, then leases due messages: each
// moves in the due index to the end of its lease, so a worker that dies
// leaves them to the next claim.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]notify.Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []notify.Delivery
	hi := binary.BigEndian.AppendUint64(nil, uint64(now.UnixNano())+1)
	// A read first: an idle outbox costs no write.
	var any bool
	if err := s.view(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketNotifyDue).Cursor().First()
		n, _ := tx.Bucket(bucketNotifyChanges).Cursor().First()
		any = k != nil && bytes.Compare(k, hi) < 0 || n != nil
		return nil
	}); err != nil || !any {
		return nil, err
	}
	var more bool
	err := s.update(func(tx *bolt.Tx) error {
		out = out[:0]
		var err error
		if more, err = s.applyChangesTx(tx, maxApply); err != nil {
			return err
		}
		due := tx.Bucket(bucketNotifyDue)
		var ids [][]byte
		c := due.Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k, hi) < 0 && len(ids) < limit; k, _ = c.Next() {
			ids = append(ids, bytes.Clone(k[8:]))
		}
		for _, id := range ids {
			var m notify.Message
			ok, err := get(tx, bucketNotifyMsgs, id, &m)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("%w: outbox due index", ErrCorrupt)
			}
			var sub notify.Subscription
			subOK, err := get(tx, bucketNotifySubs, []byte(m.Subscription), &sub)
			if err != nil {
				return err
			}
			if !subOK { // unsubscribed meanwhile
				if err := s.finishTx(tx, &m, notify.StateDropped, now); err != nil {
					return err
				}
				continue
			}
			if err := due.Delete(dueKey(m)); err != nil {
				return err
			}
			m.Due = now.Add(lease).UTC()
			if err := due.Put(dueKey(m), nil); err != nil {
				return err
			}
			if err := put(tx, bucketNotifyMsgs, id, m); err != nil {
				return err
			}
			out = append(out, notify.Delivery{Message: m, Subscription: sub})
		}
		return nil
	})
	if err == nil && more { // come back for the rest
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	return out, err
}

// Settle records delivery outcomes in one transaction.
func (s *Store) Settle(ctx context.Context, results []notify.Result) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		for _, r := range results {
			var m notify.Message
			ok, err := get(tx, bucketNotifyMsgs, itob(r.ID), &m)
			if err != nil {
				return err
			}
			if !ok || m.State != notify.StateQueued {
				continue
			}
			if r.Outcome != notify.OutcomeSent {
				m.Attempts++
				m.LastError = r.Error
			}
			switch r.Outcome {
			case notify.OutcomeSent:
				err = s.finishTx(tx, &m, notify.StateSent, r.At)
			case notify.OutcomeRetry:
				if err = tx.Bucket(bucketNotifyDue).Delete(dueKey(m)); err == nil {
					m.Due = r.Next.UTC()
					if err = tx.Bucket(bucketNotifyDue).Put(dueKey(m), nil); err == nil {
						err = put(tx, bucketNotifyMsgs, itob(m.ID), m)
					}
				}
			case notify.OutcomeDead:
				err = s.finishTx(tx, &m, notify.StateDead, r.At)
			case notify.OutcomeGone:
				if err = s.finishTx(tx, &m, notify.StateDead, r.At); err == nil {
					_, err = s.unsubscribeTx(tx, m.Subscription)
				}
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// OutboxMessages lists messages newest first, with those the recorded
// changes queue.
func (s *Store) OutboxMessages(ctx context.Context, state notify.State, limit int) ([]notify.Message, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.applyChanges(); err != nil {
		return nil, err
	}
	var out []notify.Message
	err := s.view(func(tx *bolt.Tx) error {
		c, n := tx.Bucket(bucketNotifyMsgs).Cursor(), 0
		for k, v := c.Last(); k != nil && n < limit; k, v = c.Prev() {
			var m notify.Message
			if err := decode(v, &m); err != nil {
				return err
			}
			if state == "" || m.State == state {
				out = append(out, m)
				n++
			}
		}
		return nil
	})
	return out, err
}

// OutboxStats counts messages, failures and subscriptions, with those the
// recorded changes make.
func (s *Store) OutboxStats(ctx context.Context) (notify.Stats, error) {
	st := notify.Stats{Messages: map[notify.State]int{}, Subscriptions: map[string]int{}}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if err := s.applyChanges(); err != nil {
		return st, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketNotifyMsgs).ForEach(func(_, v []byte) error {
			var m struct {
				State    notify.State `json:"st"`
				Attempts int          `json:"n"`
			}
			if err := decode(v, &m); err != nil {
				return err
			}
			st.Messages[m.State]++
			st.Failures += m.Attempts
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketNotifySubs).ForEach(func(_, v []byte) error {
			var sub notify.Subscription
			if err := decode(v, &sub); err != nil {
				return err
			}
			st.Subscriptions[notify.SubscriptionCountKey(sub.Subject.Kind, sub.Channel)]++
			return nil
		})
	})
	return st, err
}

// PurgeOutbox deletes finished messages, oldest first.
func (s *Store) PurgeOutbox(ctx context.Context, before time.Time, limit int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		var old []notify.Message
		err := tx.Bucket(bucketNotifyMsgs).ForEach(func(_, v []byte) error {
			if len(old) >= limit {
				return nil
			}
			var m notify.Message
			if err := decode(v, &m); err != nil {
				return err
			}
			if m.State != notify.StateQueued && m.Done.Before(before) {
				old = append(old, m)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, m := range old {
			for _, del := range []struct{ bucket, key []byte }{
				{bucketNotifyMsgs, itob(m.ID)},
				{bucketNotifyKeys, []byte(m.Key)},
				{bucketNotifyBySubject, subjectKey(m.Subject, itob(m.ID))},
			} {
				if err := tx.Bucket(del.bucket).Delete(del.key); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}
