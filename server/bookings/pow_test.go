package bookings

import (
	"crypto/sha256"
	"errors"
	"strconv"
	"testing"
	"time"

	"loket/server/pow"
)

// solve finds a solution the way the page script does: count up from 0.
func solve(c Challenge) string {
	for i := 0; ; i++ {
		s := strconv.Itoa(i)
		if pow.LeadingZeroBits(sha256.Sum256([]byte(c.Token+s))) >= c.Bits {
			return s
		}
	}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func powManager(t testing.TB, cfg Config) (*Manager, *clock) {
	t.Helper()
	clk := &clock{time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	cfg.Secret = []byte("0123456789abcdef0123456789abcdef")
	cfg.Now = clk.now
	m, err := New(cfg, nil, nil, DemoOffices())
	if err != nil {
		t.Fatal(err)
	}
	return m, clk
}

func TestPoW(t *testing.T) {
	m, clk := powManager(t, Config{PoWBits: 10, PoWTTL: time.Minute})
	c := m.NewChallenge()
	sol := solve(c)
	wrong := "x"
	for pow.LeadingZeroBits(sha256.Sum256([]byte(c.Token+wrong))) >= c.Bits {
		wrong += "x"
	}
	if err := m.VerifyPoW(c.Token, wrong); !errors.Is(err, ErrChallengeInvalid) {
		t.Errorf("unsolved: err = %v", err)
	}
	forged := []byte(c.Token)
	forged[len(forged)/2] ^= 1
	if err := m.VerifyPoW(string(forged), sol); !errors.Is(err, ErrChallengeInvalid) {
		t.Errorf("forged token: err = %v", err)
	}
	if err := m.VerifyPoW(c.Token, sol); err != nil {
		t.Fatalf("solved: %v", err)
	}
	if err := m.VerifyPoW(c.Token, sol); !errors.Is(err, ErrChallengeReplayed) {
		t.Errorf("replay: err = %v", err)
	}
	late := m.NewChallenge()
	lateSol := solve(late)
	clk.t = clk.t.Add(time.Minute)
	if err := m.VerifyPoW(late.Token, lateSol); !errors.Is(err, ErrChallengeExpired) {
		t.Errorf("expired: err = %v", err)
	}
	// A challenge signed by another secret is not ours.
	other, _ := powManager(t, Config{PoWBits: 10})
	other.cfg.Secret[0] ^= 1
	other.pow = newPoWGuard(other.cfg)
	oc := other.NewChallenge()
	if err := m.VerifyPoW(oc.Token, solve(oc)); !errors.Is(err, ErrChallengeInvalid) {
		t.Errorf("foreign challenge: err = %v", err)
	}
}

func TestPoWMemoryIsBounded(t *testing.T) {
	m, clk := powManager(t, Config{PoWBits: 4, PoWTTL: time.Minute, PoWRemember: 2})
	for range 2 {
		c := m.NewChallenge()
		if err := m.VerifyPoW(c.Token, solve(c)); err != nil {
			t.Fatal(err)
		}
	}
	c := m.NewChallenge()
	sol := solve(c)
	if err := m.VerifyPoW(c.Token, sol); !errors.Is(err, ErrBusy) {
		t.Fatalf("full memory: err = %v, want ErrBusy", err)
	}
	clk.t = clk.t.Add(59 * time.Second)
	c = m.NewChallenge() // still valid after the first two expire
	sol = solve(c)
	clk.t = clk.t.Add(2 * time.Second)
	if err := m.VerifyPoW(c.Token, sol); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
}

// BenchmarkPoWSolve is the Go cost of solving one challenge at the default
// difficulty; a JavaScript solver on a cheap phone is several times slower.
func BenchmarkPoWSolve(b *testing.B) {
	m, _ := powManager(b, Config{})
	for b.Loop() {
		solve(m.NewChallenge())
	}
}
