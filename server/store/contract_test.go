package store_test

import (
	"path/filepath"
	"testing"

	"loket/server/store"
	"loket/server/store/storetest"
)

// TestContract runs the store contract suite on the bbolt store.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
