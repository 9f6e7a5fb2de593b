package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"loket/server/store/hooks"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/address"
)

// Buckets of schema step 0007-address: notifications by reference and
// three indexes whose keys end in the reference: by municipality and
// creation time (the municipality's list), by creation time (the
// back-office export) and by planned departure day (retention); plus the
// counters and the imported municipality list.
var (
	bucketAddress          = []byte("address")
	bucketAddressByMuni    = []byte("address_by_muni")
	bucketAddressByCreated = []byte("address_by_created")
	bucketAddressByDepart  = []byte("address_by_departure")
	bucketAddressMeta      = []byte("address_meta")
	keyAddressStats        = []byte("stats")
	keyMunicipalities      = []byte("municipalities")
)

var _ address.Store = (*Store)(nil)

func createdKey(t time.Time, ref address.Reference) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())), ref...)
}

func muniKey(muni string, t time.Time, ref address.Reference) []byte {
	return append(append([]byte(muni), 0), createdKey(t, ref)...)
}

func departKey(n address.Notification) []byte {
	return append([]byte(n.DepartureDate), n.Ref...)
}

// CreateAddressNotification records n and its index entries, and marks
// the notification it replaces, all in one transaction.
func (s *Store) CreateAddressNotification(ctx context.Context, n address.Notification) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAddress).Get([]byte(n.Ref)) != nil {
			return fmt.Errorf("%w: %s", address.ErrDuplicate, n.Ref)
		}
		if n.Previous != "" {
			var prev address.Notification
			ok, err := get(tx, bucketAddress, []byte(n.Previous), &prev)
			if err != nil {
				return err
			}
			if !ok {
				return address.ErrNotFound
			}
			if prev.SupersededBy != "" {
				return address.ErrSuperseded
			}
			prev.SupersededBy = n.Ref
			if err := put(tx, bucketAddress, []byte(prev.Ref), prev); err != nil {
				return err
			}
		}
		if err := put(tx, bucketAddress, []byte(n.Ref), n); err != nil {
			return err
		}
		if err := s.hooks().Contact(s.outbox(tx), hooks.AddressSubject(n.Ref), n.Lang, n.Email, n.Created); err != nil {
			return err
		}
		for _, ix := range []struct {
			bucket, key []byte
		}{
			{bucketAddressByMuni, muniKey(n.Municipality, n.Created, n.Ref)},
			{bucketAddressByCreated, createdKey(n.Created, n.Ref)},
			{bucketAddressByDepart, departKey(n)},
		} {
			if err := tx.Bucket(ix.bucket).Put(ix.key, nil); err != nil {
				return err
			}
		}
		return bumpStats(tx, func(st *address.Stats) {
			st.Submitted++
			if n.Previous != "" {
				st.Changed++
			}
		})
	})
}

func bumpStats(tx *bolt.Tx, fn func(*address.Stats)) error {
	var st address.Stats
	if _, err := get(tx, bucketAddressMeta, keyAddressStats, &st); err != nil {
		return err
	}
	fn(&st)
	return put(tx, bucketAddressMeta, keyAddressStats, st)
}

// AddressNotification returns one notification; address.ErrNotFound if
// there is none.
func (s *Store) AddressNotification(ctx context.Context, ref address.Reference) (address.Notification, error) {
	var n address.Notification
	if err := ctx.Err(); err != nil {
		return n, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		ok, err := get(tx, bucketAddress, []byte(ref), &n)
		if err == nil && !ok {
			err = address.ErrNotFound
		}
		return err
	})
	return n, err
}

