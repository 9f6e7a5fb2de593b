package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/dossiers"
	"loket/server/mandates"
)

var _ mandates.Store = (*Store)(nil)

// mandateSeq is the sequence number of a mandate id "m<n>".
func mandateSeq(id string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(id, "m"), 10, 64)
	return n, err == nil && strings.HasPrefix(id, "m")
}

// CreateMandateCode keeps a drawn code's hash.
func (s *Store) CreateMandateCode(c mandates.Code) error {
	_, err := s.pool.Exec(context.Background(), `INSERT INTO mandate_codes (hash, doc) VALUES ($1, $2)
		ON CONFLICT (hash) DO UPDATE SET doc = EXCLUDED.doc`, c.Hash, c)
	return err
}

// RedeemMandateCode uses a code and adds the mandate in one transaction;
// the code's row lock lets only one lawyer redeem it.
func (s *Store) RedeemMandateCode(hash []byte, now time.Time, m mandates.Mandate) (mandates.Mandate, error) {
	ctx := context.Background()
	in := m
	err := s.write(ctx, func(tx pgx.Tx) error {
		c, err := lockDoc[mandates.Code](ctx, tx, "mandate_codes", "hash", hash, mandates.ErrCodeInvalid)
		if err != nil {
			return err
		}
		if err := c.Redeem(now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE mandate_codes SET doc = $2 WHERE hash = $1", hash, c); err != nil {
			return err
		}
		m = in
		m.Dossier = c.Dossier
		m, err = addMandate(ctx, tx, m)
		return err
	})
	return m, err
}

// AddMandate stores a mandate registered by staff.
func (s *Store) AddMandate(m mandates.Mandate) (mandates.Mandate, error) {
	ctx := context.Background()
	in := m
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		m, err = addMandate(ctx, tx, in)
		return err
	})
	return m, err
}

// addMandate stores m unless the lawyer holds a live mandate for the
// dossier already (then that one is returned); the lawyer's advisory lock
// keeps two at once from both adding one.
func addMandate(ctx context.Context, tx pgx.Tx, m mandates.Mandate) (mandates.Mandate, error) {
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM dossiers WHERE number = $1)", m.Dossier).Scan(&exists); err != nil {
		return m, err
	}
	if !exists {
		return m, mandates.ErrNoDossier
	}
	if err := lockKey(ctx, tx, "mandate-lawyer", m.Lawyer); err != nil {
		return m, err
	}
	var old mandates.Mandate
	if ok, err := one(ctx, tx, &old, "SELECT doc FROM mandates WHERE lawyer = $1 AND dossier = $2 AND live ORDER BY seq LIMIT 1",
		m.Lawyer, m.Dossier); err != nil || ok {
		return old, err
	}
	var n int64
	if err := tx.QueryRow(ctx, "SELECT nextval('mandate_ids')").Scan(&n); err != nil {
		return m, err
	}
	m.ID = "m" + strconv.FormatInt(n, 10)
	_, err := tx.Exec(ctx, "INSERT INTO mandates (seq, dossier, lawyer, live, doc) VALUES ($1, $2, $3, $4, $5)",
		n, m.Dossier, m.Lawyer, m.Live(), m)
	return m, err
}

// RevokeMandate ends a mandate; revoking an ended one changes nothing.
func (s *Store) RevokeMandate(id string, at time.Time, by string) (mandates.Mandate, error) {
	ctx := context.Background()
	var m mandates.Mandate
	seq, ok := mandateSeq(id)
	if !ok {
		return m, mandates.ErrNotFound
	}
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if m, err = lockDoc[mandates.Mandate](ctx, tx, "mandates", "seq", seq, mandates.ErrNotFound); err != nil {
			return err
		}
		if !m.Live() {
			return nil
		}
		m.Revoked, m.RevokedBy, m.Label = at, by, ""
		if _, err = tx.Exec(ctx, "UPDATE mandates SET live = false, doc = $2 WHERE seq = $1", seq, m); err != nil {
			return err
		}
		// Every unused code of the dossier ends too (mandates.Code.End).
		codes, err := docs[mandates.Code](ctx, tx, "SELECT doc FROM mandate_codes WHERE doc->>'dossier' = $1 FOR UPDATE", m.Dossier)
		if err != nil {
			return err
		}
		for _, c := range codes {
			if !c.End(at) {
				continue
			}
			if _, err := tx.Exec(ctx, "UPDATE mandate_codes SET doc = $2 WHERE hash = $1", c.Hash, c); err != nil {
				return err
			}
		}
		return nil
	})
	return m, err
}

