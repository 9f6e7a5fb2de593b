package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/bookings"
	"loket/server/notify"
	"loket/server/refusal"
	"loket/server/store/hooks"
)

var _ bookings.Store = (*Store)(nil)

// Locks a booking write takes, always in this order: the idempotency key,
// the dossier and service (advisory), the booking row, then the slot rows.

func loadBooking(ctx context.Context, q querier, ref bookings.Reference, lock bool) (bookings.Booking, bool, error) {
	sql := "SELECT doc, pin_hash FROM bookings WHERE ref = $1"
	if lock {
		sql += " FOR UPDATE"
	}
	var b bookings.Booking
	err := q.QueryRow(ctx, sql, string(ref)).Scan(&b, &b.PINHash)
	if errors.Is(err, pgx.ErrNoRows) {
		return b, false, nil
	}
	return b, err == nil, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func insertBooking(ctx context.Context, tx pgx.Tx, b bookings.Booking) error {
	_, err := tx.Exec(ctx, `INSERT INTO bookings (ref, office, start_unix, created_ns, idem_key, pin_hash, doc)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		string(b.Ref), b.OfficeID, b.Start.Unix(), nanos(b.CreatedAt), nullable(b.IdempotencyKey), b.PINHash, b)
	return err
}

// takePlace counts one more booking in a slot unless it holds capacity
// already; the slot's row stays locked until the transaction ends. Once
// the transaction committed, the caller tells the other instances
// (slotsChanged).
func takePlace(ctx context.Context, tx pgx.Tx, office, service string, start time.Time, capacity int) (bool, error) {
	if capacity <= 0 {
		return false, nil
	}
	var n int
	ok, err := one(ctx, tx, &n, `INSERT INTO booking_slots AS s (office, service, start_unix, booked) VALUES ($1, $2, $3, 1)
		ON CONFLICT (office, service, start_unix) DO UPDATE SET booked = s.booked + 1 WHERE s.booked < $4
		RETURNING booked`, office, service, start.Unix(), capacity)
	return ok, err
}

// releasePlace counts one booking less in a slot.
func releasePlace(ctx context.Context, tx pgx.Tx, b bookings.Booking) error {
	_, err := tx.Exec(ctx, `UPDATE booking_slots SET booked = booked - 1
		WHERE office = $1 AND service = $2 AND start_unix = $3 AND booked > 0`, b.OfficeID, b.ServiceID, b.Start.Unix())
	return err
}

// slotsChanged tells every instance listening on SlotsChannel that an
// office-service's slot counts changed (payload "office service"), after
// the commit that changed them (notes.go says why not in it).
func (s *Store) slotsChanged(office, service string) {
	s.notes.add(SlotsChannel, office+" "+service)
}

// bookingsBefore reads, in one round trip, what a new booking b must not
// repeat: under the idempotency key's lock (taken first, so the reads
// after it see whatever an earlier booking with that key committed), the
// booking with that key (replay) or else the one with b's reference
// (taken).
func bookingsBefore(ctx context.Context, tx pgx.Tx, b bookings.Booking) (prev bookings.Booking, replay, taken bool, err error) {
	batch := &pgx.Batch{}
	if b.IdempotencyKey != "" {
		batch.Queue("SELECT pg_advisory_xact_lock($1)", advisoryKey("booking-idem", b.IdempotencyKey))
		batch.Queue("SELECT doc, pin_hash FROM bookings WHERE idem_key = $1", b.IdempotencyKey)
	}
	batch.Queue("SELECT doc, pin_hash FROM bookings WHERE ref = $1", string(b.Ref))
	res := tx.SendBatch(ctx, batch)
	defer func() {
		if cerr := res.Close(); err == nil {
			err = cerr
		}
	}()
	read := func() (bookings.Booking, bool, error) {
		var p bookings.Booking
		err := res.QueryRow().Scan(&p, &p.PINHash)
		if errors.Is(err, pgx.ErrNoRows) {
			return p, false, nil
		}
		return p, err == nil, err
	}
	if b.IdempotencyKey != "" {
		if _, err := res.Exec(); err != nil {
			return prev, false, false, err
		}
		if prev, replay, err = read(); err != nil || replay {
			return prev, replay, false, err
		}
	}
	prev, taken, err = read()
	return prev, false, taken, err
}

// bookPlace counts b in its slot unless the slot holds capacity already,
// and inserts b if it did, with the outbox's record of its confirmation
// when it has one (hooks.Confirmation), in one statement; the slot's row
// stays locked until the transaction ends. ok is false when the slot is
// full.
func bookPlace(ctx context.Context, tx pgx.Tx, b bookings.Booking, capacity int, ob *pgOutbox) (bool, error) {
	if capacity <= 0 {
		return false, nil
	}
	var record *notify.Pending
	if p, ok := hooks.Confirmation(b); ok {
		record = &p
	}
	var booked int
	err := tx.QueryRow(ctx, `WITH taken AS (
			INSERT INTO booking_slots AS s (office, service, start_unix, booked) VALUES ($1, $2, $3, 1)
			ON CONFLICT (office, service, start_unix) DO UPDATE SET booked = s.booked + 1 WHERE s.booked < $4
			RETURNING 1),
		booked AS (
			INSERT INTO bookings (ref, office, start_unix, created_ns, idem_key, pin_hash, doc)
			SELECT $5, $1, $3, $6, $7, $8, $9 FROM taken
			RETURNING 1),
		recorded AS (
			INSERT INTO notify_changes (doc) SELECT $10::json FROM booked WHERE $10::json IS NOT NULL)
		SELECT count(*) FROM booked`,
		b.OfficeID, b.ServiceID, b.Start.Unix(), capacity, string(b.Ref), nanos(b.CreatedAt), nullable(b.IdempotencyKey), b.PINHash, b,
		record).Scan(&booked)
	if err == nil && booked == 1 && record != nil {
		ob.recorded = true
	}
	return err == nil && booked == 1, err
}

// CreateBooking inserts a booking after checking, under locks, the
// idempotency key, the reference, the dossier rule and the slot's
// capacity, all in one transaction.
func (s *Store) CreateBooking(ctx context.Context, b bookings.Booking, rule bookings.CreateRule) (bookings.Booking, error) {
	var out bookings.Booking
	var refusal error
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		out, refusal = bookings.Booking{}, nil
		prev, replay, taken, err := bookingsBefore(ctx, tx, b)
		switch {
		case err != nil:
			return err
		case replay:
			out, refusal = b.Replay(prev)
			return nil
		case taken && prev.ID == b.ID:
			out = prev
			return nil
		case taken:
			refusal = bookings.ErrRefTaken
			return nil
		}
		if b.Dossier != "" {
			if err := lockKey(ctx, tx, "booking-dossier", b.Dossier, b.ServiceID); err != nil {
				return err
			}
		}
		if rule.OnePerDossier {
			var ref string
			if ok, err := one(ctx, tx, &ref, "SELECT ref FROM booking_dossiers WHERE dossier = $1 AND service = $2", b.Dossier, b.ServiceID); err != nil {
				return err
			} else if ok {
				prev, found, err := loadBooking(ctx, tx, bookings.Reference(ref), false)
				if err != nil {
					return err
				}
				if found && prev.Blocks(rule) {
					refusal = bookings.ErrAlreadyBooked
					return nil
				}
			}
		}
		if ok, err := bookPlace(ctx, tx, b, rule.Capacity, ob); err != nil {
			return err
		} else if !ok {
			refusal = bookings.ErrSlotFull
			return nil
		}
		if b.Dossier != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO booking_dossiers (dossier, service, ref) VALUES ($1, $2, $3)
				ON CONFLICT (dossier, service) DO UPDATE SET ref = EXCLUDED.ref`, b.Dossier, b.ServiceID, string(b.Ref)); err != nil {
				return err
			}
		}
		out = b
		return nil // bookPlace recorded the confirmation
	})
	if err != nil {
		return bookings.Booking{}, err
	}
	if refusal == nil && out.ID == b.ID {
		s.slotsChanged(b.OfficeID, b.ServiceID)
	}
	return out, refusal
}

