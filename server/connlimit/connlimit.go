// Package connlimit guards the server's listener: it keeps accepting when
// the process runs out of file descriptors, and it caps open connections
// in total and per client address, so that idle connections from one
// client (or a flood from many) cannot use up the descriptors the server
// needs for its data file and for everyone else.
//
// fasthttp treats an accept error such as EMFILE ("too many open files")
// as the end of the server: Serve returns and the process stops. Listener
// never returns those errors: it backs off (5 ms doubling to 1 s) and
// tries again, so the server recovers as soon as connections close.
// Connections over a cap are closed at once. Each kind of trouble is
// logged once when it starts, and then at most once a minute with a
// count, never per connection.
package connlimit

import (
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"time"
)

// Config sets the caps; zero values take Defaults.
type Config struct {
	// MaxConns caps open connections in total.
	MaxConns int
	// MaxPerAddr caps open connections of one client address; IPv6
	// addresses count by /64, which one client usually holds whole.
	MaxPerAddr int
	// Exempt are addresses with no per-address cap: the reverse proxies,
	// through which every client comes.
	Exempt []netip.Prefix
	// Log receives the notices; nil discards them.
	Log *slog.Logger
}

// Defaults derives the caps from the descriptor limit: an eighth of the
// descriptors (at least 32) stays free for the data file, logs and
// sockets of the server's own, the rest may be connections (at most
// 65,536: each costs memory too); one address may hold a sixteenth of
// them, between 8 and 256.
func Defaults(fileLimit uint64) (maxConns, maxPerAddr int) {
	if fileLimit == 0 || fileLimit > 1<<20 {
		fileLimit = 1 << 20
	}
	reserve := max(32, fileLimit/8)
	maxConns = 64
	if fileLimit > reserve+64 {
		maxConns = int(min(fileLimit-reserve, 1<<16))
	}
	return maxConns, min(max(maxConns/16, 8), 256)
}

// Listener is a net.Listener with the caps and the back-off.
type Listener struct {
	net.Listener
	cfg   Config
	sleep func(time.Duration)
	now   func() time.Time

	mu      sync.Mutex
	total   int
	perAddr map[netip.Addr]int
	notices map[string]*notice
}

// notice is one kind of trouble and when it was last logged.
type notice struct {
	logged time.Time
	count  int
}

// noticeEvery is how often a trouble that goes on is logged again.
const noticeEvery = time.Minute

// Wrap guards ln with cfg, filling zero caps from the descriptor limit.
func Wrap(ln net.Listener, cfg Config, fileLimit uint64) *Listener {
	total, per := Defaults(fileLimit)
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = total
	}
	if cfg.MaxPerAddr <= 0 {
		cfg.MaxPerAddr = min(per, cfg.MaxConns)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Listener{Listener: ln, cfg: cfg, sleep: time.Sleep, now: time.Now,
		perAddr: map[netip.Addr]int{}, notices: map[string]*notice{}}
}

// Caps returns the caps in force.
func (l *Listener) Caps() (maxConns, maxPerAddr int) { return l.cfg.MaxConns, l.cfg.MaxPerAddr }

// Open returns how many connections are open.
func (l *Listener) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// Accept returns the next connection within the caps. Running out of
// descriptors (or kernel memory) makes it wait and try again; only a
// closed listener or another lasting error ends it.
func (l *Listener) Accept() (net.Conn, error) {
	var delay time.Duration
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			if !exhausted(err) {
				return nil, err
			}
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			l.notify("descriptors", "out of file descriptors: accepting again after a pause", "err", err.Error())
			l.sleep(delay)
			continue
		}
		delay = 0
		key, exempt := l.key(c.RemoteAddr())
		if reason := l.admit(key, exempt); reason != "" {
			c.Close()
			l.notify(reason, "connection refused: "+reason+" reached", "max_conns", l.cfg.MaxConns, "max_per_address", l.cfg.MaxPerAddr)
			continue
		}
		return &conn{Conn: c, release: func() { l.release(key, exempt) }}, nil
	}
}

// exhausted reports an accept error that passes when connections close.
func exhausted(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ENOBUFS) || errors.Is(err, syscall.ENOMEM)
}

// key is the address a connection counts under: the IPv4 address, or
// the /64 of an IPv6 one; exempt when no per-address cap applies.
func (l *Listener) key(a net.Addr) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.Addr{}, true
	}
	ip := ap.Addr().Unmap()
	for _, p := range l.cfg.Exempt {
		if p.Contains(ip) {
			return ip, true
		}
	}
	return Key(ip), false
}

// Key is the client an address stands for in a count: an IPv4 address
// itself, an IPv6 address its /64 (what one line or host is given).
func Key(ip netip.Addr) netip.Addr {
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.Addr()
	}
	return ip
}

// admit counts a new connection, or says which cap refuses it.
func (l *Listener) admit(key netip.Addr, exempt bool) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.total >= l.cfg.MaxConns {
		return "the connection limit"
	}
	if !exempt && l.perAddr[key] >= l.cfg.MaxPerAddr {
		return "the per-address connection limit"
	}
	l.total++
	if !exempt {
		l.perAddr[key]++
	}
	return ""
}

func (l *Listener) release(key netip.Addr, exempt bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if exempt {
		return
	}
	if l.perAddr[key]--; l.perAddr[key] <= 0 {
		delete(l.perAddr, key)
	}
}

// notify logs a trouble when it starts and then at most once a minute,
// with how often it happened in between.
func (l *Listener) notify(kind, msg string, args ...any) {
	l.mu.Lock()
	n := l.notices[kind]
	if n == nil {
		n = &notice{}
		l.notices[kind] = n
	}
	n.count++
	now := l.now()
	due := n.logged.IsZero() || now.Sub(n.logged) >= noticeEvery
	count := n.count
	if due {
		n.logged, n.count = now, 0
	}
	l.mu.Unlock()
	if due {
		l.cfg.Log.Warn(msg, append(args, "times", count)...)
	}
}

// conn gives its place back once when closed.
type conn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
