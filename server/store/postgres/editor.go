package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"loket/server/editor"
)

var _ editor.Store = (*Store)(nil)

// AddRevision numbers r after ref's last revision; a published r becomes
// the live one, and the one live before stops being published, in the same
// transaction.
func (s *Store) AddRevision(ctx context.Context, r editor.Revision) (editor.Revision, error) {
	in := r
	err := s.write(ctx, func(tx pgx.Tx) error {
		r = in
		// The revisions of one text are written one transaction at a time.
		if err := lockKey(ctx, tx, "revision", r.Ref.String()); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(n), 0) + 1 FROM content_revisions WHERE ref = $1",
			r.Ref.String()).Scan(&r.N); err != nil {
			return err
		}
		return putRevision(ctx, tx, r)
	})
	return r, err
}

// UpdateRevision replaces a revision's flags (reviewed, published).
func (s *Store) UpdateRevision(ctx context.Context, r editor.Revision) error {
	return s.write(ctx, func(tx pgx.Tx) error {
		if err := lockKey(ctx, tx, "revision", r.Ref.String()); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM content_revisions WHERE ref = $1 AND n = $2)",
			r.Ref.String(), r.N).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return editor.ErrNotFound
		}
		return putRevision(ctx, tx, r)
	})
}

// putRevision writes r; a published r replaces the live revision, whose
// flag is cleared. The caller holds the text's lock.
func putRevision(ctx context.Context, tx pgx.Tx, r editor.Revision) error {
	ref := r.Ref.String()
	if r.Published {
		var prev editor.Revision
		ok, err := one(ctx, tx, &prev, "SELECT doc FROM content_revisions WHERE ref = $1 AND published AND n <> $2", ref, r.N)
		if err != nil {
			return err
		}
		if ok {
			prev.Published = false
			if _, err := tx.Exec(ctx, "UPDATE content_revisions SET published = false, doc = $3 WHERE ref = $1 AND n = $2",
				ref, prev.N, prev); err != nil {
				return err
			}
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO content_revisions (ref, n, published, doc) VALUES ($1, $2, $3, $4)
		ON CONFLICT (ref, n) DO UPDATE SET published = EXCLUDED.published, doc = EXCLUDED.doc`, ref, r.N, r.Published, r)
	return err
}

// Revisions lists ref's revisions, oldest first.
func (s *Store) Revisions(ctx context.Context, ref editor.Ref) ([]editor.Revision, error) {
	return docs[editor.Revision](ctx, s.pool, "SELECT doc FROM content_revisions WHERE ref = $1 ORDER BY n", ref.String())
}

// LiveRevisions lists the live revision of every text that has one.
func (s *Store) LiveRevisions(ctx context.Context) ([]editor.Revision, error) {
	return docs[editor.Revision](ctx, s.pool, "SELECT doc FROM content_revisions WHERE published ORDER BY ref")
}
