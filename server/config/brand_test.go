package config

import (
	"io"
	"strings"
	"testing"
)

// TestBrandColorKeepsTheHeaderReadable: -brand-color takes #rrggbb only
// when the header's white text keeps 4.5:1 contrast on it.
func TestBrandColorKeepsTheHeaderReadable(t *testing.T) {
	for _, tt := range []struct {
		color string
		ok    bool
	}{{"", true}, {"#1d3b6f", true}, {"#000000", true}, {"#767676", true}, {"#777777", false}, {"#ffd700", false}, {"red", false}, {"#12345", false}} {
		_, err := Parse("loket serve", []string{"-brand-color", tt.color}, func(string) string { return "" }, io.Discard)
		if (err == nil) != tt.ok {
			t.Errorf("%q: %v", tt.color, err)
		}
		if err != nil && !strings.Contains(err.Error(), "brand-color") {
			t.Errorf("%q: the error does not name the flag: %v", tt.color, err)
		}
	}
	if r := ContrastWithWhite("#000000"); r < 20.9 || r > 21.1 {
		t.Errorf("black: %.2f:1, want 21:1", r)
	}
}
