package cli

import (
	"net"
	"testing"

	"loket/server/config"
)

func TestBoundBaseURL(t *testing.T) {
	bound := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}
	tests := []struct {
		addr, base, want string
	}{
		{"127.0.0.1:0", "http://127.0.0.1:0", "http://127.0.0.1:41234"}, // the default from -addr
		{"127.0.0.1:0", "", "http://127.0.0.1:41234"},                   // a config built in code
		{"localhost:0", "http://localhost:0", "http://localhost:41234"},
		{"127.0.0.1:0", "https://loket.example.be", "https://loket.example.be"}, // -base-url given
		{"127.0.0.1:8080", "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"127.0.0.1:8080", "", ""},
	}
	for _, tt := range tests {
		if got := boundBaseURL(config.Config{Addr: tt.addr, BaseURL: tt.base}, bound); got != tt.want {
			t.Errorf("addr %s base %q: %q, want %q", tt.addr, tt.base, got, tt.want)
		}
	}
}
