package store

import (
	"crypto/rand"

	bolt "go.etcd.io/bbolt"
)

// Secret returns the named random secret (32 bytes), making it on first
// use. Secrets key CSRF tokens and other HMACs; they live in the store so
// every restart and every copy of the store keeps them.
func (s *Store) Secret(name string) ([]byte, error) {
	key := []byte("secret/" + name)
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(key); v != nil {
			out = append([]byte(nil), v...)
		}
		return nil
	})
	if err != nil || out != nil {
		return out, err
	}
	err = s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		if v := b.Get(key); v != nil { // made by another caller meanwhile
			out = append([]byte(nil), v...)
			return nil
		}
		out = make([]byte, 32)
		if _, err := rand.Read(out); err != nil {
			return err
		}
		return b.Put(key, out)
	})
	return out, err
}

// DemoLoaded reports whether the demo data set was loaded into this store.
func (s *Store) DemoLoaded() (bool, error) {
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketMeta).Get([]byte("demo")) != nil
		return nil
	})
	return ok, err
}

// MarkDemoLoaded records that the demo data set is in this store.
func (s *Store) MarkDemoLoaded() error {
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("demo"), []byte(s.now().UTC().Format("2006-01-02T15:04:05Z")))
	})
}
