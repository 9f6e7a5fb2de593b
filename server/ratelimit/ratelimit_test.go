package ratelimit

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testClock is a clock the tests move by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *testClock { return &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

// taken takes tokens for key until the limiter refuses, at most max+1.
func taken(l *Limiter, key string, max int) int {
	n := 0
	for n <= max && l.Allow(key) {
		n++
	}
	return n
}

func TestBurstAndRefill(t *testing.T) {
	// 30 per 10 minutes, the sign-in limit: one token back per 20 seconds.
	steps := []struct {
		name    string
		advance time.Duration
		want    int
	}{
		{"a full bucket gives the burst", 0, 30},
		{"no second burst a second later", time.Second, 0},
		{"half a window refills half", 5 * time.Minute, 15},
		{"one window refills all", 10 * time.Minute, 30},
		{"a long pause does not fill beyond the burst", 10 * time.Hour, 30},
		{"one token per 20 seconds", 20 * time.Second, 1},
	}
	clock := newClock()
	l := New(30, 10*time.Minute, 100, clock.Now)
	for _, s := range steps {
		clock.Add(s.advance)
		if got := taken(l, "192.0.2.1", 30); got != s.want {
			t.Errorf("%s: %d allowed, want %d", s.name, got, s.want)
		}
	}
	if got := taken(l, "192.0.2.2", 30); got != 30 {
		t.Errorf("another key shares the bucket: %d allowed", got)
	}
}

// TestIPv6CountsBySlash64 replays issue 14 item 17: every address of a
// /64 got a budget of its own. Now one /64 is one client.
func TestIPv6CountsBySlash64(t *testing.T) {
	l := New(3, time.Hour, 100, newClock().Now)
	allowed := 0
	for i := range 10 {
		if l.Allow(fmt.Sprintf("2001:db8:aa:bb::%x", i+1)) {
			allowed++
		}
	}
	if l.Allow("2001:db8:aa:bb:ffff:ffff:ffff:ffff") {
		allowed++
	}
	if allowed != 3 {
		t.Errorf("one /64 got %d, want 3", allowed)
	}
	if !l.Allow("2001:db8:aa:bc::1") {
		t.Error("the next /64 shares the budget")
	}
	for in, want := range map[string]string{
		"2001:db8:aa:bb::1":    "2001:db8:aa:bb::/64",
		"fe80::1%eth0":         "fe80::/64",
		"::ffff:192.0.2.7":     "192.0.2.7",
		"192.0.2.7":            "192.0.2.7",
		"a12":                  "a12",
		"a12|2001:db8:aa:bb::": "a12|2001:db8:aa:bb::",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFullLimiterEvictsTheOldest replays the other half of item 17: once
// the map was full, every new visitor was refused. Now a new key takes
// the place of the least recently used one.
func TestFullLimiterEvictsTheOldest(t *testing.T) {
	const bound = 1000
	clock := newClock()
	l := New(3, 15*time.Minute, bound, clock.Now)
	if got := taken(l, "192.0.2.1", 3); got != 3 {
		t.Fatalf("%d allowed before the flood", got)
	}
	// Ten times the bound in distinct addresses, each spending its burst.
	for i := range 10 * bound {
		taken(l, "10.0."+strconv.Itoa(i/256)+"."+strconv.Itoa(i%256), 3)
	}
	if l.Len() != bound {
		t.Fatalf("%d keys, bound %d", l.Len(), bound)
	}
	if !l.Allow("192.0.2.9") {
		t.Error("a new visitor was refused because the map is full")
	}
	// The most recent keys keep their count.
	if l.Allow("10.0.39.15") {
		t.Error("a recent spent bucket was forgotten")
	}
}

func TestRecentUseKeepsABucket(t *testing.T) {
	l := New(1, time.Hour, 2, newClock().Now)
	l.Allow("a")
	l.Allow("b")
	l.Allow("a") // a is now the most recent
	l.Allow("c") // evicts b
	if l.Allow("a") {
		t.Error("a, used recently, was evicted")
	}
	if !l.Allow("b") {
		t.Error("b, the oldest, was kept")
	}
}

func TestClockGoingBackTakesNoTokens(t *testing.T) {
	clock := newClock()
	l := New(2, time.Minute, 10, clock.Now)
	l.Allow("a")
	clock.Add(-30 * time.Second)
	if !l.Allow("a") {
		t.Error("an earlier time took a token back")
	}
}

func TestZeroBurstRefusesAll(t *testing.T) {
	if New(0, time.Hour, 10, nil).Allow("a") {
		t.Fatal("zero burst allowed a request")
	}
}

func TestConcurrentUse(t *testing.T) {
	l := New(50, time.Hour, 1000, newClock().Now)
	var shared atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				if l.Allow("192.0.2.1") {
					shared.Add(1)
				}
				l.Allow(fmt.Sprintf("10.0.%d.%d", g, i))
			}
		})
	}
	wg.Wait()
	if shared.Load() != 50 {
		t.Errorf("%d allowed on the shared key, want 50", shared.Load())
	}
	if l.Len() != 801 {
		t.Errorf("%d buckets, want 801", l.Len())
	}
}

// BenchmarkAllow is the status lookups' hot path: one known address.
func BenchmarkAllow(b *testing.B) {
	l := New(1<<30, 15*time.Minute, MaxKeys, nil)
	l.Allow("192.0.2.1")
	b.ReportAllocs()
	for b.Loop() {
		l.Allow("192.0.2.1")
	}
}

// BenchmarkFlood is a new address for every request while the map is
// full.
func BenchmarkFlood(b *testing.B) {
	l := New(30, 15*time.Minute, MaxKeys, nil)
	for i := range MaxKeys {
		l.Allow(strconv.Itoa(i))
	}
	keys := make([]string, 1<<16)
	for i := range keys {
		keys[i] = "new" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.Allow(keys[i%len(keys)])
		i++
	}
}
