package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/receipts"
)

var _ receipts.Store = (*Store)(nil)

// currentReceiptKey is the meta key holding the current signing key's id.
const currentReceiptKey = "receipt_key_current"

// RecordReceipt stores a new receipt; receipts.ErrDuplicate if its id is taken.
func (s *Store) RecordReceipt(ctx context.Context, r receipts.Receipt) error {
	tag, err := s.pool.Exec(ctx, "INSERT INTO receipts (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", r.ID, r)
	if err == nil && tag.RowsAffected() == 0 {
		err = fmt.Errorf("%w: %s", receipts.ErrDuplicate, r.ID)
	}
	return err
}

// Receipt returns one receipt; receipts.ErrNotFound if there is none.
func (s *Store) Receipt(ctx context.Context, id string) (receipts.Receipt, error) {
	var r receipts.Receipt
	ok, err := one(ctx, s.pool, &r, "SELECT doc FROM receipts WHERE id = $1", id)
	if err == nil && !ok {
		err = fmt.Errorf("%w: %s", receipts.ErrNotFound, id)
	}
	return r, err
}

// RevokeReceipt marks a receipt revoked in one transaction. A second
// revocation changes nothing and returns the receipt as first revoked.
// The commit tells every instance listening on ReceiptsChannel the
// receipt's id, so that none keeps showing it as standing.
func (s *Store) RevokeReceipt(ctx context.Context, id, reason string, at time.Time) (receipts.Receipt, error) {
	var r receipts.Receipt
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if r, err = lockDoc[receipts.Receipt](ctx, tx, "receipts", "id", id, fmt.Errorf("%w: %s", receipts.ErrNotFound, id)); err != nil {
			return err
		}
		if !r.Revoke(reason, at) {
			return nil
		}
		if _, err = tx.Exec(ctx, "UPDATE receipts SET doc = $2 WHERE id = $1", id, r); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, $2)", ReceiptsChannel, id)
		return err
	})
	return r, err
}

// ReceiptKeys returns every receipt signing key and the current key's id.
func (s *Store) ReceiptKeys(ctx context.Context) ([]receipts.SigningKey, string, error) {
	var keys []receipts.SigningKey
	var current []byte
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := one(ctx, tx, &current, "SELECT value FROM meta WHERE key = $1", currentReceiptKey); err != nil {
			return err
		}
		var err error
		keys, err = docs[receipts.SigningKey](ctx, tx, "SELECT doc FROM receipt_keys ORDER BY id")
		return err
	})
	return keys, string(current), err
}

// EnsureReceiptKey stores k as the current key unless there is one
// already, and returns whichever is current.
func (s *Store) EnsureReceiptKey(ctx context.Context, k receipts.SigningKey) (receipts.SigningKey, error) {
	cur := k
	err := s.write(ctx, func(tx pgx.Tx) error {
		cur = k
		if err := lockKey(ctx, tx, "receipt-keys"); err != nil {
			return err
		}
		var id []byte
		ok, err := one(ctx, tx, &id, "SELECT value FROM meta WHERE key = $1", currentReceiptKey)
		if err != nil {
			return err
		}
		if !ok {
			return addReceiptKey(ctx, tx, k)
		}
		found, err := one(ctx, tx, &cur, "SELECT doc FROM receipt_keys WHERE id = $1", string(id))
		if err == nil && !found {
			err = fmt.Errorf("postgres: current receipt key %s is missing", id)
		}
		return err
	})
	return cur, err
}

// RotateReceiptKey adds k and makes it the current key.
func (s *Store) RotateReceiptKey(ctx context.Context, k receipts.SigningKey) error {
	return s.write(ctx, func(tx pgx.Tx) error {
		if err := lockKey(ctx, tx, "receipt-keys"); err != nil {
			return err
		}
		return addReceiptKey(ctx, tx, k)
	})
}

func addReceiptKey(ctx context.Context, tx pgx.Tx, k receipts.SigningKey) error {
	if k.ID == "" {
		return fmt.Errorf("postgres: receipt key id %q", k.ID)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO receipt_keys (id, doc) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc`, k.ID, k); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, currentReceiptKey, []byte(k.ID))
	return err
}
