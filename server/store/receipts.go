package store

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/receipts"
)

// Buckets of schema step 0004-receipts: receipts by id, and the receipt
// signing keys by key id plus the current key's id under keyCurrent.
var (
	bucketReceipts    = []byte("receipts")
	bucketReceiptKeys = []byte("receipt_keys")
	keyCurrent        = []byte("current")
)

var _ receipts.Store = (*Store)(nil)

// RecordReceipt stores a new receipt; receipts.ErrDuplicate if its id is taken.
func (s *Store) RecordReceipt(ctx context.Context, r receipts.Receipt) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketReceipts).Get([]byte(r.ID)) != nil {
			return fmt.Errorf("%w: %s", receipts.ErrDuplicate, r.ID)
		}
		return put(tx, bucketReceipts, []byte(r.ID), r)
	})
}

// Receipt returns one receipt; receipts.ErrNotFound if there is none.
func (s *Store) Receipt(ctx context.Context, id string) (receipts.Receipt, error) {
	var r receipts.Receipt
	if err := ctx.Err(); err != nil {
		return r, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		ok, err := get(tx, bucketReceipts, []byte(id), &r)
		if err == nil && !ok {
			err = fmt.Errorf("%w: %s", receipts.ErrNotFound, id)
		}
		return err
	})
	return r, err
}

// RevokeReceipt marks a receipt revoked in one transaction. A second
// revocation changes nothing and returns the receipt as first revoked.
func (s *Store) RevokeReceipt(ctx context.Context, id, reason string, at time.Time) (receipts.Receipt, error) {
	var r receipts.Receipt
	if err := ctx.Err(); err != nil {
		return r, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		ok, err := get(tx, bucketReceipts, []byte(id), &r)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: %s", receipts.ErrNotFound, id)
		}
		if !r.Revoke(reason, at) {
			return nil
		}
		return put(tx, bucketReceipts, []byte(id), r)
	})
	return r, err
}

// ReceiptKeys returns every receipt signing key and the current key's id.
func (s *Store) ReceiptKeys(ctx context.Context) ([]receipts.SigningKey, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	var keys []receipts.SigningKey
	var current string
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReceiptKeys)
		current = string(b.Get(keyCurrent))
		return b.ForEach(func(k, v []byte) error {
			if bytes.Equal(k, keyCurrent) {
				return nil
			}
			var sk receipts.SigningKey
			if err := decode(v, &sk); err != nil {
				return err
			}
			keys = append(keys, sk)
			return nil
		})
	})
	return keys, current, err
}

// EnsureReceiptKey stores k as the current key unless there is one
// already, and returns whichever is current.
func (s *Store) EnsureReceiptKey(ctx context.Context, k receipts.SigningKey) (receipts.SigningKey, error) {
	if err := ctx.Err(); err != nil {
		return receipts.SigningKey{}, err
	}
	cur := k
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReceiptKeys)
		if id := b.Get(keyCurrent); id != nil {
			ok, err := get(tx, bucketReceiptKeys, id, &cur)
			if err == nil && !ok {
				err = fmt.Errorf("%w: current receipt key %s is missing", ErrCorrupt, id)
			}
			return err
		}
		return addReceiptKey(tx, k)
	})
	return cur, err
}

// RotateReceiptKey adds k and makes it the current key.
func (s *Store) RotateReceiptKey(ctx context.Context, k receipts.SigningKey) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error { return addReceiptKey(tx, k) })
}

func addReceiptKey(tx *bolt.Tx, k receipts.SigningKey) error {
	if k.ID == "" || k.ID == string(keyCurrent) {
		return fmt.Errorf("store: receipt key id %q", k.ID)
	}
	if err := put(tx, bucketReceiptKeys, []byte(k.ID), k); err != nil {
		return err
	}
	return tx.Bucket(bucketReceiptKeys).Put(keyCurrent, []byte(k.ID))
}
