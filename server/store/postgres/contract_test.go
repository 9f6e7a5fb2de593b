package postgres_test

import (
	"context"
	"os"
	"testing"
	"time"

	"loket/server/store/postgres"
	"loket/server/store/postgres/pgtest"
	"loket/server/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// open gives a test a store on a database of its own.
func open(t testing.TB, now func() time.Time) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.URLFrom(t, "schema", migrated), postgres.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// migrated applies the schema to a template database.
func migrated(url string) error {
	s, err := postgres.Open(context.Background(), url, postgres.Options{})
	if err != nil {
		return err
	}
	return s.Close()
}

// TestContract runs the store contract suite on PostgreSQL.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Backend { return open(t, now) })
}

// BenchmarkStore runs the store benchmarks on PostgreSQL. The throwaway
// cluster runs with fsync off; for durable figures point
// LOKET_TEST_DATABASE_URL at a cluster with fsync and synchronous_commit on.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) storetest.Backend { return open(b, nil) })
}
