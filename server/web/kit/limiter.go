package kit

import (
	"strings"
	"sync"
	"time"
)

// LimiterMaxKeys bounds each Limiter's memory (about 100 bytes a key).
const LimiterMaxKeys = 200_000

// limiterSweepGap is the least time between two sweeps of a full map: a
// sweep reads every bucket (milliseconds at the bound), so a flood of new
// addresses must not set one off per request while holding the lock.
const limiterSweepGap = time.Second

// Limiter is a token bucket per key (a client address, or an account): burst
// events at once, refilled at burst per window, so "N per window" never lets
// 2N through around a window's edge. It lives in memory only, so a restart
// forgets it, and it never logs or exposes its keys.
//
// The map is bounded: when it reaches maxKeys it drops the buckets that
// have refilled (they are the same as new ones); if every bucket is still
// in use it refuses unknown keys rather than grow or forget a limit.
type Limiter struct {
	burst   float64
	rate    float64 // tokens per second
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	buckets map[string]*tokenBucket
	swept   time.Time // the last sweep
}

type tokenBucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter allows burst events per window per key, with at most maxKeys keys.
func NewLimiter(burst int, window time.Duration, maxKeys int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{burst: float64(burst), rate: float64(burst) / window.Seconds(), maxKeys: maxKeys, now: now,
		buckets: map[string]*tokenBucket{}}
}

// allow takes one token from key's bucket and reports whether there was one.
func (l *Limiter) Allow(key string) bool {
	if l.burst <= 0 {
		return false
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys && !l.sweep(now) {
			return false
		}
		b = &tokenBucket{tokens: l.burst, at: now}
		l.buckets[strings.Clone(key)] = b // the key may point into a request buffer
	}
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

// sweep drops the buckets that are full again, at most once per
// limiterSweepGap, and reports whether there is room for a new key.
func (l *Limiter) sweep(now time.Time) bool {
	if now.Sub(l.swept) < limiterSweepGap {
		return false
	}
	l.swept = now
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	return len(l.buckets) < l.maxKeys
}
