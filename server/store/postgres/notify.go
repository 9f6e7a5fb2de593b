package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/bookings"
	"loket/server/notify"
	"loket/server/queue"
	"loket/server/store/hooks"
)

var _ notify.Store = (*Store)(nil)

// outboxChannel is the LISTEN/NOTIFY channel on which a commit that queued
// messages wakes the outbox workers of every instance.
const outboxChannel = "loket_outbox"

// pgOutbox is the outbox inside one write transaction; queued counts the
// messages it stored and recorded the changes, to wake the worker after
// the commit.
type pgOutbox struct {
	ctx      context.Context
	tx       pgx.Tx
	now      func() time.Time
	queued   int
	recorded bool
}

// hooks are the outbox rules with this store's planner and clock.
func (s *Store) hooks() hooks.Rules { return hooks.Rules{Planner: s.planner, Now: s.now} }

// writeOutbox is write for a change that may queue notifications: fn gets
// the transaction's outbox, and after a commit that queued messages the
// worker of this instance wakes at once, those of the others through
// NOTIFY (which PostgreSQL delivers on commit only). A change that only
// recorded itself wakes this instance's worker, which fans it out (and
// its NOTIFY then wakes the others for the messages): a change's own
// transaction pays no NOTIFY, whose commit takes a lock every notifying
// transaction shares. A command that records changes without a worker of
// its own (an import) leaves them to the servers' next look, within their
// poll interval.
func (s *Store) writeOutbox(ctx context.Context, fn func(tx pgx.Tx, ob *pgOutbox) error) error {
	var ob *pgOutbox
	err := s.write(ctx, func(tx pgx.Tx) error {
		ob = &pgOutbox{ctx: ctx, tx: tx, now: s.now}
		if err := fn(tx, ob); err != nil {
			return err
		}
		if ob.queued > 0 {
			_, err := tx.Exec(ctx, "SELECT pg_notify($1, '')", outboxChannel)
			return err
		}
		return nil
	})
	if err == nil && ob != nil && (ob.queued > 0 || ob.recorded) {
		s.wakeOutbox()
	}
	return err
}

func (s *Store) wakeOutbox() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// OutboxWakeup receives after a commit that queued messages, on this
// instance or (with Listen running) on another.
func (s *Store) OutboxWakeup() <-chan struct{} { return s.wake }

// Record appends p to the change log: one row with an increasing key.
func (o *pgOutbox) Record(p notify.Pending) error {
	if _, err := o.tx.Exec(o.ctx, "INSERT INTO notify_changes (doc) VALUES ($1)", p); err != nil {
		return err
	}
	o.recorded = true
	return nil
}

// RecordFollowed appends p when its subject has a subscription, in one
// statement either way.
func (o *pgOutbox) RecordFollowed(p notify.Pending) error {
	tag, err := o.tx.Exec(o.ctx, `INSERT INTO notify_changes (doc)
		SELECT $2::json WHERE EXISTS (SELECT 1 FROM notify_subscriptions WHERE subject = $1)`, p.Change.Subject.String(), p)
	if err == nil && tag.RowsAffected() > 0 {
		o.recorded = true
	}
	return err
}

// maxApply bounds the changes one transaction fans out, so a backlog (the
// workers were stopped) is worked off in steps.
const maxApply = 1000

// applyChanges fans out up to maxApply recorded changes, oldest first, and
// deletes their rows; it reports whether some are left. The advisory lock
// makes the workers of all instances take their turn, so changes are
// fanned out in the order they were recorded (a booking's confirmation
// before its cancellation).
func (s *Store) applyChanges(ob *pgOutbox) (bool, error) {
	var pending bool
	if err := ob.tx.QueryRow(ob.ctx, "SELECT EXISTS (SELECT 1 FROM notify_changes)").Scan(&pending); err != nil || !pending {
		return false, err
	}
	if err := lockKey(ob.ctx, ob.tx, "notify-changes"); err != nil {
		return false, err
	}
	rows, err := ob.tx.Query(ob.ctx, "SELECT id, doc FROM notify_changes ORDER BY id LIMIT $1", maxApply+1)
	if err != nil {
		return false, err
	}
	type change struct {
		id int64
		p  notify.Pending
	}
	changes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (change, error) {
		var c change
		return c, r.Scan(&c.id, &c.p)
	})
	if err != nil {
		return false, err
	}
	more := len(changes) > maxApply
	changes = changes[:min(len(changes), maxApply)]
	for _, c := range changes {
		if err := s.hooks().Apply(ob, c.p); err != nil {
			return false, err
		}
	}
	if len(changes) > 0 {
		_, err = ob.tx.Exec(ob.ctx, "DELETE FROM notify_changes WHERE id <= $1", changes[len(changes)-1].id)
	}
	return more, err
}

