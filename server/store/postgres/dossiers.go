package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/dossiers"
)

var _ dossiers.Store = (*Store)(nil)

// errTokenExists refuses a second token with the same name.
var errTokenExists = errors.New("postgres: a token with this name exists")

// LookupDossier reads a dossier and the wrong answers given for its number
// since a time, in one statement (one snapshot), together with the other
// lookups asked at the same time (lookups.go).
func (s *Store) LookupDossier(number string, since time.Time) (dossiers.Dossier, int, bool, error) {
	var d dossiers.Dossier
	a := s.lookups.lookup(number, since.Unix())
	if a.err != nil || a.doc == nil {
		return d, a.failures, false, a.err
	}
	if err := json.Unmarshal(a.doc, &d); err != nil {
		return d, a.failures, false, err
	}
	return d, a.failures, true, nil
}

// RecordLookupFailure counts a wrong answer for number; the count starts
// again when its window has passed. Every instance counts in the same row.
func (s *Store) RecordLookupFailure(number string, now time.Time, window time.Duration) error {
	_, err := s.pool.Exec(context.Background(), `INSERT INTO dossier_failures AS f (number, window_start, failures) VALUES ($1, $2, 1)
		ON CONFLICT (number) DO UPDATE SET
			failures = CASE WHEN f.window_start >= $3 THEN f.failures + 1 ELSE 1 END,
			window_start = CASE WHEN f.window_start >= $3 THEN f.window_start ELSE $2 END`,
		number, now.Unix(), now.Add(-window).Unix())
	return err
}

// PruneLookupFailures deletes the counts whose window began before a time.
func (s *Store) PruneLookupFailures(before time.Time) (int, error) {
	tag, err := s.pool.Exec(context.Background(), "DELETE FROM dossier_failures WHERE window_start < $1", before.Unix())
	return int(tag.RowsAffected()), err
}

// lockDossiers serialises dossier writes across instances: a write reads
// the old dossiers to change the estimate histograms by the difference,
// which two concurrent writers of one dossier would count twice.
func lockDossiers(ctx context.Context, tx pgx.Tx) error { return lockKey(ctx, tx, "dossier-writes") }

// PutDossiers creates or replaces dossiers in one transaction, with the
// histograms and the queue index (columns of the dossier row) in step.
func (s *Store) PutDossiers(ds []dossiers.Dossier) error {
	ctx := context.Background()
	return s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		if err := lockDossiers(ctx, tx); err != nil {
			return err
		}
		numbers := make([]string, len(ds))
		for i := range ds {
			numbers[i] = ds[i].Number
		}
		old := map[string]*dossiers.Dossier{}
		rows, err := tx.Query(ctx, "SELECT doc FROM dossiers WHERE number = ANY($1)", numbers)
		if err != nil {
			return err
		}
		prev, err := pgx.CollectRows(rows, pgx.RowTo[dossiers.Dossier])
		if err != nil {
			return err
		}
		for i := range prev {
			old[prev[i].Number] = &prev[i]
		}
		deltas := map[string]dossiers.Histogram{}
		batch := &pgx.Batch{}
		for i := range ds {
			d := &ds[i]
			dossiers.SampleDeltas(old[d.Number], d, deltas)
			if err := s.hooks().Dossier(ob, old[d.Number], d); err != nil {
				return err
			}
			cp := *d
			old[d.Number] = &cp // a number twice in one import counts once
			batch.Queue(`INSERT INTO dossiers (number, procedure, waiting, queue_key, doc) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (number) DO UPDATE SET procedure = EXCLUDED.procedure, waiting = EXCLUDED.waiting,
				queue_key = EXCLUDED.queue_key, doc = EXCLUDED.doc`,
				d.Number, d.Procedure, d.Waiting, dossiers.QueueKey(d.Received, d.Number), d)
		}
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return err
		}
		if err := addHistograms(ctx, tx, deltas); err != nil {
			return err
		}
		return notifyDossiers(ctx, tx)
	})
}