// MoveBooking moves an active booking: the new slot is counted before the
// old one is released, so a failed move changes nothing.
func (s *Store) MoveBooking(ctx context.Context, ref bookings.Reference, rule bookings.MoveRule) (bookings.Booking, error) {
	return s.changeActiveBooking(ctx, ref, notify.EventBookingMoved, func(tx pgx.Tx, b *bookings.Booking) (bool, error) {
		if moves, err := b.CheckMove(rule); !moves {
			return false, err
		}
		ok, err := takePlace(ctx, tx, b.OfficeID, b.ServiceID, rule.Start, rule.Capacity)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, bookings.ErrSlotFull
		}
		if err := releasePlace(ctx, tx, *b); err != nil {
			return false, err
		}
		b.Move(rule)
		return true, nil
	})
}

// CancelBooking cancels a booking and frees its place in one transaction.
func (s *Store) CancelBooking(ctx context.Context, ref bookings.Reference, c bookings.Cancellation) (bookings.Booking, error) {
	return s.changeActiveBooking(ctx, ref, notify.EventBookingCancelled, func(tx pgx.Tx, b *bookings.Booking) (bool, error) {
		if err := b.CheckCancel(c); err != nil {
			return false, err
		}
		if err := releasePlace(ctx, tx, *b); err != nil {
			return false, err
		}
		b.Cancel(c)
		return true, nil
	})
}

