package connlimit

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeConn is a connection from a chosen address.
type fakeConn struct {
	net.Conn
	from   string
	closed bool
}

func (c *fakeConn) RemoteAddr() net.Addr {
	return net.TCPAddrFromAddrPort(netip.MustParseAddrPort(c.from))
}
func (c *fakeConn) Close() error { c.closed = true; return nil }

// script is a listener that returns what it is given, in order.
type script struct {
	net.Listener
	steps []any // *fakeConn or error
}

func (s *script) Accept() (net.Conn, error) {
	if len(s.steps) == 0 {
		return nil, net.ErrClosed
	}
	step := s.steps[0]
	s.steps = s.steps[1:]
	if err, ok := step.(error); ok {
		return nil, err
	}
	return step.(*fakeConn), nil
}

func emfile() error {
	return &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", syscall.EMFILE)}
}

func newTest(steps []any, cfg Config) (*Listener, *bytes.Buffer, *[]time.Duration) {
	var logs bytes.Buffer
	cfg.Log = slog.New(slog.NewTextHandler(&logs, nil))
	l := Wrap(&script{steps: steps}, cfg, 1024)
	var slept []time.Duration
	l.sleep = func(d time.Duration) { slept = append(slept, d) }
	return l, &logs, &slept
}

// TestSurvivesDescriptorExhaustion: EMFILE from accept is waited out, not
// returned (fasthttp would stop serving), and logged once.
func TestSurvivesDescriptorExhaustion(t *testing.T) {
	c := &fakeConn{from: "192.0.2.1:4000"}
	steps := []any{}
	for range 8 {
		steps = append(steps, emfile())
	}
	steps = append(steps, c)
	l, logs, slept := newTest(steps, Config{})
	got, err := l.Accept()
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	if got.RemoteAddr().String() != "192.0.2.1:4000" {
		t.Errorf("conn from %v", got.RemoteAddr())
	}
	want := []time.Duration{5 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond,
		80 * time.Millisecond, 160 * time.Millisecond, 320 * time.Millisecond, 640 * time.Millisecond}
	if fmt.Sprint(*slept) != fmt.Sprint(want) {
		t.Errorf("back-off %v, want %v", *slept, want)
	}
	if n := strings.Count(logs.String(), "out of file descriptors"); n != 1 {
		t.Errorf("logged %d times:\n%s", n, logs)
	}
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("closed listener: %v", err)
	}
}

func TestCapsPerAddressAndInTotal(t *testing.T) {
	var steps []any
	var conns []*fakeConn
	add := func(from string) *fakeConn {
		c := &fakeConn{from: from}
		steps = append(steps, c)
		conns = append(conns, c)
		return c
	}
	for range 4 {
		add("192.0.2.1:1")
	}
	// One IPv6 /64 is one client, whichever host bits it uses.
	add("[2001:db8:1:2::1]:1")
	add("[2001:db8:1:2:ffff::9]:1")
	add("[2001:db8:1:2:abcd::7]:1")
	add("[2001:db8:1:3::1]:1")
	// The proxy is exempt from the per-address cap.
	for range 4 {
		add("10.0.0.1:1")
	}
	add("192.0.2.9:1") // over the total cap
	l, logs, _ := newTest(steps, Config{MaxConns: 9, MaxPerAddr: 2, Exempt: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	var accepted []net.Conn
	for {
		c, err := l.Accept()
		if err != nil {
			break
		}
		accepted = append(accepted, c)
	}
	var refused []string
	for _, c := range conns {
		if c.closed {
			refused = append(refused, c.from)
		}
	}
	wantRefused := []string{"192.0.2.1:1", "192.0.2.1:1", "[2001:db8:1:2:abcd::7]:1", "192.0.2.9:1"}
	if fmt.Sprint(refused) != fmt.Sprint(wantRefused) || len(accepted) != 9 || l.Open() != 9 {
		t.Fatalf("refused %v, accepted %d, open %d", refused, len(accepted), l.Open())
	}
	if n := strings.Count(logs.String(), "per-address connection limit reached"); n != 1 {
		t.Errorf("per-address notice logged %d times:\n%s", n, logs)
	}
	// Closing gives the place back, once however often it is closed.
	accepted[0].Close()
	accepted[0].Close()
	if l.Open() != 8 || l.perAddr[netip.MustParseAddr("192.0.2.1")] != 1 {
		t.Errorf("after close: open %d, per address %v", l.Open(), l.perAddr)
	}
}

func TestDefaultsFollowTheDescriptorLimit(t *testing.T) {
	for _, tt := range []struct {
		limit         uint64
		total, perHit int
	}{
		{256, 224, 14},
		{1200, 1050, 65},
		{1 << 20, 1 << 16, 256},
		{0, 1 << 16, 256},
		{64, 64, 8},
	} {
		total, per := Defaults(tt.limit)
		if total != tt.total || per != tt.perHit {
			t.Errorf("Defaults(%d) = %d, %d; want %d, %d", tt.limit, total, per, tt.total, tt.perHit)
		}
	}
	if RaiseFileLimit() == 0 {
		t.Error("no descriptor limit read")
	}
}

func TestGateCapsStreams(t *testing.T) {
	g := NewGate(3, 2)
	r1, ok1 := g.Enter("192.0.2.1")
	_, ok2 := g.Enter("192.0.2.1")
	_, ok3 := g.Enter("192.0.2.1")
	if !ok1 || !ok2 || ok3 {
		t.Fatalf("per address: %v %v %v", ok1, ok2, ok3)
	}
	if _, ok := g.Enter("2001:db8::1"); !ok {
		t.Fatal("another address refused")
	}
	if _, ok := g.Enter("198.51.100.1"); ok {
		t.Fatal("over the total cap")
	}
	r1()
	r1()
	if _, ok := g.Enter("198.51.100.1"); !ok {
		t.Fatal("a released place was not given back (once)")
	}
	if a, b := StreamDefaults(224, 14); a != 112 || b != 14 {
		t.Errorf("defaults %d %d", a, b)
	}
}
