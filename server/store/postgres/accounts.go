package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"loket/server/accounts"
	"loket/server/audit"
)

var (
	_ accounts.Store = (*Store)(nil)
	_ audit.Store    = (*Store)(nil)
)

// CreateAccount stores a new account under a fresh id ("a" + sequence);
// accounts.ErrDuplicate if the e-mail address is taken.
func (s *Store) CreateAccount(ctx context.Context, a accounts.Account) (accounts.Account, error) {
	err := s.write(ctx, func(tx pgx.Tx) error {
		if err := lockKey(ctx, tx, "account-email", a.Email); err != nil {
			return err
		}
		var taken bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM accounts WHERE email = $1)", a.Email).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return fmt.Errorf("%w: %s", accounts.ErrDuplicate, a.Email)
		}
		var n int64
		if err := tx.QueryRow(ctx, "SELECT nextval('account_ids')").Scan(&n); err != nil {
			return err
		}
		a.ID = fmt.Sprintf("a%d", n)
		_, err := tx.Exec(ctx, "INSERT INTO accounts (id, email, doc) VALUES ($1, $2, $3)", a.ID, a.Email, a)
		return err
	})
	return a, err
}

func getAccount(ctx context.Context, q querier, sql string, arg string) (accounts.Account, error) {
	var a accounts.Account
	ok, err := one(ctx, q, &a, sql, arg)
	if err == nil && !ok {
		err = fmt.Errorf("%w: account", accounts.ErrNotFound)
	}
	return a, err
}

// Account returns one account; accounts.ErrNotFound if there is none.
func (s *Store) Account(ctx context.Context, id string) (accounts.Account, error) {
	return getAccount(ctx, s.pool, "SELECT doc FROM accounts WHERE id = $1", id)
}

// AccountByEmail returns the account with this (normalised) address.
func (s *Store) AccountByEmail(ctx context.Context, email string) (accounts.Account, error) {
	return getAccount(ctx, s.pool, "SELECT doc FROM accounts WHERE email = $1", email)
}

// Accounts returns every account, in id order as the bbolt store keeps them.
func (s *Store) Accounts(ctx context.Context) ([]accounts.Account, error) {
	return docs[accounts.Account](ctx, s.pool, "SELECT doc FROM accounts ORDER BY id")
}

// UpdateAccount changes one account in one transaction; fn may not change
// the id or the e-mail address.
func (s *Store) UpdateAccount(ctx context.Context, id string, fn func(*accounts.Account) error) (accounts.Account, error) {
	var a accounts.Account
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if a, err = lockDoc[accounts.Account](ctx, tx, "accounts", "id", id, fmt.Errorf("%w: account", accounts.ErrNotFound)); err != nil {
			return err
		}
		email := a.Email
		if err := fn(&a); err != nil {
			return err
		}
		a.ID, a.Email = id, email
		_, err = tx.Exec(ctx, "UPDATE accounts SET doc = $2 WHERE id = $1", id, a)
		return err
	})
	return a, err
}

// PutSession stores a session under its id hash.
func (s *Store) PutSession(ctx context.Context, sess accounts.Session) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (id_hash, doc) VALUES ($1, $2)
		ON CONFLICT (id_hash) DO UPDATE SET doc = EXCLUDED.doc`, sess.IDHash, sess)
	return err
}

// Session returns a session; accounts.ErrNoSession if there is none.
func (s *Store) Session(ctx context.Context, idHash string) (accounts.Session, error) {
	var sess accounts.Session
	ok, err := one(ctx, s.pool, &sess, "SELECT doc FROM sessions WHERE id_hash = $1", idHash)
	if err == nil && !ok {
		err = accounts.ErrNoSession
	}
	return sess, err
}

// UpdateSession changes one session in one transaction.
func (s *Store) UpdateSession(ctx context.Context, idHash string, fn func(*accounts.Session) error) (accounts.Session, error) {
	var sess accounts.Session
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if sess, err = lockDoc[accounts.Session](ctx, tx, "sessions", "id_hash", idHash, accounts.ErrNoSession); err != nil {
			return err
		}
		if err := fn(&sess); err != nil {
			return err
		}
		sess.IDHash = idHash
		_, err = tx.Exec(ctx, "UPDATE sessions SET doc = $2 WHERE id_hash = $1", idHash, sess)
		return err
	})
	return sess, err
}

// DeleteSession removes a session; removing a missing one is no error.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	_, err := s.pool.Exec(ctx, "DELETE FROM sessions WHERE id_hash = $1", idHash)
	return err
}

// DeleteSessions removes every session for which match is true.
func (s *Store) DeleteSessions(ctx context.Context, match func(accounts.Session) bool) error {
	return s.write(ctx, func(tx pgx.Tx) error {
		all, err := docs[accounts.Session](ctx, tx, "SELECT doc FROM sessions ORDER BY id_hash FOR UPDATE")
		if err != nil {
			return err
		}
		var doomed []string
		for _, sess := range all {
			if match(sess) {
				doomed = append(doomed, sess.IDHash)
			}
		}
		if len(doomed) == 0 {
			return nil
		}
		_, err = tx.Exec(ctx, "DELETE FROM sessions WHERE id_hash = ANY($1)", doomed)
		return err
	})
}

// AppendAudit seals e onto the chain with seal and stores it: the chain's head is
// read and the entry written under one advisory lock, so instances
// appending at once cannot fork the chain.
func (s *Store) AppendAudit(ctx context.Context, e audit.Entry, seal audit.Sealer) (audit.Entry, error) {
	var out audit.Entry
	err := s.write(ctx, func(tx pgx.Tx) error {
		if err := lockKey(ctx, tx, "audit-head"); err != nil {
			return err
		}
		var prev audit.Entry
		ok, err := one(ctx, tx, &prev, "SELECT doc FROM audit ORDER BY seq DESC LIMIT 1")
		if err != nil {
			return err
		}
		if ok {
			out = seal(e, &prev)
		} else {
			out = seal(e, nil)
		}
		_, err = tx.Exec(ctx, "INSERT INTO audit (seq, doc) VALUES ($1, $2)", int64(out.Seq), out)
		return err
	})
	return out, err
}

// AuditEntries calls fn for every entry, oldest first, from one snapshot;
// an entry that does not decode, or sits under another number, is broken.
func (s *Store) AuditEntries(ctx context.Context, fn func(audit.Entry) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT seq, doc::text FROM audit ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var doc string
			if err := rows.Scan(&seq, &doc); err != nil {
				return err
			}
			var e audit.Entry
			if err := json.Unmarshal([]byte(doc), &e); err != nil {
				return &audit.BrokenError{Seq: uint64(seq), Reason: "entry cannot be read: " + err.Error()}
			}
			if e.Seq != uint64(seq) {
				return &audit.BrokenError{Seq: uint64(seq), Reason: "entry stored under another number"}
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// SearchAudit returns entries matching f, newest first, at most f.Limit.
func (s *Store) SearchAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	rows, err := s.pool.Query(ctx, "SELECT doc FROM audit ORDER BY seq DESC")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() && (f.Limit <= 0 || len(out) < f.Limit) {
		var e audit.Entry
		if err := rows.Scan(&e); err != nil {
			return nil, fmt.Errorf("postgres: audit entry: %w", err)
		}
		if !f.From.IsZero() && e.At.Before(f.From) {
			break
		}
		if f.Match(e) {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}