// applyAll fans out every recorded change before a read that must see
// their messages and subscriptions; with none, it costs one query.
func (s *Store) applyAll(ctx context.Context) error {
	for {
		var pending bool
		if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM notify_changes)").Scan(&pending); err != nil || !pending {
			return err
		}
		if err := s.writeOutbox(ctx, func(_ pgx.Tx, ob *pgOutbox) error {
			_, err := s.applyChanges(ob)
			return err
		}); err != nil {
			return err
		}
	}
}

func (o *pgOutbox) Subscriptions(subject notify.Subject) ([]notify.Subscription, error) {
	return docs[notify.Subscription](o.ctx, o.tx, "SELECT doc FROM notify_subscriptions WHERE subject = $1 ORDER BY id", subject.String())
}

// Subscribe stores sub unless its subject has MaxPerSubject already; the
// subject's advisory lock makes the count hold across instances.
func (o *pgOutbox) Subscribe(sub notify.Subscription) error {
	if err := lockKey(o.ctx, o.tx, "notify-subject", sub.Subject.String()); err != nil {
		return err
	}
	var n int
	if err := o.tx.QueryRow(o.ctx, "SELECT count(*) FROM notify_subscriptions WHERE subject = $1", sub.Subject.String()).Scan(&n); err != nil {
		return err
	}
	if n >= notify.MaxPerSubject {
		return notify.ErrTooMany
	}
	_, err := o.tx.Exec(o.ctx, "INSERT INTO notify_subscriptions (id, subject, doc) VALUES ($1, $2, $3)", sub.ID, sub.Subject.String(), sub)
	return err
}

