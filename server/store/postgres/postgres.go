// Package postgres keeps Loket's data in PostgreSQL, for several Loket
// instances sharing one database.
//
// It implements every interface the domain packages declare, with the
// same behaviour as the embedded bbolt store (package store), which the
// contract suite (package storetest) checks on both. The bbolt store
// keeps its rules by being the only writer; here every rule that spans
// rows is kept by a row lock (a slot's count, a ticket counter, the audit
// chain's head) or a transaction-scoped advisory lock (an idempotency
// key, a dossier's booking), taken in one fixed order, and a write that
// loses a race (a deadlock, a serialization failure, a unique key taken
// meanwhile) runs again from the start. It is the only importer of pgx.
package postgres

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/server/notify"
)

// Options tune how the store connects.
type Options struct {
	// MaxConns bounds the connection pool; 0 means the URL's
	// pool_max_conns, or DefaultMaxConns without one.
	MaxConns int32
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Notify plans the notifications each change queues in the outbox;
	// nil means notify.NewPlanner's defaults.
	Notify *notify.Planner
}

// Store is the PostgreSQL-backed store.
type Store struct {
	pool    *pgxpool.Pool
	now     func() time.Time
	planner *notify.Planner
	// wake receives after a commit that queued notifications.
	wake chan struct{}
	// lookups reads concurrent status lookups together.
	lookups *lookups
	// notes sends, after their commits, the notifications that say
	// something kept elsewhere is out of date (notes.go).
	notes *notes
}

// DefaultMaxConns is the pool's size unless the URL (pool_max_conns) or
// Options say otherwise. Durable writes wait for their commit's WAL
// flush, and PostgreSQL shares one flush between the transactions
// committing together (group commit): with pgxpool's default of 4
// connections no more than 4 bookings could share one. 16 gave the most
// durable bookings a second on the 2-core test machine; more only added
// waiting (docs/scaling.md). Status lookups do not need more: they are
// read together by at most maxLookupWorkers statements at a time.
const DefaultMaxConns = 16

//go:embed migrations/*.sql
var migrationFiles embed.FS

// lockMigrations is the advisory lock key under which one instance at a
// time applies the schema steps.
const lockMigrations int64 = 0x6c6f6b6574_01 // "loket" 1

// Open connects to the database at url (postgres://…) and applies the
// pending schema steps.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: database URL: %w", err)
	}
	switch {
	case opts.MaxConns > 0:
		cfg.MaxConns = opts.MaxConns
	case !strings.Contains(url, "pool_max_conns="):
		cfg.MaxConns = DefaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	s := &Store{pool: pool, now: opts.Now, planner: opts.Notify, wake: make(chan struct{}, 1)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.planner == nil {
		s.planner = notify.NewPlanner(notify.Policy{})
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	s.lookups = startLookups(pool, min(int(cfg.MaxConns), maxLookupWorkers))
	s.notes = startNotes(pool)
	return s, nil
}

// Close sends the notifications waiting and closes every connection.
func (s *Store) Close() error {
	s.lookups.close()
	s.notes.close()
	s.pool.Close()
	return nil
}

// Ping checks that the database answers and has the schema.
func (s *Store) Ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var n int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// migrate applies the embedded schema steps that have not run, in name
// order, each in its own transaction with the record that it ran, while
// holding a session advisory lock so that instances starting together
// apply each step once.
func (s *Store) migrate(ctx context.Context) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: connect: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", lockMigrations); err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", lockMigrations) //nolint:errcheck // the session ends with the connection anyway
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		id text COLLATE "C" PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("postgres: migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		id := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return err
		}
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			var done bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE id = $1)", id).Scan(&done); err != nil || done {
				return err
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (id) VALUES ($1)", id)
			return err
		})
		if err != nil {
			return fmt.Errorf("postgres: schema step %s: %w", id, err)
		}
	}
	return nil
}

