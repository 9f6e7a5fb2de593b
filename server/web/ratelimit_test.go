package web

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiterBurstRefillAndKeys(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := newTokenLimiter(3, time.Hour, 100, func() time.Time { return now })
	for i := range 3 {
		if !l.allow("a") {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	if l.allow("a") {
		t.Fatal("fourth request allowed")
	}
	if !l.allow("b") {
		t.Fatal("another key shares the bucket")
	}
	now = now.Add(20 * time.Minute) // one token back
	if !l.allow("a") || l.allow("a") {
		t.Fatal("refill is not one token per 20 minutes")
	}
	now = now.Add(10 * time.Hour)
	for i := range 3 {
		if !l.allow("a") {
			t.Fatalf("after a long pause, request %d refused", i+1)
		}
	}
	if l.allow("a") {
		t.Fatal("bucket filled beyond its burst")
	}
}

func TestLimiterIsBounded(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := newTokenLimiter(2, time.Minute, 10, func() time.Time { return now })
	for i := range 10 {
		l.allow(fmt.Sprint(i))
	}
	if l.allow("new") {
		t.Fatal("a new key got a bucket beyond the bound while all are in use")
	}
	now = now.Add(time.Minute)
	if !l.allow("new") {
		t.Fatal("refilled buckets were not swept for a new key")
	}
	if len(l.buckets) > 10 {
		t.Fatalf("%d buckets, bound 10", len(l.buckets))
	}
}

func TestLimiterZeroBurstRefusesAll(t *testing.T) {
	if newTokenLimiter(0, time.Hour, 10, nil).allow("a") {
		t.Fatal("zero burst allowed a request")
	}
}
