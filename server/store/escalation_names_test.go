package store

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"loket/server/store/storetest"
)

// TestEscalationNamesStep: schema step 0015 renames the stored "ticket"
// names of escalations in a file written before it.
func TestEscalationNamesStep(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	age := func(id string) {
		err := s.db.Update(func(tx *bolt.Tx) error {
			v := tx.Bucket(bucketReceipts).Get([]byte(id))
			var r map[string]any
			if err := decode(v, &r); err != nil {
				return err
			}
			r["kind"] = "escalation_ticket"
			if err := put(tx, bucketReceipts, []byte(id), r); err != nil {
				return err
			}
			return tx.Bucket(bucketMigrations).Delete([]byte("0015-escalation-names"))
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	reopen := func() storetest.Backend {
		if s, err = Open(path, Options{NoSync: true}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	storetest.EscalationNames(t, s, age, reopen)
}