// UpdateAddressNotification runs fn on the stored notification in one
// transaction and writes it back when fn says so. Indexed fields (the
// municipality, times and departure) must not change.
func (s *Store) UpdateAddressNotification(ctx context.Context, ref address.Reference, fn func(*address.Notification) (bool, error)) (address.Notification, error) {
	var n address.Notification
	if err := ctx.Err(); err != nil {
		return n, err
	}
	var fnErr error
	err := s.update(func(tx *bolt.Tx) error {
		n = address.Notification{}
		ok, err := get(tx, bucketAddress, []byte(ref), &n)
		if err != nil {
			return err
		}
		if !ok {
			return address.ErrNotFound
		}
		muni, created, departure, status := n.Municipality, n.Created, n.DepartureDate, n.Status
		var write bool
		write, fnErr = fn(&n)
		if !write {
			return nil
		}
		if n.Municipality != muni || !n.Created.Equal(created) || n.DepartureDate != departure || n.Ref != ref {
			return fmt.Errorf("store: an update may not change indexed fields of %s", ref)
		}
		if err := s.hooks().Address(s.outbox(tx), status, n); err != nil {
			return err
		}
		return put(tx, bucketAddress, []byte(ref), n)
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if from.Before(time.Unix(0, 0)) {
		from = time.Unix(0, 0)
	}
	prefix := append([]byte(muni), 0)
	start := append(append([]byte(nil), prefix...), binary.BigEndian.AppendUint64(nil, uint64(from.UnixNano()))...)
	end := append(append([]byte(nil), prefix...), binary.BigEndian.AppendUint64(nil, uint64(to.UnixNano()))...)
	var out []address.Notification
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAddressByMuni).Cursor()
		for k, _ := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			var n address.Notification
			ok, err := get(tx, bucketAddress, k[len(prefix)+8:], &n)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, n)
			}
		}
		return nil
	})
	return out, err
}

// AddressNotificationsAfter lists up to limit notifications after the
// (created, ref) key, in key order.
func (s *Store) AddressNotificationsAfter(ctx context.Context, created time.Time, ref address.Reference, limit int) ([]address.Notification, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if created.Before(time.Unix(0, 0)) {
		created, ref = time.Unix(0, 0), ""
	}
	after := createdKey(created, ref)
	var out []address.Notification
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAddressByCreated).Cursor()
		k, _ := c.Seek(after)
		if k != nil && bytes.Equal(k, after) {
			k, _ = c.Next()
		}
		for ; k != nil && len(out) < limit; k, _ = c.Next() {
			var n address.Notification
			ok, err := get(tx, bucketAddress, k[8:], &n)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, n)
			}
		}
		return nil
	})
	return out, err
}

// PurgeAddressNotifications deletes, in one transaction, every
// notification whose departure day is before day, with its index
// entries, and counts them in the statistics; then it blanks the file's
// free pages, where the deleted records would otherwise remain.
func (s *Store) PurgeAddressNotifications(ctx context.Context, day string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var count int
	err := s.update(func(tx *bolt.Tx) error {
		count = 0
		var keys [][]byte
		c := tx.Bucket(bucketAddressByDepart).Cursor()
		for k, _ := c.First(); k != nil && string(k[:min(len(k), 10)]) < day; k, _ = c.Next() {
			keys = append(keys, bytes.Clone(k))
		}
		for _, k := range keys {
			if err := tx.Bucket(bucketAddressByDepart).Delete(k); err != nil {
				return err
			}
			var n address.Notification
			ok, err := get(tx, bucketAddress, k[10:], &n)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			for _, d := range []struct{ bucket, key []byte }{
				{bucketAddress, []byte(n.Ref)},
				{bucketAddressByMuni, muniKey(n.Municipality, n.Created, n.Ref)},
				{bucketAddressByCreated, createdKey(n.Created, n.Ref)},
			} {
				if err := tx.Bucket(d.bucket).Delete(d.key); err != nil {
					return err
				}
			}
			if err := s.forgetSubjectTx(tx, hooks.AddressSubject(n.Ref)); err != nil {
				return err
			}
			count++
		}
		if count == 0 {
			return nil
		}
		return bumpStats(tx, func(st *address.Stats) { st.Purged += uint64(count) })
	})
	if err != nil || count == 0 {
		return count, err
	}
	// The deleted notifications stay readable in the freed pages until
	// they are overwritten: overwrite them now.
	return count, s.scrubFree()
}

// AddressStats returns the address counters.
func (s *Store) AddressStats(ctx context.Context) (address.Stats, error) {
	var st address.Stats
	if err := ctx.Err(); err != nil {
		return st, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		_, err := get(tx, bucketAddressMeta, keyAddressStats, &st)
		return err
	})
	return st, err
}

// SaveMunicipalities replaces the municipality list (an import of bpost's
// list) in one transaction.
func (s *Store) SaveMunicipalities(ctx context.Context, list []address.Municipality) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return put(tx, bucketAddressMeta, keyMunicipalities, list)
	})
}

// Municipalities returns the imported list; ok is false when none was
// imported, and the curated list applies.
func (s *Store) Municipalities(ctx context.Context) (list []address.Municipality, ok bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	err = s.view(func(tx *bolt.Tx) error {
		ok, err = get(tx, bucketAddressMeta, keyMunicipalities, &list)
		return err
	})
	return list, ok, err
}
