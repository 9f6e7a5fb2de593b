package web

import (
	"sync"
	"sync/atomic"
)

// memo keeps printed strings that repeat across requests (dates, estimate
// sentences) so that a status lookup does not print them again each time.
// It stops growing at max entries; after that it prints without keeping.
type memo struct {
	m   sync.Map
	n   atomic.Int64
	max int64
}

func (m *memo) get(key string, print func() string) string {
	if v, ok := m.m.Load(key); ok {
		return v.(string)
	}
	s := print()
	if m.n.Load() < m.max {
		if _, loaded := m.m.LoadOrStore(key, s); !loaded {
			m.n.Add(1)
		}
	}
	return s
}
