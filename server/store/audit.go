package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"loket/server/audit"
)

var _ audit.Store = (*Store)(nil)

// AppendAudit seals e onto the chain with seal and stores it under its sequence
// number, in one transaction: the last entry is read and the new one
// written under bbolt's single writer, so the chain cannot fork. It runs
// through the group commit; a re-run recomputes everything from the
// transaction it runs in, so it is idempotent.
func (s *Store) AppendAudit(ctx context.Context, e audit.Entry, seal audit.Sealer) (audit.Entry, error) {
	if err := ctx.Err(); err != nil {
		return e, err
	}
	var out audit.Entry
	err := s.batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		var prev *audit.Entry
		if k, v := b.Cursor().Last(); k != nil {
			var p audit.Entry
			if err := decode(v, &p); err != nil {
				return fmt.Errorf("audit entry %d: %w", binary.BigEndian.Uint64(k), err)
			}
			prev = &p
		}
		out = seal(e, prev)
		return put(tx, bucketAudit, itob(out.Seq), out)
	})
	return out, err
}

// AuditEntries calls fn for every entry, oldest first. An entry that does
// not decode is reported as broken at its key.
func (s *Store) AuditEntries(ctx context.Context, fn func(audit.Entry) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var e audit.Entry
			if err := decode(v, &e); err != nil {
				return &audit.BrokenError{Seq: binary.BigEndian.Uint64(k), Reason: "entry cannot be read: " + err.Error()}
			}
			if !bytes.Equal(k, itob(e.Seq)) {
				return &audit.BrokenError{Seq: binary.BigEndian.Uint64(k), Reason: "entry stored under another number"}
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// SearchAudit returns entries matching f, newest first, at most f.Limit.
func (s *Store) SearchAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	var out []audit.Entry
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Last(); k != nil && (f.Limit <= 0 || len(out) < f.Limit); k, v = c.Prev() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var e audit.Entry
			if err := decode(v, &e); err != nil {
				return fmt.Errorf("audit entry %d: %w", binary.BigEndian.Uint64(k), err)
			}
			if !f.From.IsZero() && e.At.Before(f.From) {
				break
			}
			if f.Match(e) {
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}