// changeActiveBooking locks an active booking, runs change on it and
// saves it when change says it changed. A refusal (a *refusal.Error)
// rolls back whatever change did. A change queues ev in the outbox.
func (s *Store) changeActiveBooking(ctx context.Context, ref bookings.Reference, ev notify.Event, change func(tx pgx.Tx, b *bookings.Booking) (bool, error)) (bookings.Booking, error) {
	var out bookings.Booking
	var refused error
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		out, refused = bookings.Booking{}, nil
		b, ok, err := loadBooking(ctx, tx, ref, true)
		switch {
		case err != nil:
			return err
		case !ok:
			refused = bookings.ErrNotFound
			return nil
		case !b.Active():
			refused = bookings.ErrCancelled
			return nil
		}
		changed, err := change(tx, &b)
		if _, ok := refusal.As(err); ok {
			refused = err
			return errRollback
		}
		if err != nil || !changed {
			out = b
			return err
		}
		out = b
		if _, err := tx.Exec(ctx, "UPDATE bookings SET start_unix = $2, doc = $3 WHERE ref = $1", string(b.Ref), b.Start.Unix(), b); err != nil {
			return err
		}
		return s.hooks().Booking(ob, b, ev)
	})
	if errors.Is(err, errRollback) {
		return bookings.Booking{}, refused
	}
	if err != nil {
		return bookings.Booking{}, err
	}
	if refused == nil {
		s.slotsChanged(out.OfficeID, out.ServiceID)
	}
	return out, refused
}

// errRollback ends a transaction without writing, for a refusal found
// after a write began.
var errRollback = errors.New("postgres: refused, rolled back")

