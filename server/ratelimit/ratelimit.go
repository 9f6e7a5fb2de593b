// Package ratelimit counts events per key (a client address, an account)
// with token buckets in memory: burst events at once, refilled at burst
// per window, so "N per window" never lets 2N through around a window's
// edge. A restart forgets it, and it never logs or exposes its keys.
//
// An IPv6 address counts by its /64: one line, one host, usually holds a
// whole /64 and picks addresses in it at will, so counting each address
// would give it 2^64 budgets.
//
// Memory is bounded: at MaxKeys buckets a new key takes the place of the
// one used least recently. A flood of new addresses then costs the
// oldest entries their count, and never refuses everyone: before, a full
// map refused every visitor it did not know yet.
package ratelimit

import (
	"container/list"
	"net/netip"
	"strings"
	"sync"
	"time"

	"loket/server/connlimit"
)

// MaxKeys is the usual bound on a limiter's keys (about 150 bytes each).
const MaxKeys = 200_000

// Limiter is a token bucket per key, the least recently used evicted
// when the bound is reached.
type Limiter struct {
	burst   float64
	rate    float64 // tokens per second
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	buckets map[string]*list.Element // of *bucket
	order   *list.List               // most recently used first
}

type bucket struct {
	key    string
	tokens float64
	at     time.Time
}

// New allows burst events per window per key, with at most maxKeys keys;
// now nil means time.Now.
func New(burst int, window time.Duration, maxKeys int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{burst: float64(burst), rate: float64(burst) / window.Seconds(), maxKeys: max(maxKeys, 1), now: now,
		buckets: map[string]*list.Element{}, order: list.New()}
}

// Key is the key an address counts under: an IPv6 address (also one
// written with a zone or as IPv4-mapped) becomes its /64, anything else
// stays as it is.
func Key(s string) string {
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return s
	}
	ip = connlimit.Key(ip.WithZone(""))
	if ip.Is6() {
		return netip.PrefixFrom(ip, 64).String()
	}
	return ip.String()
}

// Allow takes one token from key's bucket (key as Key gives it) and
// reports whether there was one.
func (l *Limiter) Allow(key string) bool {
	if l.burst <= 0 {
		return false
	}
	key = Key(key)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.buckets[key]
	if ok {
		l.order.MoveToFront(e)
	} else {
		if len(l.buckets) >= l.maxKeys {
			oldest := l.order.Back()
			l.order.Remove(oldest)
			delete(l.buckets, oldest.Value.(*bucket).key)
		}
		k := strings.Clone(key) // the key may point into a request buffer
		e = l.order.PushFront(&bucket{key: k, tokens: l.burst, at: now})
		l.buckets[k] = e
	}
	b := e.Value.(*bucket)
	if d := now.Sub(b.at); d > 0 { // now, read before the lock, may be older than at
		b.tokens = min(l.burst, b.tokens+d.Seconds()*l.rate)
		b.at = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Wait is how long until key's bucket holds a token again (0 when it
// holds one or is unknown), for a Retry-After header.
func (l *Limiter) Wait(key string) time.Duration {
	if l.rate <= 0 {
		return 0
	}
	key = Key(key)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.buckets[key]
	if !ok {
		return 0
	}
	b := e.Value.(*bucket)
	tokens := min(l.burst, b.tokens+max(0, now.Sub(b.at).Seconds())*l.rate)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / l.rate * float64(time.Second))
}

// Len is how many keys the limiter holds.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
