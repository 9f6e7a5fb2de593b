package store

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/dossiers"
	"loket/server/mandates"
)

// Buckets of schema step 0009-mandates-stats: mandates by sequence, the
// live ones indexed by dossier and by lawyer, codes by hash, per-lawyer
// state by account id, lawyers by feed-secret hash.
var (
	bucketMandates        = []byte("mandates")
	bucketMandateDossiers = []byte("mandate_dossiers")
	bucketMandateLawyers  = []byte("mandate_lawyers")
	bucketMandateCodes    = []byte("mandate_codes")
	// bucketMandateCodeDossiers indexes the codes by dossier: dossier, a
	// zero byte, the code's hash.
	bucketMandateCodeDossiers = []byte("mandate_code_dossiers")
	bucketLawyers             = []byte("lawyers")
	bucketLawyerFeeds         = []byte("lawyer_feeds")
)

var _ mandates.Store = (*Store)(nil)

// mandateKey is the sequence key of a mandate id "m<n>".
func mandateKey(id string) ([]byte, bool) {
	n, err := strconv.ParseUint(strings.TrimPrefix(id, "m"), 10, 64)
	if err != nil || !strings.HasPrefix(id, "m") {
		return nil, false
	}
	return itob(n), true
}

// indexKey is an index entry: owner, a zero byte, then the mandate key.
func indexKey(owner string, key []byte) []byte {
	return append(append([]byte(owner), 0), key...)
}

// CreateMandateCode keeps a drawn code's hash, indexed by its dossier.
func (s *Store) CreateMandateCode(c mandates.Code) error {
	return s.update(func(tx *bolt.Tx) error {
		if err := put(tx, bucketMandateCodes, c.Hash, c); err != nil {
			return err
		}
		return tx.Bucket(bucketMandateCodeDossiers).Put(indexKey(c.Dossier, c.Hash), nil)
	})
}