// Enqueue stores msgs as queued, skipping keys already stored.
func (o *pgOutbox) Enqueue(msgs []notify.Message) (int, error) {
	n := 0
	for _, m := range msgs {
		var id int64
		if err := o.tx.QueryRow(o.ctx, "SELECT nextval('notify_message_ids')").Scan(&id); err != nil {
			return n, err
		}
		m.ID, m.State = uint64(id), notify.StateQueued
		tag, err := o.tx.Exec(o.ctx, `INSERT INTO notify_messages (id, key, subject, subscription, state, due_ns, doc)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
			id, m.Key, m.Subject.String(), m.Subscription, string(m.State), nanos(m.Due), m)
		if err != nil {
			return n, err
		}
		n += int(tag.RowsAffected())
	}
	o.queued += n
	return n, nil
}

// Drop moves the queued messages of subject that match to dropped.
func (o *pgOutbox) Drop(subject notify.Subject, match func(notify.Message) bool) error {
	queued, err := docs[notify.Message](o.ctx, o.tx, `SELECT doc FROM notify_messages
		WHERE subject = $1 AND state = 'queued' ORDER BY id FOR UPDATE`, subject.String())
	if err != nil {
		return err
	}
	for i := range queued {
		if match(queued[i]) {
			if err := o.finish(&queued[i], notify.StateDropped, o.now()); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish moves a queued message to a final state.
func (o *pgOutbox) finish(m *notify.Message, st notify.State, at time.Time) error {
	m.State, m.Done = st, at.UTC()
	return o.save(*m)
}

func (o *pgOutbox) save(m notify.Message) error {
	_, err := o.tx.Exec(o.ctx, "UPDATE notify_messages SET state = $2, due_ns = $3, done_ns = $4, doc = $5 WHERE id = $1",
		int64(m.ID), string(m.State), nanos(m.Due), nanos(m.Done), m)
	return err
}

func (o *pgOutbox) unsubscribe(id string) (bool, error) {
	sub, err := lockDoc[notify.Subscription](o.ctx, o.tx, "notify_subscriptions", "id", id, notify.ErrNotFound)
	if errors.Is(err, notify.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := o.Drop(sub.Subject, func(m notify.Message) bool { return m.Subscription == id }); err != nil {
		return false, err
	}
	_, err = o.tx.Exec(o.ctx, "DELETE FROM notify_subscriptions WHERE id = $1", id)
	return err == nil, err
}

// Subscribe stores sub after checking that its subject exists and is not
// over, and plans what is still to come for it, in one transaction.
func (s *Store) Subscribe(ctx context.Context, sub notify.Subscription) error {
	return s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM notify_subscriptions WHERE id = $1)", sub.ID).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return fmt.Errorf("postgres: subscription %s exists", sub.ID)
		}
		var table string
		switch sub.Subject.Kind {
		case notify.KindDossier:
			table = "SELECT EXISTS (SELECT 1 FROM dossiers WHERE number = $1)"
		case notify.KindHelp:
			table = "SELECT EXISTS (SELECT 1 FROM escalations WHERE ref = $1)"
		case notify.KindAddress:
			table = "SELECT EXISTS (SELECT 1 FROM address_notifications WHERE ref = $1)"
		case notify.KindLawyer:
			table = "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1)"
		case notify.KindBooking:
			b, ok, err := loadBooking(ctx, tx, bookings.Reference(sub.Subject.ID), true)
			if err != nil {
				return err
			}
			if !ok || !b.Active() || !b.Start.After(sub.Created) {
				return notify.ErrUnknownSubject
			}
		case notify.KindTicket:
			t, err := getTicket(ctx, tx, "SELECT doc FROM queue_tickets WHERE id = $1 FOR SHARE", sub.Subject.ID)
			if err != nil || t.Status != queue.StatusWaiting {
				return notify.ErrUnknownSubject
			}
		default:
			return notify.ErrUnknownSubject
		}
		if table != "" {
			if err := tx.QueryRow(ctx, table, sub.Subject.ID).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return notify.ErrUnknownSubject
			}
		}
		return ob.Subscribe(sub)
	})
}

// Unsubscribe deletes a subscription and drops its queued messages.
func (s *Store) Unsubscribe(ctx context.Context, id string) (bool, error) {
	var found bool
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		var err error
		found, err = ob.unsubscribe(id)
		return err
	})
	return found, err
}

// Subscription loads one subscription.
func (s *Store) Subscription(ctx context.Context, id string) (notify.Subscription, error) {
	var sub notify.Subscription
	ok, err := one(ctx, s.pool, &sub, "SELECT doc FROM notify_subscriptions WHERE id = $1", id)
	if err == nil && !ok {
		err = notify.ErrNotFound
	}
	return sub, err
}

// Subscriptions lists a subject's subscriptions, with those the recorded
// changes make.
func (s *Store) Subscriptions(ctx context.Context, subject notify.Subject) ([]notify.Subscription, error) {
	if err := s.applyAll(ctx); err != nil {
		return nil, err
	}
	return docs[notify.Subscription](ctx, s.pool, "SELECT doc FROM notify_subscriptions WHERE subject = $1 ORDER BY id", subject.String())
}

// SubscriptionsOfKind lists the subscriptions of every subject of kind.
func (s *Store) SubscriptionsOfKind(ctx context.Context, kind notify.Kind) ([]notify.Subscription, error) {
	if err := s.applyAll(ctx); err != nil {
		return nil, err
	}
	return docs[notify.Subscription](ctx, s.pool, `SELECT doc FROM notify_subscriptions
		WHERE subject >= $1 AND subject < $2 ORDER BY subject, id`, string(kind)+":", string(kind)+";")
}

// Enqueue stores messages no store change causes, skipping known keys.
func (s *Store) Enqueue(ctx context.Context, msgs []notify.Message) (int, error) {
	var n int
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		var err error
		n, err = ob.Enqueue(msgs)
		return err
	})
	return n, err
}

// ClaimDue fans out the recorded changes, then leases due messages to the
// caller: FOR UPDATE SKIP LOCKED lets
// the workers of several instances claim at once without sharing one
// message, and each claimed message's due time moves to the end of its
// lease, so a worker that dies leaves it to the next claim.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]notify.Delivery, error) {
	var any bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM notify_messages WHERE state = 'queued' AND due_ns <= $1)
		OR EXISTS (SELECT 1 FROM notify_changes)`, nanos(now)).Scan(&any); err != nil || !any {
		return nil, err
	}
	var out []notify.Delivery
	var more bool
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		out = out[:0]
		var err error
		if more, err = s.applyChanges(ob); err != nil {
			return err
		}
		due, err := docs[notify.Message](ctx, tx, `SELECT doc FROM notify_messages WHERE state = 'queued' AND due_ns <= $1
			ORDER BY due_ns, id LIMIT $2 FOR UPDATE SKIP LOCKED`, nanos(now), limit)
		if err != nil {
			return err
		}
		for _, m := range due {
			var sub notify.Subscription
			ok, err := one(ctx, tx, &sub, "SELECT doc FROM notify_subscriptions WHERE id = $1", m.Subscription)
			if err != nil {
				return err
			}
			if !ok { // unsubscribed meanwhile
				if err := ob.finish(&m, notify.StateDropped, now); err != nil {
					return err
				}
				continue
			}
			m.Due = now.Add(lease).UTC()
			if err := ob.save(m); err != nil {
				return err
			}
			out = append(out, notify.Delivery{Message: m, Subscription: sub})
		}
		return nil
	})
	if err == nil && more { // come back for the rest
		s.wakeOutbox()
	}
	return out, err
}

