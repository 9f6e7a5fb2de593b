package kit

import (
	"io"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/gofiber/fiber/v2"

	"loket/server/config"
)

func TestClientIP(t *testing.T) {
	// app.Test connects from 0.0.0.0.
	tests := []struct {
		name    string
		proxies []string
		xff     string
		want    string
	}{
		{"no proxies: the header is ignored", nil, "1.2.3.4", "0.0.0.0"},
		{"untrusted peer: the header is ignored", []string{"10.0.0.0/8"}, "1.2.3.4", "0.0.0.0"},
		{"trusted peer, no header", []string{"0.0.0.0/32"}, "", "0.0.0.0"},
		{"trusted peer names the client", []string{"0.0.0.0/32"}, "198.51.100.7", "198.51.100.7"},
		{"a spoofed left entry does not count", []string{"0.0.0.0/32"}, "6.6.6.6, 198.51.100.7", "198.51.100.7"},
		{"a chain of trusted proxies is skipped", []string{"0.0.0.0/32", "10.0.0.0/8"}, "6.6.6.6, 198.51.100.7, 10.1.2.3, 10.9.9.9", "198.51.100.7"},
		{"IPv6 client", []string{"0.0.0.0/32"}, "2001:db8::1", "2001:db8::1"},
		{"malformed hop: the last trusted answers", []string{"0.0.0.0/32", "10.0.0.0/8"}, "198.51.100.7, garbage, 10.1.2.3", "10.1.2.3"},
		{"only trusted hops", []string{"0.0.0.0/32", "10.0.0.0/8"}, "10.1.2.3", "10.1.2.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Defaults()
			for _, p := range tt.proxies {
				cfg.TrustedProxies = append(cfg.TrustedProxies, netip.MustParsePrefix(p))
			}
			h := &Kit{Config: cfg}
			app := fiber.New()
			app.Get("/", func(c *fiber.Ctx) error { return c.SendString(h.ClientIP(c)) })
			req := httptest.NewRequest("GET", "/", nil)
			if tt.xff != "" {
				req.Header.Set("X-Forwarded-For", tt.xff)
			}
			res, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			if string(b) != tt.want {
				t.Errorf("client %q, want %q", b, tt.want)
			}
		})
	}
}