// Migrations lists the ids of the schema steps the database has run.
func (s *Store) Migrations() ([]string, error) {
	rows, err := s.pool.Query(context.Background(), "SELECT id FROM schema_migrations ORDER BY id")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// maxAttempts bounds the re-runs of a write that lost a race.
const maxAttempts = 20

// write runs fn in one read-committed transaction, and runs it again from
// the start when it lost a race to another transaction: a deadlock, a
// serialization failure, or a unique key that another transaction took
// between fn's check and its insert (the next run sees it). fn must
// therefore start from scratch each time.
func (s *Store) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if err = ctx.Err(); err != nil {
			return err
		}
		err = pgx.BeginFunc(ctx, s.pool, fn)
		if !retryable(err) {
			return err
		}
	}
	return fmt.Errorf("postgres: gave up after %d attempts: %w", maxAttempts, err)
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "23505": // serialization failure, deadlock, unique violation
		return true
	}
	return false
}

// lockKey takes a transaction-scoped advisory lock on a name, so that
// transactions about the same name (an idempotency key, a dossier) run one
// after the other.
func lockKey(ctx context.Context, tx pgx.Tx, parts ...string) error {
	_, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", advisoryKey(parts...))
	return err
}

// advisoryKey is the advisory lock key of a name.
func advisoryKey(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

// one reads a single row into dst; found is false when there is none.
func one(ctx context.Context, q querier, dst any, sql string, args ...any) (bool, error) {
	err := q.QueryRow(ctx, sql, args...).Scan(dst)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// querier is a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// docs reads one JSON document column of every row into a slice.
func docs[T any](ctx context.Context, q querier, sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[T])
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return out, nil
}

// Secret returns the named random secret (32 bytes), making it on first
// use; instances starting together agree on one.
func (s *Store) Secret(name string) ([]byte, error) {
	ctx := context.Background()
	key := "secret/" + name
	var out []byte
	if ok, err := one(ctx, s.pool, &out, "SELECT value FROM meta WHERE key = $1", key); err != nil || ok {
		return out, err
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING value`, key, fresh).Scan(&out)
	return out, err
}

// DemoLoaded reports whether the demo data set was loaded.
func (s *Store) DemoLoaded() (bool, error) {
	var ok bool
	err := s.pool.QueryRow(context.Background(), "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'demo')").Scan(&ok)
	return ok, err
}

// MarkDemoLoaded records that the demo data set is in the database.
func (s *Store) MarkDemoLoaded() error {
	_, err := s.pool.Exec(context.Background(), `INSERT INTO meta (key, value) VALUES ('demo', $1)
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, []byte(s.now().UTC().Format("2006-01-02T15:04:05Z")))
	return err
}

// getDoc reads a single document; ok is false when there is none.
func getDoc(ctx context.Context, q querier, key string, dst any) (bool, error) {
	return one(ctx, q, dst, "SELECT doc FROM documents WHERE key = $1", key)
}

// putDoc creates or replaces a single document.
func putDoc(ctx context.Context, q querier, key string, v any) error {
	_, err := q.Exec(ctx, `INSERT INTO documents (key, doc) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc`, key, v)
	return err
}

// lockDoc reads the JSON document of one row of table, whose key column
// is key, and locks the row until the transaction ends; missing is the
// error when there is no such row. table and key are constants of this
// package, never input.
func lockDoc[T any](ctx context.Context, tx pgx.Tx, table, key string, id any, missing error) (T, error) {
	var doc T
	ok, err := one(ctx, tx, &doc, "SELECT doc FROM "+table+" WHERE "+key+" = $1 FOR UPDATE", id)
	if err == nil && !ok {
		err = missing
	}
	return doc, err
}

// nanos is t in Unix nanoseconds, clamped to what an int64 holds (years
// 1678 to 2262), for the bigint columns that order records by time: a
// range "until 9999" must still end after every record.
func nanos(t time.Time) int64 {
	switch {
	case t.Unix() >= math.MaxInt64/int64(time.Second):
		return math.MaxInt64
	case t.Unix() <= math.MinInt64/int64(time.Second):
		return math.MinInt64
	}
	return t.UnixNano()
}
