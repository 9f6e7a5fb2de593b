package store

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/mandates"
)

// Buckets of schema step 0011-lawyer-api-tokens: tokens by sequence, their
// ids by token hash, and by lawyer (lawyer, zero byte, sequence key).
var (
	bucketLawyerTokens         = []byte("lawyer_tokens")
	bucketLawyerTokenHashes    = []byte("lawyer_token_hashes")
	bucketLawyerTokensByLawyer = []byte("lawyer_tokens_by_lawyer")
)

var _ mandates.TokenStore = (*Store)(nil)

// CreateLawyerToken stores a new token under the next id "t<n>".
func (s *Store) CreateLawyerToken(t mandates.APIToken) (mandates.APIToken, error) {
	err := s.update(func(tx *bolt.Tx) error {
		n, err := tx.Bucket(bucketLawyerTokens).NextSequence()
		if err != nil {
			return err
		}
		key := itob(n)
		t.ID = "t" + strconv.FormatUint(n, 10)
		if err := put(tx, bucketLawyerTokens, key, t); err != nil {
			return err
		}
		if err := tx.Bucket(bucketLawyerTokenHashes).Put(t.Hash, key); err != nil {
			return err
		}
		return tx.Bucket(bucketLawyerTokensByLawyer).Put(indexKey(t.Lawyer, key), nil)
	})
	return t, err
}

// LawyerTokens lists a lawyer's tokens, oldest first.
func (s *Store) LawyerTokens(lawyer string) ([]mandates.APIToken, error) {
	var out []mandates.APIToken
	err := s.view(func(tx *bolt.Tx) error {
		prefix := append([]byte(lawyer), 0)
		c := tx.Bucket(bucketLawyerTokensByLawyer).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			var t mandates.APIToken
			if _, err := get(tx, bucketLawyerTokens, k[len(prefix):], &t); err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// RevokeLawyerToken marks the lawyer's token revoked; the hash index stays,
// so the token is found, and refused, until the record is gone.
func (s *Store) RevokeLawyerToken(lawyer, id string, at time.Time) (mandates.APIToken, error) {
	var t mandates.APIToken
	err := s.update(func(tx *bolt.Tx) error {
		n, err := strconv.ParseUint(strings.TrimPrefix(id, "t"), 10, 64)
		if err != nil || !strings.HasPrefix(id, "t") {
			return mandates.ErrTokenNotFound
		}
		key := itob(n)
		ok, err := get(tx, bucketLawyerTokens, key, &t)
		if err != nil {
			return err
		}
		if !ok || t.Lawyer != lawyer {
			t = mandates.APIToken{}
			return mandates.ErrTokenNotFound
		}
		if !t.Live() {
			return nil
		}
		t.Revoked = at
		return put(tx, bucketLawyerTokens, key, t)
	})
	return t, err
}

// LawyerTokenByHash finds a token by its hash.
func (s *Store) LawyerTokenByHash(hash []byte) (mandates.APIToken, bool, error) {
	var t mandates.APIToken
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		key := tx.Bucket(bucketLawyerTokenHashes).Get(hash)
		if key == nil {
			return nil
		}
		var err error
		ok, err = get(tx, bucketLawyerTokens, key, &t)
		return err
	})
	return t, ok, err
}
