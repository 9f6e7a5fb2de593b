package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"loket/server/store/postgres"
	"loket/server/store/postgres/pgtest"
	"loket/server/store/transfer"
)

// leftTables are the tables "loket migrate" leaves behind on purpose
// (transfer.NotCopied says why).
var leftTables = map[string]bool{"schema_migrations": true, "dossier_failures": true, "pow_used": true}

// TestEveryTableIsCopiedOrRebuilt: every table of a database at the
// latest schema step holds a kind that "loket migrate" copies (a table
// of the kind's name) or is left behind on purpose, and the store
// exports every kind. A new table fails this test until it is one of
// the two.
func TestEveryTableIsCopiedOrRebuilt(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URLFrom(t, "schema", migrated)
	s, err := postgres.Open(ctx, url, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range tables {
		if _, ok := transfer.KindNamed(name); !ok && !leftTables[name] {
			t.Errorf("table %s is neither copied by loket migrate (a kind in server/store/transfer) nor left behind on purpose", name)
		}
	}
	for _, k := range transfer.Kinds {
		if err := s.ExportRecords(ctx, k.Name, func([]byte) error { return nil }); err != nil {
			t.Errorf("export %s: %v", k.Name, err)
		}
	}
}
