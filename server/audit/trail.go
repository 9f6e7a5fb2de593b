package audit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Store is what the trail needs from storage. AppendAudit must read the
// last entry, Seal the new one and write it in one transaction.
type Store interface {
	AppendAudit(ctx context.Context, e Entry) (Entry, error)
	// AuditEntries calls fn for every entry in order, oldest first; a
	// stored entry that cannot be decoded is reported as a BrokenError.
	AuditEntries(ctx context.Context, fn func(Entry) error) error
	// SearchAudit returns matching entries, newest first, at most f.Limit.
	SearchAudit(ctx context.Context, f Filter) ([]Entry, error)
}

// Trail is the audit log over a Store.
type Trail struct {
	store Store
	now   func() time.Time
}

var _ Log = (*Trail)(nil)

// New makes a trail; now nil means time.Now.
func New(st Store, now func() time.Time) *Trail {
	if now == nil {
		now = time.Now
	}
	return &Trail{store: st, now: now}
}

// Append records one entry, stamping the time.
func (t *Trail) Append(ctx context.Context, e Entry) error {
	if e.Channel == "" {
		e.Channel = ChannelUnknown
	}
	if err := e.check(); err != nil {
		return err
	}
	e.At = t.now().UTC()
	_, err := t.store.AppendAudit(ctx, e)
	return err
}

// Search returns entries matching f, newest first (at most 500).
func (t *Trail) Search(ctx context.Context, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	return t.store.SearchAudit(ctx, f)
}

// Each calls fn for every matching entry, oldest first, for exports.
func (t *Trail) Each(ctx context.Context, f Filter, fn func(Entry) error) error {
	return t.store.AuditEntries(ctx, func(e Entry) error {
		if f.Match(e) {
			return fn(e)
		}
		return nil
	})
}

// Verify walks the whole chain and returns how many entries hold; the
// error is a *BrokenError naming the first entry that does not.
func (t *Trail) Verify(ctx context.Context) (uint64, error) {
	var v Verifier
	err := t.store.AuditEntries(ctx, v.Next)
	var be *BrokenError
	if err != nil && !errors.As(err, &be) {
		return v.Count(), fmt.Errorf("audit: verify: %w", err)
	}
	return v.Count(), err
}
