package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/dossiers"
)

var (
	bucketDossiers = []byte("dossiers")
	bucketFailures = []byte("dossier_failures")
	bucketStats    = []byte("dossier_stats")
	bucketQueue    = []byte("dossier_queue")
	bucketTokens   = []byte("api_tokens")
)

// errTokenExists refuses a second token with the same name.
var errTokenExists = errors.New("store: a token with this name exists")

// LookupDossier reads a dossier and the wrong answers given for its number
// since a time, in one read transaction. The number need not exist: wrong
// answers are counted for any number.
func (s *Store) LookupDossier(number string, since time.Time) (dossiers.Dossier, int, bool, error) {
	var d dossiers.Dossier
	var failures int
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketFailures).Get([]byte(number)); len(v) == 16 {
			if int64(binary.BigEndian.Uint64(v)) >= since.Unix() {
				failures = int(binary.BigEndian.Uint64(v[8:]))
			}
		}
		var err error
		found, err = getDossier(tx, number, &d)
		return err
	})
	return d, failures, found, err
}

// RecordLookupFailure counts a wrong answer for number. The count starts
// again when its window has passed.
func (s *Store) RecordLookupFailure(number string, now time.Time, window time.Duration) error {
	return s.batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFailures)
		start, count := now.Unix(), uint64(0)
		if v := b.Get([]byte(number)); len(v) == 16 {
			if old := int64(binary.BigEndian.Uint64(v)); old >= now.Add(-window).Unix() {
				start, count = old, binary.BigEndian.Uint64(v[8:])
			}
		}
		var v [16]byte
		binary.BigEndian.PutUint64(v[:], uint64(start))
		binary.BigEndian.PutUint64(v[8:], count+1)
		return b.Put([]byte(number), v[:])
	})
}

// PruneLookupFailures deletes the wrong-answer counts whose window began
// before a time: they no longer lock anything, and numbers that were
// never dossiers would otherwise pile up. It writes only when there is
// something to delete.
func (s *Store) PruneLookupFailures(before time.Time) (int, error) {
	var stale [][]byte
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFailures).ForEach(func(k, v []byte) error {
			if len(v) != 16 || int64(binary.BigEndian.Uint64(v)) < before.Unix() {
				stale = append(stale, bytes.Clone(k))
			}
			return nil
		})
	})
	if err != nil || len(stale) == 0 {
		return 0, err
	}
	n := 0
	err = s.update(func(tx *bolt.Tx) error {
		n = 0
		b := tx.Bucket(bucketFailures)
		for _, k := range stale {
			// A wrong answer since the read started a new window: keep it.
			if v := b.Get(k); len(v) == 16 && int64(binary.BigEndian.Uint64(v)) >= before.Unix() {
				continue
			}
			if err := b.Delete(k); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// PutDossiers creates or replaces dossiers in one transaction: all or none.
// The estimate histograms and the queue index change in the same
// transaction, so they never disagree with the dossiers.
func (s *Store) PutDossiers(ds []dossiers.Dossier) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDossiers)
		// Imports arrive mostly in key order: fuller pages, smaller file.
		b.FillPercent = 0.9
		deltas := map[string]dossiers.Histogram{}
		for i := range ds {
			var old *dossiers.Dossier
			var prev dossiers.Dossier
			if ok, err := getDossier(tx, ds[i].Number, &prev); err != nil {
				return err
			} else if ok {
				old = &prev
			}
			if err := s.writeDossier(tx, old, &ds[i], deltas); err != nil {
				return err
			}
		}
		return addHistograms(tx, deltas)
	})
}

// UpdateDossier changes one dossier through fn in one write transaction.
func (s *Store) UpdateDossier(number string, fn func(d *dossiers.Dossier) error) (dossiers.Dossier, error) {
	var d dossiers.Dossier
	err := s.update(func(tx *bolt.Tx) error {
		var old dossiers.Dossier
		ok, err := getDossier(tx, number, &old)
		if err != nil {
			return err
		}
		if !ok {
			return dossiers.ErrNotFound
		}
		if _, err := getDossier(tx, number, &d); err != nil {
			return err
		}
		if err := fn(&d); err != nil {
			return err
		}
		deltas := map[string]dossiers.Histogram{}
		if err := s.writeDossier(tx, &old, &d, deltas); err != nil {
			return err
		}
		return addHistograms(tx, deltas)
	})
	return d, err
}