// UpdateDossier changes one dossier through fn in one transaction.
func (s *Store) UpdateDossier(number string, fn func(d *dossiers.Dossier) error) (dossiers.Dossier, error) {
	ctx := context.Background()
	var d dossiers.Dossier
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		if err := lockDossiers(ctx, tx); err != nil {
			return err
		}
		var old dossiers.Dossier
		ok, err := one(ctx, tx, &old, "SELECT doc FROM dossiers WHERE number = $1", number)
		if err != nil {
			return err
		}
		if !ok {
			return dossiers.ErrNotFound
		}
		d = dossiers.Dossier{}
		if _, err := one(ctx, tx, &d, "SELECT doc FROM dossiers WHERE number = $1", number); err != nil {
			return err
		}
		if err := fn(&d); err != nil {
			return err
		}
		deltas := map[string]dossiers.Histogram{}
		dossiers.SampleDeltas(&old, &d, deltas)
		if err := s.hooks().Dossier(ob, &old, &d); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE dossiers SET number = $2, procedure = $3, waiting = $4, queue_key = $5, doc = $6
			WHERE number = $1`, number, d.Number, d.Procedure, d.Waiting, dossiers.QueueKey(d.Received, d.Number), d); err != nil {
			return err
		}
		if err := addHistograms(ctx, tx, deltas); err != nil {
			return err
		}
		return notifyDossiers(ctx, tx)
	})
	return d, err
}

// notifyDossiers tells every instance listening on DossiersChannel, at the
// commit, that dossiers changed (their estimates and queue positions are
// due); notifications alike in one transaction are sent once.
func notifyDossiers(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "SELECT pg_notify($1, '')", DossiersChannel)
	return err
}

// addHistograms adds the deltas to the stored histograms, in key order.
func addHistograms(ctx context.Context, tx pgx.Tx, deltas map[string]dossiers.Histogram) error {
	keys := make([]string, 0, len(deltas))
	for k := range deltas {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h := dossiers.Histogram{}
		if _, err := one(ctx, tx, &h, "SELECT doc FROM dossier_stats WHERE key = $1 FOR UPDATE", k); err != nil {
			return err
		}
		h.Add(deltas[k])
		var err error
		if len(h) == 0 {
			_, err = tx.Exec(ctx, "DELETE FROM dossier_stats WHERE key = $1", k)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO dossier_stats (key, doc) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc`, k, h)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Histograms returns every estimate histogram by dossiers.StatKey.
func (s *Store) Histograms() (map[string]dossiers.Histogram, error) {
	rows, err := s.pool.Query(context.Background(), "SELECT key, doc FROM dossier_stats")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]dossiers.Histogram{}
	for rows.Next() {
		var k string
		h := dossiers.Histogram{}
		if err := rows.Scan(&k, &h); err != nil {
			return nil, fmt.Errorf("postgres: histogram: %w", err)
		}
		out[k] = h
	}
	return out, rows.Err()
}

// Queues returns the waiting dossiers' queue keys per procedure, in order.
func (s *Store) Queues() (map[string][]int64, error) {
	rows, err := s.pool.Query(context.Background(), "SELECT procedure, queue_key FROM dossiers WHERE waiting ORDER BY procedure, queue_key")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var p string
		var k int64
		if err := rows.Scan(&p, &k); err != nil {
			return nil, err
		}
		out[p] = append(out[p], k)
	}
	return out, rows.Err()
}

// DossierCount is the number of dossiers.
func (s *Store) DossierCount() (int, error) {
	var n int
	err := s.pool.QueryRow(context.Background(), "SELECT count(*) FROM dossiers").Scan(&n)
	return n, err
}

// CreateToken stores a back-office token (its hash); names are unique.
func (s *Store) CreateToken(t dossiers.APIToken) error {
	ctx := context.Background()
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO api_tokens (hash, name, doc) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO NOTHING`, t.Hash, t.Name, t)
		if err == nil && tag.RowsAffected() == 0 {
			err = fmt.Errorf("%w: %s", errTokenExists, t.Name)
		}
		return err
	})
}

// Tokens lists the back-office tokens (names and dates, never secrets).
func (s *Store) Tokens() ([]dossiers.APIToken, error) {
	return docs[dossiers.APIToken](context.Background(), s.pool, "SELECT doc FROM api_tokens ORDER BY hash")
}

// RevokeToken deletes the token called name; it reports whether one was.
func (s *Store) RevokeToken(name string) (bool, error) {
	tag, err := s.pool.Exec(context.Background(), "DELETE FROM api_tokens WHERE name = $1", name)
	return tag.RowsAffected() > 0, err
}

// TokenName returns the name of the token with this hash, if it exists.
func (s *Store) TokenName(hash []byte) (string, bool, error) {
	var name string
	ok, err := one(context.Background(), s.pool, &name, "SELECT name FROM api_tokens WHERE hash = $1", hash)
	return name, ok, err
}
