package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"loket/server/store/postgres"
	"loket/server/store/postgres/pgtest"
	"loket/server/store/storetest"
)

// TestEscalationNamesStep: schema step 0006 renames the stored "ticket"
// names of escalations in a database written before it.
func TestEscalationNamesStep(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URLFrom(t, "schema", migrated)
	s, err := postgres.Open(ctx, url, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	age := func(id string) {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, q := range []string{
			`UPDATE receipts SET doc = jsonb_set(doc::jsonb, '{kind}', '"escalation_ticket"')::json WHERE id = $1`,
			`DELETE FROM schema_migrations WHERE id = '0006-escalation-names' AND $1 <> ''`,
		} {
			if tag, err := conn.Exec(ctx, q, id); err != nil || tag.RowsAffected() != 1 {
				t.Fatalf("%s: %v (%d rows)", q, err, tag.RowsAffected())
			}
		}
		s.Close()
	}
	reopen := func() storetest.Backend {
		if s, err = postgres.Open(ctx, url, postgres.Options{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	storetest.EscalationNames(t, s, age, reopen)
}