// Settle records delivery outcomes in one transaction.
func (s *Store) Settle(ctx context.Context, results []notify.Result) error {
	return s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		for _, r := range results {
			var m notify.Message
			ok, err := one(ctx, tx, &m, "SELECT doc FROM notify_messages WHERE id = $1 FOR UPDATE", int64(r.ID))
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
				err = ob.finish(&m, notify.StateSent, r.At)
			case notify.OutcomeRetry:
				m.Due = r.Next.UTC()
				err = ob.save(m)
			case notify.OutcomeDead:
				err = ob.finish(&m, notify.StateDead, r.At)
			case notify.OutcomeGone:
				if err = ob.finish(&m, notify.StateDead, r.At); err == nil {
					_, err = ob.unsubscribe(m.Subscription)
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
	if err := s.applyAll(ctx); err != nil {
		return nil, err
	}
	return docs[notify.Message](ctx, s.pool, `SELECT doc FROM notify_messages WHERE $1 = '' OR state = $1
		ORDER BY id DESC LIMIT $2`, string(state), limit)
}

// OutboxStats counts messages, failures and subscriptions, with those the
// recorded changes make.
func (s *Store) OutboxStats(ctx context.Context) (notify.Stats, error) {
	st := notify.Stats{Messages: map[notify.State]int{}, Subscriptions: map[string]int{}}
	if err := s.applyAll(ctx); err != nil {
		return st, err
	}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT state, count(*), coalesce(sum((doc->>'n')::int), 0) FROM notify_messages GROUP BY state`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var state string
			var n, failures int
			if err := rows.Scan(&state, &n, &failures); err != nil {
				return err
			}
			st.Messages[notify.State(state)] = n
			st.Failures += failures
		}
		if err := rows.Err(); err != nil {
			return err
		}
		subs, err := docs[notify.Subscription](ctx, tx, "SELECT doc FROM notify_subscriptions")
		for _, sub := range subs {
			st.Subscriptions[notify.SubscriptionCountKey(sub.Subject.Kind, sub.Channel)]++
		}
		return err
	})
	return st, err
}

// PurgeOutbox deletes finished messages that finished before before.
func (s *Store) PurgeOutbox(ctx context.Context, before time.Time, limit int) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM notify_messages WHERE id IN (
		SELECT id FROM notify_messages WHERE state <> 'queued' AND done_ns < $1 ORDER BY id LIMIT $2)`, nanos(before), limit)
	return int(tag.RowsAffected()), err
}

// forgetSubjects deletes every subscription of subjects that are being
// deleted (purged bookings, tickets or address notifications), with their
// queued messages, in the purge's transaction: nobody can follow what is
// gone, and no address is kept longer than the record it came with. The
// recorded changes are fanned out first: one of them may subscribe an
// address to a subject.
func (s *Store) forgetSubjects(ob *pgOutbox, subjects []notify.Subject) error {
	if len(subjects) == 0 {
		return nil
	}
	for more := true; more; {
		var err error
		if more, err = s.applyChanges(ob); err != nil {
			return err
		}
	}
	keys := make([]string, len(subjects))
	for i, subject := range subjects {
		keys[i] = subject.String()
	}
	rows, err := ob.tx.Query(ob.ctx, "SELECT id FROM notify_subscriptions WHERE subject = ANY($1) ORDER BY id", keys)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := ob.unsubscribe(id); err != nil {
			return err
		}
	}
	return nil
}