// DossierCodes lists the codes drawn for dossier, used or not.
func (s *Store) DossierCodes(dossier string) ([]mandates.Code, error) {
	var out []mandates.Code
	err := s.view(func(tx *bolt.Tx) error {
		return dossierCodes(tx, dossier, func(c mandates.Code) error {
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// EndMandateCode ends the code of dossier drawn at created, if it is still
// unused and valid (mandates.Code.End), in one transaction: ErrNotFound
// when there is no such code to end.
func (s *Store) EndMandateCode(dossier string, created, at time.Time) (mandates.Code, error) {
	var ended mandates.Code
	err := s.update(func(tx *bolt.Tx) error {
		found := false
		err := dossierCodes(tx, dossier, func(c mandates.Code) error {
			if !found && c.Created.Equal(created) && c.End(at) {
				ended, found = c, true
			}
			return nil
		})
		if err != nil {
			return err
		}
		if !found {
			return mandates.ErrNotFound
		}
		return put(tx, bucketMandateCodes, ended.Hash, ended)
	})
	return ended, err
}

// dossierCodes calls fn with each code of dossier, through the index.
func dossierCodes(tx *bolt.Tx, dossier string, fn func(c mandates.Code) error) error {
	prefix := append([]byte(dossier), 0)
	cur := tx.Bucket(bucketMandateCodeDossiers).Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		var c mandates.Code
		ok, err := get(tx, bucketMandateCodes, k[len(prefix):], &c)
		if err != nil {
			return fmt.Errorf("mandate code: %w", err)
		}
		if !ok {
			continue
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// indexMandateCodes is schema step 0016: the codes drawn before it get their
// dossier index.
func indexMandateCodes(tx *bolt.Tx) error {
	idx, err := tx.CreateBucketIfNotExists(bucketMandateCodeDossiers)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketMandateCodes).ForEach(func(k, v []byte) error {
		var c mandates.Code
		if err := decode(v, &c); err != nil {
			return fmt.Errorf("mandate code: %w", err)
		}
		return idx.Put(indexKey(c.Dossier, bytes.Clone(k)), nil)
	})
}

// RedeemMandateCode uses a code and adds the mandate in one transaction,
// so a code cannot be redeemed twice, even by two lawyers at once.
func (s *Store) RedeemMandateCode(hash []byte, now time.Time, m mandates.Mandate) (mandates.Mandate, error) {
	err := s.update(func(tx *bolt.Tx) error {
		var c mandates.Code
		ok, err := get(tx, bucketMandateCodes, hash, &c)
		switch {
		case err != nil:
			return err
		case !ok:
			return mandates.ErrCodeInvalid
		}
		if err := c.Redeem(now); err != nil {
			return err
		}
		if err := put(tx, bucketMandateCodes, hash, c); err != nil {
			return err
		}
		m.Dossier = c.Dossier
		m, err = addMandate(tx, m)
		return err
	})
	return m, err
}

// AddMandate stores a mandate registered by staff.
func (s *Store) AddMandate(m mandates.Mandate) (mandates.Mandate, error) {
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		m, err = addMandate(tx, m)
		return err
	})
	return m, err
}

func addMandate(tx *bolt.Tx, m mandates.Mandate) (mandates.Mandate, error) {
	if tx.Bucket(bucketDossiers).Get([]byte(m.Dossier)) == nil {
		return m, mandates.ErrNoDossier
	}
	idx := tx.Bucket(bucketMandateLawyers)
	prefix := append([]byte(m.Lawyer), 0)
	c := idx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var old mandates.Mandate
		if _, err := get(tx, bucketMandates, k[len(prefix):], &old); err != nil {
			return m, err
		}
		if old.Dossier == m.Dossier {
			return old, nil
		}
	}
	n, err := tx.Bucket(bucketMandates).NextSequence()
	if err != nil {
		return m, err
	}
	key := itob(n)
	m.ID = "m" + strconv.FormatUint(n, 10)
	if err := put(tx, bucketMandates, key, m); err != nil {
		return m, err
	}
	if err := tx.Bucket(bucketMandateDossiers).Put(indexKey(m.Dossier, key), nil); err != nil {
		return m, err
	}
	return m, idx.Put(indexKey(m.Lawyer, key), nil)
}

// RevokeMandate ends a mandate, drops it from the live indexes and ends
// every unused code of its dossier, in one transaction.
func (s *Store) RevokeMandate(id string, at time.Time, by string) (mandates.Mandate, error) {
	var m mandates.Mandate
	key, ok := mandateKey(id)
	if !ok {
		return m, mandates.ErrNotFound
	}
	err := s.update(func(tx *bolt.Tx) error {
		found, err := get(tx, bucketMandates, key, &m)
		if err != nil {
			return err
		}
		if !found {
			return mandates.ErrNotFound
		}
		if !m.Live() {
			return nil
		}
		m.Revoked, m.RevokedBy, m.Label = at, by, ""
		if err := put(tx, bucketMandates, key, m); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMandateDossiers).Delete(indexKey(m.Dossier, key)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMandateLawyers).Delete(indexKey(m.Lawyer, key)); err != nil {
			return err
		}
		return endCodes(tx, m.Dossier, at)
	})
	return m, err
}

// LabelMandate sets the label of lawyer's live mandate for dossier, found
// through the lawyer's index, in one transaction.
func (s *Store) LabelMandate(lawyer, dossier, label string) (mandates.Mandate, error) {
	var m mandates.Mandate
	err := s.update(func(tx *bolt.Tx) error {
		prefix := append([]byte(lawyer), 0)
		c := tx.Bucket(bucketMandateLawyers).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			key := bytes.Clone(k[len(prefix):])
			if _, err := get(tx, bucketMandates, key, &m); err != nil {
				return err
			}
			if m.Dossier == dossier && m.Live() {
				m.Label = label
				return put(tx, bucketMandates, key, m)
			}
		}
		m = mandates.Mandate{}
		return mandates.ErrNotFound
	})
	return m, err
}

// endCodes ends every unused code of dossier at at (mandates.Code.End).
func endCodes(tx *bolt.Tx, dossier string, at time.Time) error {
	var ended []mandates.Code
	err := dossierCodes(tx, dossier, func(c mandates.Code) error {
		if c.End(at) {
			ended = append(ended, c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range ended {
		if err := put(tx, bucketMandateCodes, c.Hash, c); err != nil {
			return err
		}
	}
	return nil
}

// Mandate reads one mandate, live or not.
func (s *Store) Mandate(id string) (mandates.Mandate, bool, error) {
	var m mandates.Mandate
	key, ok := mandateKey(id)
	if !ok {
		return m, false, nil
	}
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		found, err = get(tx, bucketMandates, key, &m)
		return err
	})
	return m, found, err
}

// indexed reads the mandates an index lists under owner.
func indexed(tx *bolt.Tx, bucket []byte, owner string, fn func(m mandates.Mandate) error) error {
	prefix := append([]byte(owner), 0)
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var m mandates.Mandate
		if _, err := get(tx, bucketMandates, k[len(prefix):], &m); err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return nil
}

// DossierMandates lists a dossier's live mandates.
func (s *Store) DossierMandates(dossier string) ([]mandates.Mandate, error) {
	var out []mandates.Mandate
	err := s.view(func(tx *bolt.Tx) error {
		return indexed(tx, bucketMandateDossiers, dossier, func(m mandates.Mandate) error {
			out = append(out, m)
			return nil
		})
	})
	return out, err
}

// LawyerClients reads a lawyer's live mandates and their dossiers in one
// read transaction (a dossier deleted since is left out).
func (s *Store) LawyerClients(lawyer string) ([]mandates.Client, error) {
	var out []mandates.Client
	err := s.view(func(tx *bolt.Tx) error {
		return indexed(tx, bucketMandateLawyers, lawyer, func(m mandates.Mandate) error {
			var d dossiers.Dossier
			ok, err := getDossier(tx, m.Dossier, &d)
			if ok {
				out = append(out, mandates.Client{Mandate: m, Dossier: d})
			}
			return err
		})
	})
	return out, err
}

// RecentMandates lists up to limit mandates, newest first.
func (s *Store) RecentMandates(limit int) ([]mandates.Mandate, error) {
	var out []mandates.Mandate
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMandates).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var m mandates.Mandate
			if err := decode(v, &m); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// LawyerState reads what is kept per lawyer (zero for a first visit).
func (s *Store) LawyerState(lawyer string) (mandates.Lawyer, error) {
	l := mandates.Lawyer{ID: lawyer}
	err := s.view(func(tx *bolt.Tx) error {
		_, err := get(tx, bucketLawyers, []byte(lawyer), &l)
		return err
	})
	return l, err
}

// UpdateLawyerState runs fn on a lawyer's state read in the write
// transaction, stores the result and keeps the feed index in step.
func (s *Store) UpdateLawyerState(lawyer string, fn func(l *mandates.Lawyer) error) error {
	return s.update(func(tx *bolt.Tx) error {
		old, l := mandates.Lawyer{ID: lawyer}, mandates.Lawyer{ID: lawyer}
		if _, err := get(tx, bucketLawyers, []byte(lawyer), &old); err != nil {
			return err
		}
		if _, err := get(tx, bucketLawyers, []byte(lawyer), &l); err != nil {
			return err
		}
		if err := fn(&l); err != nil {
			return err
		}
		l.ID = lawyer
		feeds := tx.Bucket(bucketLawyerFeeds)
		if len(old.FeedHash) > 0 && !bytes.Equal(old.FeedHash, l.FeedHash) {
			if err := feeds.Delete(old.FeedHash); err != nil {
				return err
			}
		}
		if len(l.FeedHash) > 0 {
			if err := feeds.Put(l.FeedHash, []byte(l.ID)); err != nil {
				return err
			}
		}
		return put(tx, bucketLawyers, []byte(l.ID), l)
	})
}

// LawyerByFeed finds the lawyer whose feed secret hashes to hash.
func (s *Store) LawyerByFeed(hash []byte) (string, bool, error) {
	var id string
	err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketLawyerFeeds).Get(hash); v != nil {
			id = string(v)
		}
		return nil
	})
	return id, id != "", err
}