func (s *Store) writeDossier(tx *bolt.Tx, old, d *dossiers.Dossier, deltas map[string]dossiers.Histogram) error {
	dossiers.SampleDeltas(old, d, deltas)
	q := tx.Bucket(bucketQueue)
	if old != nil && old.Waiting {
		if err := q.Delete(queueKey(old)); err != nil {
			return err
		}
	}
	if d.Waiting {
		if err := q.Put(queueKey(d), nil); err != nil {
			return err
		}
	}
	if err := s.hooks().Dossier(s.outbox(tx), old, d); err != nil {
		return err
	}
	return putDossier(tx, d)
}

// queueKey is procedure, a zero byte, then the dossier's QueueKey.
func queueKey(d *dossiers.Dossier) []byte {
	k := append([]byte(d.Procedure), 0)
	return append(k, itob(uint64(dossiers.QueueKey(d.Received, d.Number)))...)
}

func addHistograms(tx *bolt.Tx, deltas map[string]dossiers.Histogram) error {
	for k, delta := range deltas {
		h := dossiers.Histogram{}
		if _, err := get(tx, bucketStats, []byte(k), &h); err != nil {
			return err
		}
		h.Add(delta)
		if len(h) == 0 {
			if err := tx.Bucket(bucketStats).Delete([]byte(k)); err != nil {
				return err
			}
			continue
		}
		if err := put(tx, bucketStats, []byte(k), h); err != nil {
			return err
		}
	}
	return nil
}

// Histograms returns every estimate histogram by dossiers.StatKey.
func (s *Store) Histograms() (map[string]dossiers.Histogram, error) {
	out := map[string]dossiers.Histogram{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketStats).ForEach(func(k, v []byte) error {
			h := dossiers.Histogram{}
			if err := decode(v, &h); err != nil {
				return err
			}
			out[string(k)] = h
			return nil
		})
	})
	return out, err
}

// Queues returns the waiting dossiers' queue keys per procedure, in order.
// It reads keys only, no values.
func (s *Store) Queues() (map[string][]int64, error) {
	out := map[string][]int64{}
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketQueue).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			i := bytes.IndexByte(k, 0)
			if i < 0 || len(k) != i+9 {
				return fmt.Errorf("%w: queue key %q", ErrCorrupt, k)
			}
			p := string(k[:i])
			out[p] = append(out[p], int64(binary.BigEndian.Uint64(k[i+1:])))
		}
		return nil
	})
	return out, err
}

// DossierCount is the number of dossiers in the store.
func (s *Store) DossierCount() (int, error) {
	var n int
	err := s.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketDossiers).Stats().KeyN
		return nil
	})
	return n, err
}

// CreateToken stores a back-office token (its hash); names are unique.
func (s *Store) CreateToken(t dossiers.APIToken) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		err := b.ForEach(func(_, v []byte) error {
			var o dossiers.APIToken
			if err := decode(v, &o); err != nil {
				return err
			}
			if o.Name == t.Name {
				return fmt.Errorf("%w: %s", errTokenExists, t.Name)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return put(tx, bucketTokens, t.Hash, t)
	})
}

// Tokens lists the back-office tokens (names and dates, never secrets).
func (s *Store) Tokens() ([]dossiers.APIToken, error) {
	var out []dossiers.APIToken
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTokens).ForEach(func(_, v []byte) error {
			var t dossiers.APIToken
			if err := decode(v, &t); err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	return out, err
}

// RevokeToken deletes the token called name; it reports whether one was.
func (s *Store) RevokeToken(name string) (bool, error) {
	var found bool
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		var key []byte
		err := b.ForEach(func(k, v []byte) error {
			var t dossiers.APIToken
			if err := decode(v, &t); err != nil {
				return err
			}
			if t.Name == name {
				key = append([]byte(nil), k...)
			}
			return nil
		})
		if err != nil || key == nil {
			return err
		}
		found = true
		return b.Delete(key)
	})
	return found, err
}

// TokenName returns the name of the token with this hash, if it exists.
func (s *Store) TokenName(hash []byte) (string, bool, error) {
	var t dossiers.APIToken
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		ok, err = get(tx, bucketTokens, hash, &t)
		return err
	})
	return t.Name, ok, err
}
