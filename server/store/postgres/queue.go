package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"loket/server/notify"
	"loket/server/queue"
)

var _ queue.Store = (*Store)(nil)

func bytesOrNull(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

func getTicket(ctx context.Context, q querier, sql string, args ...any) (queue.Ticket, error) {
	var t queue.Ticket
	ok, err := one(ctx, q, &t, sql, args...)
	if err == nil && !ok {
		err = queue.ErrNotFound
	}
	return t, err
}

func saveTicket(ctx context.Context, tx pgx.Tx, t queue.Ticket) error {
	_, err := tx.Exec(ctx, "UPDATE queue_tickets SET waiting = $2, doc = $3 WHERE id = $1", t.ID, t.Status == queue.StatusWaiting, t)
	return err
}

// CreateTicket numbers and stores a ticket in one transaction: the day's
// counter row of the service is the lock that numbers tickets in order.
func (s *Store) CreateTicket(ctx context.Context, t queue.Ticket, rule queue.CreateRule) (queue.Ticket, bool, error) {
	created := true
	in := t
	err := s.write(ctx, func(tx pgx.Tx) error {
		t, created = in, true
		if rule.ArrivalKey != "" {
			if err := lockKey(ctx, tx, "queue-arrival", rule.ArrivalKey); err != nil {
				return err
			}
			got, err := getTicket(ctx, tx, "SELECT doc FROM queue_tickets WHERE arrival_key = $1", rule.ArrivalKey)
			if err == nil {
				t, created = got, false
				return nil
			}
			if !errors.Is(err, queue.ErrNotFound) {
				return err
			}
		}
		if rule.Limit <= 0 {
			return queue.ErrLimitReached
		}
		var seq int
		ok, err := one(ctx, tx, &seq, `INSERT INTO queue_counters AS c (office, day, service, last) VALUES ($1, $2, $3, 1)
			ON CONFLICT (office, day, service) DO UPDATE SET last = c.last + 1 WHERE c.last < $4
			RETURNING last`, t.OfficeID, t.Day, t.ServiceID, rule.Limit)
		if err != nil {
			return err
		}
		if !ok {
			return queue.ErrLimitReached
		}
		t.Seq, t.Number = seq, rule.Number(seq)
		_, err = tx.Exec(ctx, `INSERT INTO queue_tickets (id, office, day, waiting, token_hash, arrival_key, doc)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, t.OfficeID, t.Day, t.Status == queue.StatusWaiting,
			bytesOrNull(t.TokenHash), nullable(rule.ArrivalKey), t)
		return err
	})
	if err != nil {
		return queue.Ticket{}, false, err
	}
	return t, created, nil
}

// Ticket loads one ticket.
func (s *Store) Ticket(ctx context.Context, id string) (queue.Ticket, error) {
	return getTicket(ctx, s.pool, "SELECT doc FROM queue_tickets WHERE id = $1", id)
}

// TicketByToken finds a ticket by its phone token's hash.
func (s *Store) TicketByToken(ctx context.Context, tokenHash []byte) (queue.Ticket, error) {
	if len(tokenHash) == 0 {
		return queue.Ticket{}, queue.ErrNotFound
	}
	return getTicket(ctx, s.pool, "SELECT doc FROM queue_tickets WHERE token_hash = $1", tokenHash)
}

// TicketByArrival finds the ticket of a checked-in booking.
func (s *Store) TicketByArrival(ctx context.Context, key string) (queue.Ticket, error) {
	return getTicket(ctx, s.pool, "SELECT doc FROM queue_tickets WHERE arrival_key = $1", key)
}

// CallNext lets pick choose among the waiting tickets and takes the one
// it chose with FOR UPDATE SKIP LOCKED: a ticket another desk, on any
// instance, is calling at this moment (locked) or has just called (no
// longer waiting) is dropped from the choice and pick chooses again, so
// two desks never get the same visitor and neither waits for the other.
func (s *Store) CallNext(ctx context.Context, officeID, day string, pick func([]queue.Ticket) int, call func(*queue.Ticket)) (queue.Ticket, error) {
	var t queue.Ticket
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		waiting, err := docs[queue.Ticket](ctx, tx, "SELECT doc FROM queue_tickets WHERE office = $1 AND day = $2 AND waiting ORDER BY id", officeID, day)
		if err != nil {
			return err
		}
		for {
			i := pick(waiting)
			if i < 0 || i >= len(waiting) {
				return queue.ErrNoneWaiting
			}
			ok, err := one(ctx, tx, &t, "SELECT doc FROM queue_tickets WHERE id = $1 AND waiting FOR UPDATE SKIP LOCKED", waiting[i].ID)
			if err != nil {
				return err
			}
			if !ok {
				waiting = append(waiting[:i:i], waiting[i+1:]...)
				continue
			}
			call(&t)
			if err := saveTicket(ctx, tx, t); err != nil {
				return err
			}
			// The one this desk would call next hears that its turn is near.
			rest := append(waiting[:i:i], waiting[i+1:]...)
			var next *queue.Ticket
			if j := pick(rest); j >= 0 && j < len(rest) {
				next = &rest[j]
			}
			return s.hooks().Call(ob, t, next)
		}
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return t, nil
}

// UpdateTicket changes one ticket in one transaction.
func (s *Store) UpdateTicket(ctx context.Context, id string, change func(*queue.Ticket) error) (queue.Ticket, error) {
	var t queue.Ticket
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if t, err = lockDoc[queue.Ticket](ctx, tx, "queue_tickets", "id", id, queue.ErrNotFound); err != nil {
			return err
		}
		if err := change(&t); err != nil {
			return err
		}
		return saveTicket(ctx, tx, t)
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return t, nil
}

// DayTickets lists an office's tickets of one day.
func (s *Store) DayTickets(ctx context.Context, officeID, day string) ([]queue.Ticket, error) {
	return docs[queue.Ticket](ctx, s.pool, "SELECT doc FROM queue_tickets WHERE office = $1 AND day = $2 ORDER BY id", officeID, day)
}

// PurgeTickets deletes up to limit tickets of days before before, and the
// counters of those days once their tickets are gone.
func (s *Store) PurgeTickets(ctx context.Context, before string, limit int) (int, error) {
	n := 0
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		rows, err := tx.Query(ctx, `DELETE FROM queue_tickets WHERE id IN (
			SELECT id FROM queue_tickets WHERE day < $1 ORDER BY office, day, id LIMIT $2) RETURNING id`, before, limit)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		n = len(ids)
		subjects := make([]notify.Subject, n)
		for i, id := range ids {
			subjects[i] = notify.Subject{Kind: notify.KindTicket, ID: id}
		}
		if err := s.forgetSubjects(ob, subjects); err != nil {
			return err
		}
		if n < limit {
			_, err = tx.Exec(ctx, "DELETE FROM queue_counters WHERE day < $1", before)
		}
		return err
	})
	return n, err
}

// CreateKiosk stores a new kiosk, found later by its enrolment code.
func (s *Store) CreateKiosk(ctx context.Context, k queue.Kiosk) error {
	tag, err := s.pool.Exec(ctx, `INSERT INTO kiosks (id, code_hash, secret_hash, doc) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO NOTHING`, k.ID, bytesOrNull(k.CodeHash), bytesOrNull(k.SecretHash), k)
	if err == nil && tag.RowsAffected() == 0 {
		err = fmt.Errorf("postgres: kiosk %s exists", k.ID)
	}
	return err
}

// Kiosks lists every kiosk.
func (s *Store) Kiosks(ctx context.Context) ([]queue.Kiosk, error) {
	return docs[queue.Kiosk](ctx, s.pool, "SELECT doc FROM kiosks ORDER BY id")
}

// UpdateKiosk changes one kiosk in one transaction.
func (s *Store) UpdateKiosk(ctx context.Context, id string, change func(*queue.Kiosk) error) (queue.Kiosk, error) {
	var k queue.Kiosk
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if k, err = lockDoc[queue.Kiosk](ctx, tx, "kiosks", "id", id, queue.ErrKioskUnknown); err != nil {
			return err
		}
		return saveKiosk(ctx, tx, &k, change)
	})
	return k, err
}

// saveKiosk applies change to k and stores it. As in the bbolt store, an
// enrolment code is found only while it is the one the kiosk was made
// with: a changed code hash is not looked up.
func saveKiosk(ctx context.Context, tx pgx.Tx, k *queue.Kiosk, change func(*queue.Kiosk) error) error {
	old := *k
	if err := change(k); err != nil {
		return err
	}
	code := old.CodeHash
	if !bytes.Equal(old.CodeHash, k.CodeHash) {
		code = nil
	}
	_, err := tx.Exec(ctx, "UPDATE kiosks SET code_hash = $2, secret_hash = $3, doc = $4 WHERE id = $1",
		k.ID, bytesOrNull(code), bytesOrNull(k.SecretHash), *k)
	return err
}

// EnrolKiosk uses an enrolment code in one transaction.
func (s *Store) EnrolKiosk(ctx context.Context, codeHash []byte, enrol func(*queue.Kiosk) error) (queue.Kiosk, error) {
	var k queue.Kiosk
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if k, err = lockDoc[queue.Kiosk](ctx, tx, "kiosks", "code_hash", bytesOrNull(codeHash), queue.ErrBadCode); err != nil {
			return err
		}
		return saveKiosk(ctx, tx, &k, enrol)
	})
	if err != nil {
		return queue.Kiosk{}, err
	}
	return k, nil
}

// KioskBySecret finds the kiosk that holds a credential.
func (s *Store) KioskBySecret(ctx context.Context, secretHash []byte) (queue.Kiosk, error) {
	var k queue.Kiosk
	ok, err := one(ctx, s.pool, &k, "SELECT doc FROM kiosks WHERE secret_hash = $1", secretHash)
	if err == nil && (!ok || len(secretHash) == 0) {
		err = queue.ErrKioskUnknown
	}
	return k, err
}
