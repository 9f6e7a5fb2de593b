package audit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Store is what the trail needs from storage. AppendAudit must read the
// last entry, seal the new one with seal and write it, in one
// transaction.
type Store interface {
	AppendAudit(ctx context.Context, e Entry, seal Sealer) (Entry, error)
	// AuditEntries calls fn for every entry in order, oldest first; a
	// stored entry that cannot be decoded is reported as a BrokenError.
	AuditEntries(ctx context.Context, fn func(Entry) error) error
	// SearchAudit returns matching entries, newest first, at most f.Limit.
	SearchAudit(ctx context.Context, f Filter) ([]Entry, error)
}

// Sealer sets a new entry's Seq, Prev, Key and Hash from the entry
// before it (nil for the first): (*Key).Seal.
type Sealer func(e Entry, prev *Entry) Entry

// Trail is the audit log over a Store.
type Trail struct {
	store Store
	key   *Key
	now   func() time.Time
}

var _ Log = (*Trail)(nil)

// New makes an unkeyed trail, for tests of code that only records; now
// nil means time.Now. Servers and commands use NewKeyed.
func New(st Store, now func() time.Time) *Trail {
	return NewKeyed(st, nil, now)
}

// NewKeyed makes a trail whose entries k seals and verifies.
func NewKeyed(st Store, k *Key, now func() time.Time) *Trail {
	if now == nil {
		now = time.Now
	}
	return &Trail{store: st, key: k, now: now}
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
	_, err := t.store.AppendAudit(ctx, e, t.key.Seal)
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
// error is a *BrokenError naming the first entry that does not. A chain
// cut short still holds: VerifyHeads checks against exported heads.
func (t *Trail) Verify(ctx context.Context) (uint64, error) {
	v := Verifier{Key: t.key}
	err := t.store.AuditEntries(ctx, v.Next)
	return v.Count(), t.wrapVerify(err)
}

// Unkeyed counts the entries sealed before the trail had a key (they
// can only be at the start of a chain that holds).
func (t *Trail) Unkeyed(ctx context.Context) (uint64, error) {
	var n uint64
	err := t.store.AuditEntries(ctx, func(e Entry) error {
		if e.Key != "" {
			return errStop
		}
		n++
		return nil
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return n, err
}

var errStop = errors.New("stop")

// wrapVerify passes a *BrokenError on as it is and wraps any other error.
func (t *Trail) wrapVerify(err error) error {
	var be *BrokenError
	if err != nil && !errors.As(err, &be) {
		return fmt.Errorf("audit: verify: %w", err)
	}
	return err
}
