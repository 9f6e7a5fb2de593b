package store

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"loket/server/accounts"
)

// Buckets of schema step 0006-accounts: accounts by id, account ids by
// e-mail address, sessions by id hash, and the audit trail by sequence.
var (
	bucketAccounts      = []byte("accounts")
	bucketAccountEmails = []byte("account_emails")
	bucketSessions      = []byte("sessions")
	bucketAudit         = []byte("audit")
)

var _ accounts.Store = (*Store)(nil)

// CreateAccount stores a new account under a fresh id ("a" + sequence);
// accounts.ErrDuplicate if the e-mail address is taken.
func (s *Store) CreateAccount(ctx context.Context, a accounts.Account) (accounts.Account, error) {
	if err := ctx.Err(); err != nil {
		return a, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		emails := tx.Bucket(bucketAccountEmails)
		if emails.Get([]byte(a.Email)) != nil {
			return fmt.Errorf("%w: %s", accounts.ErrDuplicate, a.Email)
		}
		n, err := tx.Bucket(bucketAccounts).NextSequence()
		if err != nil {
			return err
		}
		a.ID = fmt.Sprintf("a%d", n)
		if err := emails.Put([]byte(a.Email), []byte(a.ID)); err != nil {
			return err
		}
		return put(tx, bucketAccounts, []byte(a.ID), a)
	})
	return a, err
}

// Account returns one account; accounts.ErrNotFound if there is none.
func (s *Store) Account(ctx context.Context, id string) (accounts.Account, error) {
	var a accounts.Account
	if err := ctx.Err(); err != nil {
		return a, err
	}
	err := s.view(func(tx *bolt.Tx) error { return getAccount(tx, id, &a) })
	return a, err
}

func getAccount(tx *bolt.Tx, id string, a *accounts.Account) error {
	ok, err := get(tx, bucketAccounts, []byte(id), a)
	if err == nil && !ok {
		err = fmt.Errorf("%w: account %s", accounts.ErrNotFound, id)
	}
	return err
}

// AccountByEmail returns the account with this (normalised) address.
func (s *Store) AccountByEmail(ctx context.Context, email string) (accounts.Account, error) {
	var a accounts.Account
	if err := ctx.Err(); err != nil {
		return a, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketAccountEmails).Get([]byte(email))
		if id == nil {
			return fmt.Errorf("%w: e-mail address", accounts.ErrNotFound)
		}
		return getAccount(tx, string(id), &a)
	})
	return a, err
}

// Accounts returns every account.
func (s *Store) Accounts(ctx context.Context) ([]accounts.Account, error) {
	var out []accounts.Account
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAccounts).ForEach(func(_, v []byte) error {
			var a accounts.Account
			if err := decode(v, &a); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	return out, err
}

// UpdateAccount changes one account in one transaction. fn may not change
// the id or the e-mail address.
func (s *Store) UpdateAccount(ctx context.Context, id string, fn func(*accounts.Account) error) (accounts.Account, error) {
	var a accounts.Account
	if err := ctx.Err(); err != nil {
		return a, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		if err := getAccount(tx, id, &a); err != nil {
			return err
		}
		email := a.Email
		if err := fn(&a); err != nil {
			return err
		}
		a.ID, a.Email = id, email
		return put(tx, bucketAccounts, []byte(id), a)
	})
	return a, err
}

// PutSession stores a session under its id hash.
func (s *Store) PutSession(ctx context.Context, sess accounts.Session) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return put(tx, bucketSessions, []byte(sess.IDHash), sess)
	})
}

// Session returns a session; accounts.ErrNoSession if there is none.
func (s *Store) Session(ctx context.Context, idHash string) (accounts.Session, error) {
	var sess accounts.Session
	if err := ctx.Err(); err != nil {
		return sess, err
	}
	err := s.view(func(tx *bolt.Tx) error { return getSession(tx, idHash, &sess) })
	return sess, err
}

func getSession(tx *bolt.Tx, idHash string, sess *accounts.Session) error {
	ok, err := get(tx, bucketSessions, []byte(idHash), sess)
	if err == nil && !ok {
		err = accounts.ErrNoSession
	}
	return err
}

// UpdateSession changes one session in one transaction.
func (s *Store) UpdateSession(ctx context.Context, idHash string, fn func(*accounts.Session) error) (accounts.Session, error) {
	var sess accounts.Session
	if err := ctx.Err(); err != nil {
		return sess, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		if err := getSession(tx, idHash, &sess); err != nil {
			return err
		}
		if err := fn(&sess); err != nil {
			return err
		}
		sess.IDHash = idHash
		return put(tx, bucketSessions, []byte(idHash), sess)
	})
	return sess, err
}

// DeleteSession removes a session; removing a missing one is no error.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSessions).Delete([]byte(idHash)) })
}

// DeleteSessions removes every session for which match is true. Sessions
// are few (one per signed-in person), so a scan is cheap.
func (s *Store) DeleteSessions(ctx context.Context, match func(accounts.Session) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions)
		var doomed [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var sess accounts.Session
			if err := decode(v, &sess); err != nil {
				return err
			}
			if match(sess) {
				doomed = append(doomed, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range doomed {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}
