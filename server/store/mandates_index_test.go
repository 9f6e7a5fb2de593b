package store

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/mandates"
)

// TestCodesDrawnBeforeTheIndexAreListed: schema step 0016 indexes the
// codes a data file already holds, so an applicant sees (and can cancel)
// a code drawn before the upgrade.
func TestCodesDrawnBeforeTheIndexAreListed(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "loket.db"), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	old := mandates.Code{Hash: []byte("old"), Dossier: "10000001", Created: now, Expires: now.Add(time.Hour)}
	err = s.update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketMandateCodeDossiers); err != nil {
			return err
		}
		if err := put(tx, bucketMandateCodes, old.Hash, old); err != nil {
			return err
		}
		return indexMandateCodes(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.DossierCodes("10000001")
	if err != nil || len(cs) != 1 || string(cs[0].Hash) != "old" {
		t.Fatalf("codes after the step: %v %v", cs, err)
	}
}
