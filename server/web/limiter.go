package web

import (
	"strings"
	"sync"
	"time"
)

// Sign-in attempts (password and code posts) one client address may make
// per window. Generous enough for an office behind one NAT address, far
// too few for guessing; the per-account lock-out does the rest.
const (
	signinPerAddress = 30
	signinWindow     = 10 * time.Minute
	limiterMaxKeys   = 100_000
)

// limiter is a fixed-window counter per key, in memory only: addresses are
// never written to disk or to the log.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	hits   map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(max int, w time.Duration, now func() time.Time) *limiter {
	if now == nil {
		now = time.Now
	}
	return &limiter{max: max, window: w, now: now, hits: map[string]*window{}}
}

// allow counts one attempt for key and reports whether it is within the limit.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.hits[key]
	if w == nil || now.Sub(w.start) >= l.window {
		if len(l.hits) >= limiterMaxKeys {
			l.sweep(now)
		}
		w = &window{start: now}
		l.hits[strings.Clone(key)] = w // the key may point into a request buffer
	}
	w.n++
	return w.n <= l.max
}

// sweep drops finished windows; if every window is live (a flood of
// addresses), it starts over rather than grow without bound.
func (l *limiter) sweep(now time.Time) {
	for k, w := range l.hits {
		if now.Sub(w.start) >= l.window {
			delete(l.hits, k)
		}
	}
	if len(l.hits) >= limiterMaxKeys {
		l.hits = map[string]*window{}
	}
}
