package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/helpdesk"
	"loket/server/store/hooks"
)

var _ helpdesk.Store = (*Store)(nil)

// CreateEscalation records e; helpdesk.ErrDuplicate if its reference is taken.
func (s *Store) CreateEscalation(ctx context.Context, e helpdesk.Escalation) error {
	return s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		tag, err := tx.Exec(ctx, `INSERT INTO escalations (ref, created_ns, doc) VALUES ($1, $2, $3)
			ON CONFLICT (ref) DO NOTHING`, string(e.Ref), nanos(e.Created), e)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: %s", helpdesk.ErrDuplicate, e.Ref)
		}
		if e.Contact == helpdesk.ContactEmail {
			return s.hooks().Contact(ob, hooks.HelpSubject(e.Ref), e.Lang, e.ContactValue, e.Created)
		}
		return nil
	})
}

// Escalation returns one escalation; helpdesk.ErrNotFound if there is none.
func (s *Store) Escalation(ctx context.Context, ref helpdesk.Reference) (helpdesk.Escalation, error) {
	var e helpdesk.Escalation
	ok, err := one(ctx, s.pool, &e, "SELECT doc FROM escalations WHERE ref = $1", string(ref))
	if err == nil && !ok {
		err = helpdesk.ErrNotFound
	}
	return e, err
}

// UpdateEscalation runs fn on the locked escalation and writes it back
// when fn says so, even with fn's error (a wrong PIN is counted).
func (s *Store) UpdateEscalation(ctx context.Context, ref helpdesk.Reference, fn func(*helpdesk.Escalation) (bool, error)) (helpdesk.Escalation, error) {
	var e helpdesk.Escalation
	var fnErr error
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		var err error
		fnErr = nil
		if e, err = lockDoc[helpdesk.Escalation](ctx, tx, "escalations", "ref", string(ref), helpdesk.ErrNotFound); err != nil {
			return err
		}
		created, old := e.Created, e
		old.Replies = append([]helpdesk.Reply(nil), e.Replies...)
		var write bool
		write, fnErr = fn(&e)
		if !write {
			return nil
		}
		if !e.Created.Equal(created) || e.Ref != ref {
			return fmt.Errorf("postgres: an update may not change indexed fields of %s", ref)
		}
		if err := s.hooks().Help(ob, old, e); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE escalations SET doc = $2 WHERE ref = $1", string(ref), e)
		return err
	})
	if err != nil {
		return helpdesk.Escalation{}, err
	}
	if fnErr != nil {
		return helpdesk.Escalation{}, fnErr
	}
	return e, nil
}

// UpdateEscalations runs fn on each locked escalation of refs in one
// transaction and writes back those fn says so: an error from fn, or a
// reference not found, writes none of them. It returns the written ones.
func (s *Store) UpdateEscalations(ctx context.Context, refs []helpdesk.Reference, fn func(*helpdesk.Escalation) (bool, error)) ([]helpdesk.Escalation, error) {
	var out []helpdesk.Escalation
	err := s.writeOutbox(ctx, func(tx pgx.Tx, ob *pgOutbox) error {
		out = out[:0]
		for _, ref := range refs {
			e, err := lockDoc[helpdesk.Escalation](ctx, tx, "escalations", "ref", string(ref), helpdesk.ErrNotFound)
			if err != nil {
				return err
			}
			created, old := e.Created, e
			old.Replies = append([]helpdesk.Reply(nil), e.Replies...)
			write, err := fn(&e)
			if err != nil {
				return err
			}
			if !write {
				continue
			}
			if !e.Created.Equal(created) || e.Ref != ref {
				return fmt.Errorf("postgres: an update may not change indexed fields of %s", ref)
			}
			if err := s.hooks().Help(ob, old, e); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE escalations SET doc = $2 WHERE ref = $1", string(ref), e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EscalationsSince lists the escalations created at or after since,
// newest first.
func (s *Store) EscalationsSince(ctx context.Context, since time.Time) ([]helpdesk.Escalation, error) {
	if since.Before(time.Unix(0, 0)) {
		since = time.Unix(0, 0)
	}
	return docs[helpdesk.Escalation](ctx, s.pool, "SELECT doc FROM escalations WHERE created_ns >= $1 ORDER BY created_ns DESC, ref DESC", nanos(since))
}

// PutCanned creates or replaces a canned answer.
func (s *Store) PutCanned(ctx context.Context, c helpdesk.Canned) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO canned_answers (id, doc) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc`, c.ID, c)
	return err
}

// DeleteCanned removes a canned answer; helpdesk.ErrCannedNotFound if
// there is none.
func (s *Store) DeleteCanned(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, "DELETE FROM canned_answers WHERE id = $1", id)
	if err == nil && tag.RowsAffected() == 0 {
		err = helpdesk.ErrCannedNotFound
	}
	return err
}

// CannedAnswers lists every canned answer, by id.
func (s *Store) CannedAnswers(ctx context.Context) ([]helpdesk.Canned, error) {
	return docs[helpdesk.Canned](ctx, s.pool, "SELECT doc FROM canned_answers ORDER BY id")
}