// Authenticate runs the domain's PIN check with the booking's row locked,
// so parallel guesses, on any instance, are counted one after another. A
// right PIN on a reference with no failures is answered without a write.
func (s *Store) Authenticate(ctx context.Context, ref bookings.Reference, check func(bookings.Booking, *bookings.PINState) error) (bookings.Booking, error) {
	b, ok, err := loadBooking(ctx, s.pool, ref, false)
	if err != nil {
		return bookings.Booking{}, err
	}
	if !ok {
		return bookings.Booking{}, bookings.ErrNotFound
	}
	var pins bool
	if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM booking_pins WHERE ref = $1)", string(ref)).Scan(&pins); err != nil {
		return bookings.Booking{}, err
	}
	if !pins {
		var st bookings.PINState
		if check(b, &st) == nil && st.LockedUntil.IsZero() && len(st.Failures) == 0 {
			return b, nil
		}
	}
	var out bookings.Booking
	var refusal error
	err = s.write(ctx, func(tx pgx.Tx) error {
		out, refusal = bookings.Booking{}, nil
		b, ok, err := loadBooking(ctx, tx, ref, true)
		if err != nil {
			return err
		}
		if !ok {
			refusal = bookings.ErrNotFound
			return nil
		}
		var st bookings.PINState
		if _, err := one(ctx, tx, &st, "SELECT doc FROM booking_pins WHERE ref = $1", string(ref)); err != nil {
			return err
		}
		refusal = check(b, &st)
		if refusal == nil {
			out = b
		}
		if st.LockedUntil.IsZero() && len(st.Failures) == 0 {
			_, err = tx.Exec(ctx, "DELETE FROM booking_pins WHERE ref = $1", string(ref))
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO booking_pins (ref, doc) VALUES ($1, $2)
			ON CONFLICT (ref) DO UPDATE SET doc = EXCLUDED.doc`, string(ref), st)
		return err
	})
	if err != nil {
		return bookings.Booking{}, err
	}
	return out, refusal
}

// Booking loads one booking.
func (s *Store) Booking(ctx context.Context, ref bookings.Reference) (bookings.Booking, error) {
	b, ok, err := loadBooking(ctx, s.pool, ref, false)
	if err == nil && !ok {
		err = bookings.ErrNotFound
	}
	return b, err
}

// SlotCounts reads the counts of one office-service's booked slots.
func (s *Store) SlotCounts(ctx context.Context, officeID, serviceID string, from, to time.Time, dst []bookings.SlotCount) ([]bookings.SlotCount, error) {
	rows, err := s.pool.Query(ctx, `SELECT start_unix, booked FROM booking_slots
		WHERE office = $1 AND service = $2 AND start_unix >= $3 AND start_unix < $4 AND booked > 0
		ORDER BY start_unix`, officeID, serviceID, from.Unix(), to.Unix())
	if err != nil {
		return dst, err
	}
	defer rows.Close()
	for rows.Next() {
		var c bookings.SlotCount
		if err := rows.Scan(&c.Start, &c.Booked); err != nil {
			return dst, err
		}
		dst = append(dst, c)
	}
	return dst, rows.Err()
}

// BookingsStarting lists an office's bookings by appointment start.
func (s *Store) BookingsStarting(ctx context.Context, officeID string, from, to time.Time) ([]bookings.Booking, error) {
	return s.bookingsWhere(ctx, `office = $1 AND start_unix >= $2 AND start_unix < $3 ORDER BY start_unix, ref`,
		officeID, from.Unix(), to.Unix())
}

// BookingsCreated lists an office's bookings by creation time.
func (s *Store) BookingsCreated(ctx context.Context, officeID string, from, to time.Time) ([]bookings.Booking, error) {
	return s.bookingsWhere(ctx, `office = $1 AND created_ns >= $2 AND created_ns < $3 ORDER BY created_ns, ref`,
		officeID, nanos(from), nanos(to))
}

func (s *Store) bookingsWhere(ctx context.Context, where string, args ...any) ([]bookings.Booking, error) {
	rows, err := s.pool.Query(ctx, "SELECT doc, pin_hash FROM bookings WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bookings.Booking
	for rows.Next() {
		var b bookings.Booking
		if err := rows.Scan(&b, &b.PINHash); err != nil {
			return nil, fmt.Errorf("postgres: booking: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// PurgeBookings deletes at most limit bookings whose appointment started
// before before, with their PIN state, dossier entry and slot count.
func (s *Store) PurgeBookings(ctx context.Context, before time.Time, limit int) (int, error) {
	n := 0
	var released []bookings.Booking
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		n, released = 0, released[:0]
		rows, err := tx.Query(ctx, `SELECT doc, pin_hash FROM bookings WHERE start_unix < $1
			ORDER BY office, start_unix, ref LIMIT $2 FOR UPDATE`, before.Unix(), limit)
		if err != nil {
			return err
		}
		old, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bookings.Booking, error) {
			var b bookings.Booking
			err := r.Scan(&b, &b.PINHash)
			return b, err
		})
		if err != nil {
			return err
		}
		for _, b := range old {
			if b.Active() {
				if err := releasePlace(ctx, tx, b); err != nil {
					return err
				}
				released = append(released, b)
			}
			if b.Dossier != "" {
				if _, err := tx.Exec(ctx, "DELETE FROM booking_dossiers WHERE dossier = $1 AND service = $2 AND ref = $3",
					b.Dossier, b.ServiceID, string(b.Ref)); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, "DELETE FROM bookings WHERE ref = $1", string(b.Ref)); err != nil {
				return err
			}
			n++
		}
		subjects := make([]notify.Subject, len(old))
		for i, b := range old {
			subjects[i] = hooks.BookingSubject(b.Ref)
		}
		if err := s.forgetSubjects(ob, subjects); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "DELETE FROM booking_slots WHERE booked = 0 AND start_unix < $1", before.Unix())
		return err
	})
	if err == nil {
		for _, b := range released {
			s.slotsChanged(b.OfficeID, b.ServiceID)
		}
	}
	return n, err
}

// CloseDay stores the offices with the day closed and marks that day's
// active bookings of the office, queueing the notice, in one transaction.
func (s *Store) CloseDay(ctx context.Context, c bookings.DayClosing) ([]bookings.Booking, error) {
	if err := bookings.ValidateOffices(c.Offices); err != nil {
		return nil, err
	}
	var marked []bookings.Booking
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		marked = marked[:0]
		if err := putDoc(ctx, tx, docOffices, c.Offices); err != nil {
			return err
		}
		if err := notifyOffices(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT doc, pin_hash FROM bookings WHERE office = $1 AND start_unix >= $2 AND start_unix < $3
			ORDER BY start_unix, ref FOR UPDATE`, c.OfficeID, c.Since.Unix(), c.To.Unix())
		if err != nil {
			return err
		}
		day, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bookings.Booking, error) {
			var b bookings.Booking
			err := r.Scan(&b, &b.PINHash)
			return b, err
		})
		if err != nil {
			return err
		}
		for _, b := range day {
			if !c.Closes(b) || !b.CloseDay(c.At) {
				continue
			}
			if _, err := tx.Exec(ctx, "UPDATE bookings SET doc = $2 WHERE ref = $1", string(b.Ref), b); err != nil {
				return err
			}
			if err := s.hooks().Booking(ob, b, notify.EventOfficeNotice); err != nil {
				return err
			}
			marked = append(marked, b)
		}
		return nil
	})
	return marked, err
}
