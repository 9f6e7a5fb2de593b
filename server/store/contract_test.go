package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"loket/server/store"
	"loket/server/store/storetest"
)

// TestContract runs the store contract suite on the bbolt store.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Backend {
		s, err := store.Open(filepath.Join(t.TempDir(), "loket.db"), store.Options{NoSync: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// BenchmarkStore runs the store benchmarks on a bbolt file with fsync on.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) storetest.Backend {
		s, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	})
}
