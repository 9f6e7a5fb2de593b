package kit

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// taken takes tokens for key until the limiter refuses, at most max+1.
func taken(l *Limiter, key string, max int) int {
	n := 0
	for n <= max && l.Allow(key) {
		n++
	}
	return n
}

func TestLimiterBurstAndRefill(t *testing.T) {
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
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	l := NewLimiter(30, 10*time.Minute, 100, clock.Now)
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

func TestLimiterIsBounded(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	l := NewLimiter(2, time.Minute, 10, clock.Now)
	for i := range 10 {
		l.Allow(fmt.Sprint(i))
	}
	if l.Allow("new") {
		t.Fatal("a new key got a bucket beyond the bound while all are in use")
	}
	clock.Add(time.Minute)
	if !l.Allow("new") {
		t.Fatal("refilled buckets were not swept for a new key")
	}
	if len(l.buckets) > 10 {
		t.Fatalf("%d buckets, bound 10", len(l.buckets))
	}
}

func TestLimiterFloodKeepsLimitsAndBound(t *testing.T) {
	const bound = 1000
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	l := NewLimiter(3, 15*time.Minute, bound, clock.Now)
	if got := taken(l, "192.0.2.1", 3); got != 3 {
		t.Fatalf("%d allowed before the flood", got)
	}
	// Ten times the bound in distinct addresses, over ten seconds.
	for i := range 10 * bound {
		if i%bound == 0 {
			clock.Add(time.Second)
		}
		l.Allow("10." + strconv.Itoa(i))
	}
	if len(l.buckets) > bound {
		t.Fatalf("%d buckets, bound %d", len(l.buckets), bound)
	}
	if l.Allow("192.0.2.1") {
		t.Error("the flood made the limiter forget a spent bucket")
	}
	if l.Allow("192.0.2.9") {
		t.Error("a new address got a bucket while every bucket is in use")
	}
}

func TestLimiterSweepsAtMostOncePerGap(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	l := NewLimiter(1, limiterSweepGap/4, 2, clock.Now)
	l.Allow("a")
	l.Allow("b")
	if l.Allow("c") {
		t.Fatal("c allowed while a and b are in use")
	}
	clock.Add(limiterSweepGap / 2) // a and b are full again, but c just swept
	if l.Allow("c") {
		t.Error("a second sweep within the gap")
	}
	clock.Add(limiterSweepGap / 2)
	if !l.Allow("c") {
		t.Error("no sweep after the gap")
	}
}

func TestLimiterClockGoingBackTakesNoTokens(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	l := NewLimiter(2, time.Minute, 10, clock.Now)
	l.Allow("a")
	clock.Add(-30 * time.Second)
	if !l.Allow("a") {
		t.Error("an earlier time took a token back")
	}
}

func TestLimiterZeroBurstRefusesAll(t *testing.T) {
	if NewLimiter(0, time.Hour, 10, nil).Allow("a") {
		t.Fatal("zero burst allowed a request")
	}
}

func TestLimiterConcurrentUse(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	l := NewLimiter(50, time.Hour, 1000, clock.Now)
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
	if len(l.buckets) != 801 {
		t.Errorf("%d buckets, want 801", len(l.buckets))
	}
}

// BenchmarkLimiterAllow is the status lookups' hot path: one known address.
func BenchmarkLimiterAllow(b *testing.B) {
	l := NewLimiter(1<<30, 15*time.Minute, LimiterMaxKeys, nil)
	l.Allow("192.0.2.1")
	b.ReportAllocs()
	for b.Loop() {
		l.Allow("192.0.2.1")
	}
}

// BenchmarkLimiterFlood is a new address for every request while the map
// is full of buckets in use.
func BenchmarkLimiterFlood(b *testing.B) {
	l := NewLimiter(30, 15*time.Minute, LimiterMaxKeys, nil)
	for i := range LimiterMaxKeys {
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

// testClock is a clock the tests move.
type testClock struct{ t time.Time }

func (c *testClock) Now() time.Time      { return c.t }
func (c *testClock) Add(d time.Duration) { c.t = c.t.Add(d) }
