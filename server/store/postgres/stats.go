package postgres

import (
	"context"
	"sort"

	"github.com/jackc/pgx/v5"

	"loket/server/bookings"
	"loket/server/stats"
)

var _ stats.Store = (*Store)(nil)

// AddStats adds every count in one transaction, keys in order so that two
// instances flushing at once cannot deadlock.
func (s *Store) AddStats(counts map[string]uint64) error {
	if len(counts) == 0 {
		return nil
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ns := make([]int64, len(keys))
	for i, k := range keys {
		ns[i] = int64(counts[k])
	}
	ctx := context.Background()
	return s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO usage_stats AS u (key, count)
			SELECT * FROM unnest($1::text[], $2::bigint[]) ORDER BY 1
			ON CONFLICT (key) DO UPDATE SET count = u.count + EXCLUDED.count`, keys, ns)
		return err
	})
}

// Stats reads the counts of days from..to, both included.
func (s *Store) Stats(from, to string) (map[string]uint64, error) {
	rows, err := s.pool.Query(context.Background(), "SELECT key, count FROM usage_stats WHERE key >= $1 AND key <= $2",
		from, to+"|\U0010FFFF")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]uint64{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = uint64(n)
	}
	return out, rows.Err()
}

// docOffices is the single document holding the offices as saved.
const docOffices = "offices"

// SaveOffices validates and stores the whole set of offices.
func (s *Store) SaveOffices(ctx context.Context, offices []bookings.Office) error {
	if err := bookings.ValidateOffices(offices); err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		if err := putDoc(ctx, tx, docOffices, offices); err != nil {
			return err
		}
		return notifyOffices(ctx, tx)
	})
}

// notifyOffices tells every instance listening on OfficesChannel, at the
// commit, that the offices were saved.
func notifyOffices(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "SELECT pg_notify($1, '')", OfficesChannel)
	return err
}

// Offices loads the stored offices; ok is false when none were saved.
func (s *Store) Offices(ctx context.Context) (offices []bookings.Office, ok bool, err error) {
	ok, err = getDoc(ctx, s.pool, docOffices, &offices)
	return offices, ok, err
}
