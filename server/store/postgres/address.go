package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/address"
	"loket/server/notify"
	"loket/server/store/hooks"
)

var _ address.Store = (*Store)(nil)

// Single documents of the address domain.
const (
	docAddressStats   = "address_stats"
	docMunicipalities = "municipalities"
)

// CreateAddressNotification records n and marks the notification it
// replaces, with the counters, in one transaction.
func (s *Store) CreateAddressNotification(ctx context.Context, n address.Notification) error {
	return s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM address_notifications WHERE ref = $1)", string(n.Ref)).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return fmt.Errorf("%w: %s", address.ErrDuplicate, n.Ref)
		}
		if n.Previous != "" {
			prev, err := lockDoc[address.Notification](ctx, tx, "address_notifications", "ref", string(n.Previous), address.ErrNotFound)
			if err != nil {
				return err
			}
			if prev.SupersededBy != "" {
				return address.ErrSuperseded
			}
			prev.SupersededBy = n.Ref
			if _, err := tx.Exec(ctx, "UPDATE address_notifications SET doc = $2 WHERE ref = $1", string(prev.Ref), prev); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO address_notifications (ref, municipality, created_ns, departure, doc)
			VALUES ($1, $2, $3, $4, $5)`, string(n.Ref), n.Municipality, nanos(n.Created), n.DepartureDate, n); err != nil {
			return err
		}
		if err := s.hooks().Contact(ob, hooks.AddressSubject(n.Ref), n.Lang, n.Email, n.Created); err != nil {
			return err
		}
		return bumpAddressStats(ctx, tx, func(st *address.Stats) {
			st.Submitted++
			if n.Previous != "" {
				st.Changed++
			}
		})
	})
}

func bumpAddressStats(ctx context.Context, tx pgx.Tx, fn func(*address.Stats)) error {
	var st address.Stats
	if _, err := one(ctx, tx, &st, "SELECT doc FROM documents WHERE key = $1 FOR UPDATE", docAddressStats); err != nil {
		return err
	}
	fn(&st)
	return putDoc(ctx, tx, docAddressStats, st)
}

// AddressNotification returns one notification; address.ErrNotFound if
// there is none.
func (s *Store) AddressNotification(ctx context.Context, ref address.Reference) (address.Notification, error) {
	var n address.Notification
	ok, err := one(ctx, s.pool, &n, "SELECT doc FROM address_notifications WHERE ref = $1", string(ref))
	if err == nil && !ok {
		err = address.ErrNotFound
	}
	return n, err
}

// UpdateAddressNotification runs fn on the locked notification and
// writes it back when fn says so; indexed fields must not change.
func (s *Store) UpdateAddressNotification(ctx context.Context, ref address.Reference, fn func(*address.Notification) (bool, error)) (address.Notification, error) {
	var n address.Notification
	var fnErr error
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		var err error
		fnErr = nil
		if n, err = lockDoc[address.Notification](ctx, tx, "address_notifications", "ref", string(ref), address.ErrNotFound); err != nil {
			return err
		}
		muni, created, departure, status := n.Municipality, n.Created, n.DepartureDate, n.Status
		var write bool
		write, fnErr = fn(&n)
		if !write {
			return nil
		}
		if n.Municipality != muni || !n.Created.Equal(created) || n.DepartureDate != departure || n.Ref != ref {
			return fmt.Errorf("postgres: an update may not change indexed fields of %s", ref)
		}
		if err := s.hooks().Address(ob, status, n); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE address_notifications SET doc = $2 WHERE ref = $1", string(ref), n)
		return err
	})
	if err != nil {
		return address.Notification{}, err
	}
	if fnErr != nil {
		return address.Notification{}, fnErr
	}
	return n, nil
}

// AddressNotificationsIn lists a municipality's notifications created in
// [from, to), oldest first.
func (s *Store) AddressNotificationsIn(ctx context.Context, muni string, from, to time.Time) ([]address.Notification, error) {
	if from.Before(time.Unix(0, 0)) {
		from = time.Unix(0, 0)
	}
	return docs[address.Notification](ctx, s.pool, `SELECT doc FROM address_notifications
		WHERE municipality = $1 AND created_ns >= $2 AND created_ns < $3 ORDER BY created_ns, ref`,
		muni, nanos(from), nanos(to))
}

// AddressNotificationsAfter lists up to limit notifications after the
// (created, ref) key, in key order.
func (s *Store) AddressNotificationsAfter(ctx context.Context, created time.Time, ref address.Reference, limit int) ([]address.Notification, error) {
	if created.Before(time.Unix(0, 0)) {
		created, ref = time.Unix(0, 0), ""
	}
	return docs[address.Notification](ctx, s.pool, `SELECT doc FROM address_notifications
		WHERE (created_ns, ref) > ($1, $2) ORDER BY created_ns, ref LIMIT $3`, nanos(created), string(ref), limit)
}

// PurgeAddressNotifications deletes every notification whose departure
// day is before day and counts them, in one transaction.
func (s *Store) PurgeAddressNotifications(ctx context.Context, day string) (int, error) {
	var count int
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		rows, err := tx.Query(ctx, "DELETE FROM address_notifications WHERE departure < $1 RETURNING ref", day)
		if err != nil {
			return err
		}
		refs, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		count = len(refs)
		if count == 0 {
			return nil
		}
		subjects := make([]notify.Subject, count)
		for i, ref := range refs {
			subjects[i] = hooks.AddressSubject(address.Reference(ref))
		}
		if err := s.forgetSubjects(ob, subjects); err != nil {
			return err
		}
		return bumpAddressStats(ctx, tx, func(st *address.Stats) { st.Purged += uint64(count) })
	})
	return count, err
}

// AddressStats returns the address counters.
func (s *Store) AddressStats(ctx context.Context) (address.Stats, error) {
	var st address.Stats
	_, err := getDoc(ctx, s.pool, docAddressStats, &st)
	return st, err
}

// SaveMunicipalities replaces the municipality list.
func (s *Store) SaveMunicipalities(ctx context.Context, list []address.Municipality) error {
	return putDoc(ctx, s.pool, docMunicipalities, list)
}

// Municipalities returns the imported list; ok is false when none was.
func (s *Store) Municipalities(ctx context.Context) (list []address.Municipality, ok bool, err error) {
	ok, err = getDoc(ctx, s.pool, docMunicipalities, &list)
	return list, ok, err
}
