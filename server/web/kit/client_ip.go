package kit

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientIP is the address rate limits and the audit trail count a request
// by: the connection's, or, when that is a trusted reverse proxy, the
// nearest address in X-Forwarded-For that is not a trusted proxy. The
// header is read from the right: its left end is whatever the client
// wrote, so taking the first entry would let anyone pick their address.
func (h *Kit) ClientIP(c *fiber.Ctx) string {
	remote, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.IP()
	}
	remote = remote.Unmap()
	if !h.trustedProxy(remote) {
		return remote.String()
	}
	client := remote
	for rest := c.Get(fiber.HeaderXForwardedFor); rest != ""; {
		i := strings.LastIndexByte(rest, ',')
		hop, err := netip.ParseAddr(strings.TrimSpace(rest[i+1:]))
		if err != nil {
			break // a malformed hop: the last trusted one answers for it
		}
		client = hop.Unmap()
		if !h.trustedProxy(client) || i < 0 {
			break
		}
		rest = rest[:i]
	}
	return client.String()
}

// trustedProxy reports whether a is one of the configured reverse proxies.
func (h *Kit) trustedProxy(a netip.Addr) bool {
	for _, p := range h.Config.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
