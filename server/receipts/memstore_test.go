package receipts

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// memStore is an in-memory Store for the package's tests; the bbolt store
// has its own tests in server/store.
type memStore struct {
	mu       sync.Mutex
	keys     []SigningKey
	current  string
	receipts map[string]Receipt
}

func newMemStore() *memStore { return &memStore{receipts: map[string]Receipt{}} }

func (m *memStore) ReceiptKeys(context.Context) ([]SigningKey, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]SigningKey(nil), m.keys...), m.current, nil
}

func (m *memStore) EnsureReceiptKey(_ context.Context, k SigningKey) (SigningKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.current != "" {
		for _, x := range m.keys {
			if x.ID == m.current {
				return x, nil
			}
		}
	}
	m.keys = append(m.keys, k)
	m.current = k.ID
	return k, nil
}

func (m *memStore) RotateReceiptKey(_ context.Context, k SigningKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys = append(m.keys, k)
	m.current = k.ID
	return nil
}

func (m *memStore) RecordReceipt(_ context.Context, r Receipt) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.receipts[r.ID]; ok {
		return ErrDuplicate
	}
	m.receipts[r.ID] = r
	return nil
}

func (m *memStore) Receipt(_ context.Context, id string) (Receipt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.receipts[id]
	if !ok {
		return Receipt{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return r, nil
}

func (m *memStore) RevokeReceipt(_ context.Context, id, reason string, at time.Time) (Receipt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.receipts[id]
	if !ok {
		return Receipt{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if !r.Revoked {
		r.Revoked, r.RevokedAt, r.RevokedReason = true, at, reason
		m.receipts[id] = r
	}
	return r, nil
}
