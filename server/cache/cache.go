// Package cache keeps recently made answers in memory, within a bound on
// their number, for hot paths whose answers are costly to make and cheap to
// key (a verified receipt token, a rendered page).
package cache

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Recent maps strings to values and holds at most size of them. Entries
// live in two generations: when the current one is half full it becomes
// the old one and the old one is dropped, so what is used stays and what
// is not ages out, without a lock or a list on the read path. A hit in the
// old generation moves the entry to the current one. Safe for concurrent
// use.
type Recent[V any] struct {
	half int64
	mu   sync.Mutex // serialises the turn of generations
	cur  atomic.Pointer[generation]
	old  atomic.Pointer[generation]
}

type generation struct {
	m sync.Map
	n atomic.Int64
}

// New makes a cache of at most size entries (at least 2).
func New[V any](size int) *Recent[V] {
	r := &Recent[V]{half: int64(max(size, 2) / 2)}
	r.cur.Store(&generation{})
	r.old.Store(&generation{})
	return r
}

// Get returns the value kept for key.
func (r *Recent[V]) Get(key string) (V, bool) {
	if v, ok := r.cur.Load().m.Load(key); ok {
		return v.(V), true
	}
	if v, ok := r.old.Load().m.Load(key); ok {
		r.Put(key, v.(V))
		return v.(V), true
	}
	var zero V
	return zero, false
}

// Put keeps value for key, replacing what was kept. The key is copied:
// a string from a request (Fiber's parameters and form values) may point
// into a buffer the next request overwrites, which would change the key
// under the map's feet.
func (r *Recent[V]) Put(key string, value V) {
	key = strings.Clone(key)
	g := r.cur.Load()
	if _, loaded := g.m.Swap(key, value); loaded || g.n.Add(1) < r.half {
		return
	}
	r.mu.Lock()
	if r.cur.Load() == g {
		r.old.Store(g)
		r.cur.Store(&generation{})
	}
	r.mu.Unlock()
}

// Len is about how many entries the cache holds.
func (r *Recent[V]) Len() int {
	return int(r.cur.Load().n.Load() + r.old.Load().n.Load())
}
