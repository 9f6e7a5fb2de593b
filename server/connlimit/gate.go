package connlimit

import (
	"net/netip"
	"sync"
)

// Gate caps long-lived requests (event streams) in total and per client
// address (IPv6: per /64), as Listener caps connections: each costs a
// descriptor and memory for as long as the client stays.
type Gate struct {
	max, perAddr int

	mu     sync.Mutex
	total  int
	byAddr map[netip.Addr]int
}

// StreamDefaults derives the stream caps from the connection caps: half
// the connections may be streams, so streams never hold every connection
// the other requests need; one address may hold as many streams as it
// may hold connections (phones on an office's Wi-Fi share one address).
func StreamDefaults(maxConns, maxPerAddr int) (maxStreams, perAddr int) {
	return max(maxConns/2, 1), max(maxPerAddr, 1)
}

// NewGate lets in max requests at once, perAddr of them from one address.
func NewGate(max, perAddr int) *Gate {
	return &Gate{max: max, perAddr: perAddr, byAddr: map[netip.Addr]int{}}
}

// Enter admits a request from addr, or reports false when a cap is
// reached; release (once) gives its place back.
func (g *Gate) Enter(addr string) (release func(), ok bool) {
	key := netip.Addr{}
	if ip, err := netip.ParseAddr(addr); err == nil {
		key = Key(ip)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.total >= g.max || g.byAddr[key] >= g.perAddr {
		return nil, false
	}
	g.total++
	g.byAddr[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.total--
			if g.byAddr[key]--; g.byAddr[key] <= 0 {
				delete(g.byAddr, key)
			}
		})
	}, true
}
