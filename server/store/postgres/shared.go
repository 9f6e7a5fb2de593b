package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// What several instances must share beyond the domain records: the
// proofs of work already used, one leader at a time for the periodic
// recomputations, and events that reach every instance.

// UseProof records that the proof of work token served the booking form
// form (its idempotency key) until expires, and returns the form it
// serves: form itself the first time, on any instance; the first form
// when the proof was used before, so that the same form sent twice passes
// on to the booking's idempotency check and a second, different booking
// is refused as a replayed challenge. An expired record counts as none.
func (s *Store) UseProof(ctx context.Context, token, form string, now, expires time.Time) (string, error) {
	var first string
	err := s.pool.QueryRow(ctx, `INSERT INTO pow_used AS p (token, form, expires) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET form = CASE WHEN p.expires < $4 THEN EXCLUDED.form ELSE p.form END,
			expires = CASE WHEN p.expires < $4 THEN EXCLUDED.expires ELSE p.expires END
		RETURNING form`, token, form, expires, now).Scan(&first)
	return first, err
}

// PruneProofs deletes the proofs that expired before now.
func (s *Store) PruneProofs(ctx context.Context, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, "DELETE FROM pow_used WHERE expires < $1", now)
	return int(tag.RowsAffected()), err
}

// Lead runs fn if no other instance is running a job called name, and
// reports whether it ran: a session advisory lock, held on a connection of
// its own for as long as fn runs, makes one instance the leader (the one
// recomputing the estimates and queue positions, say) and lets the others
// read what it writes. If the leader dies, its session ends and so does
// its lock.
func (s *Store) Lead(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Release()
	key := advisoryKey("leader", name)
	var got bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got); err != nil || !got {
		return false, err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", key) //nolint:errcheck // ending the session frees it too
	return true, fn(ctx)
}

// SlotsChannel carries "office service" when that office-service's slot
// counts changed.
const SlotsChannel = "loket_slots"

// OfficesChannel carries an empty payload when the offices were saved (an
// edit in the staff console, a closure), at the commit.
const OfficesChannel = "loket_offices"

// DossiersChannel carries an empty payload when dossiers changed.
const DossiersChannel = "loket_dossiers"

// ReceiptsChannel carries the id of every receipt revoked, at the commit.
const ReceiptsChannel = "loket_receipts"

// Notify sends payload on channel to every instance listening, when the
// current transaction commits (at once outside one).
func (s *Store) Notify(ctx context.Context, channel, payload string) error {
	_, err := s.pool.Exec(ctx, "SELECT pg_notify($1, $2)", channel, payload)
	return err
}

// Listen calls handle with the channel and payload of every notification
// on channels until ctx ends, on one connection of its own. When the
// connection breaks it connects again (after a pause that grows to
// maxPause), and calls handle with each channel and "" once listening
// again: events sent while it was away are lost, so a listener should
// then reread what it shows. A commit of queued messages (outboxChannel)
// also wakes this instance's outbox worker.
func (s *Store) Listen(ctx context.Context, channels []string, handle func(channel, payload string)) error {
	const maxPause = 5 * time.Second
	pause := 50 * time.Millisecond
	first := true
	for {
		err := s.listenOnce(ctx, channels, func(channel, payload string) {
			pause = 50 * time.Millisecond
			handle(channel, payload)
		}, !first)
		first = false
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil {
			err = errors.New("connection closed")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		pause = min(2*pause, maxPause)
	}
}

// listenOnce listens on one connection until it fails.
func (s *Store) listenOnce(ctx context.Context, channels []string, handle func(channel, payload string), again bool) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	for _, ch := range channels {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			return fmt.Errorf("postgres: listen: %w", err)
		}
	}
	if again {
		for _, ch := range channels {
			handle(ch, "")
		}
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Channel == outboxChannel {
			s.wakeOutbox()
		}
		handle(n.Channel, n.Payload)
	}
}