// LabelMandate sets the label of lawyer's live mandate for dossier, under
// the row's lock.
func (s *Store) LabelMandate(lawyer, dossier, label string) (mandates.Mandate, error) {
	ctx := context.Background()
	var m mandates.Mandate
	err := s.write(ctx, func(tx pgx.Tx) error {
		ok, err := one(ctx, tx, &m, "SELECT doc FROM mandates WHERE lawyer = $1 AND dossier = $2 AND live ORDER BY seq LIMIT 1 FOR UPDATE",
			lawyer, dossier)
		if err != nil {
			return err
		}
		if !ok {
			return mandates.ErrNotFound
		}
		seq, _ := mandateSeq(m.ID)
		m.Label = label
		_, err = tx.Exec(ctx, "UPDATE mandates SET doc = $2 WHERE seq = $1", seq, m)
		return err
	})
	if err != nil {
		return mandates.Mandate{}, err
	}
	return m, nil
}

// DossierCodes lists the codes drawn for dossier, used or not.
func (s *Store) DossierCodes(dossier string) ([]mandates.Code, error) {
	return docs[mandates.Code](context.Background(), s.pool, "SELECT doc FROM mandate_codes WHERE doc->>'dossier' = $1", dossier)
}

// EndMandateCode ends the code of dossier drawn at created, if it is still
// unused and valid (mandates.Code.End), in one transaction: ErrNotFound
// when there is no such code to end.
func (s *Store) EndMandateCode(dossier string, created, at time.Time) (mandates.Code, error) {
	ctx := context.Background()
	var ended mandates.Code
	err := s.write(ctx, func(tx pgx.Tx) error {
		codes, err := docs[mandates.Code](ctx, tx, "SELECT doc FROM mandate_codes WHERE doc->>'dossier' = $1 FOR UPDATE", dossier)
		if err != nil {
			return err
		}
		for _, c := range codes {
			if c.Created.Equal(created) && c.End(at) {
				ended = c
				_, err := tx.Exec(ctx, "UPDATE mandate_codes SET doc = $2 WHERE hash = $1", c.Hash, c)
				return err
			}
		}
		return mandates.ErrNotFound
	})
	return ended, err
}

// Mandate reads one mandate, live or not.
func (s *Store) Mandate(id string) (mandates.Mandate, bool, error) {
	var m mandates.Mandate
	seq, ok := mandateSeq(id)
	if !ok {
		return m, false, nil
	}
	found, err := one(context.Background(), s.pool, &m, "SELECT doc FROM mandates WHERE seq = $1", seq)
	return m, found, err
}

// DossierMandates lists a dossier's live mandates.
func (s *Store) DossierMandates(dossier string) ([]mandates.Mandate, error) {
	return docs[mandates.Mandate](context.Background(), s.pool, "SELECT doc FROM mandates WHERE dossier = $1 AND live ORDER BY seq", dossier)
}

// LawyerClients reads a lawyer's live mandates with their dossiers in one
// statement (a dossier deleted since is left out).
func (s *Store) LawyerClients(lawyer string) ([]mandates.Client, error) {
	rows, err := s.pool.Query(context.Background(), `SELECT m.doc, d.doc FROM mandates m JOIN dossiers d ON d.number = m.dossier
		WHERE m.lawyer = $1 AND m.live ORDER BY m.seq`, lawyer)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (mandates.Client, error) {
		var c mandates.Client
		var d dossiers.Dossier
		err := r.Scan(&c.Mandate, &d)
		c.Dossier = d
		return c, err
	})
}

// RecentMandates lists up to limit mandates, newest first.
func (s *Store) RecentMandates(limit int) ([]mandates.Mandate, error) {
	return docs[mandates.Mandate](context.Background(), s.pool, "SELECT doc FROM mandates ORDER BY seq DESC LIMIT $1", limit)
}

// LawyerState reads what is kept per lawyer (zero for a first visit).
func (s *Store) LawyerState(lawyer string) (mandates.Lawyer, error) {
	l := mandates.Lawyer{ID: lawyer}
	_, err := one(context.Background(), s.pool, &l, "SELECT doc FROM lawyers WHERE id = $1", lawyer)
	return l, err
}

// UpdateLawyerState runs fn on a lawyer's state, read and locked in the
// write transaction, and stores the result; its feed hash is indexed.
func (s *Store) UpdateLawyerState(lawyer string, fn func(l *mandates.Lawyer) error) error {
	ctx := context.Background()
	return s.write(ctx, func(tx pgx.Tx) error {
		l := mandates.Lawyer{ID: lawyer}
		if _, err := tx.Exec(ctx, "INSERT INTO lawyers (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", lawyer, l); err != nil {
			return err
		}
		if _, err := one(ctx, tx, &l, "SELECT doc FROM lawyers WHERE id = $1 FOR UPDATE", lawyer); err != nil {
			return err
		}
		if err := fn(&l); err != nil {
			return err
		}
		l.ID = lawyer
		_, err := tx.Exec(ctx, "UPDATE lawyers SET feed_hash = $2, doc = $3 WHERE id = $1", lawyer, bytesOrNull(l.FeedHash), l)
		return err
	})
}

// LawyerByFeed finds the lawyer whose feed secret hashes to hash.
func (s *Store) LawyerByFeed(hash []byte) (string, bool, error) {
	var id string
	ok, err := one(context.Background(), s.pool, &id, "SELECT id FROM lawyers WHERE feed_hash = $1", hash)
	return id, ok, err
}
