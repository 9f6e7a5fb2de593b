package config

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
)

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// validateBrandColor accepts "" or "#rrggbb" dark enough for the header's
// white text to keep WCAG 2.1 AA contrast (at least 4.5:1).
func validateBrandColor(c string) error {
	if c == "" {
		return nil
	}
	if !hexColor.MatchString(c) {
		return fmt.Errorf("brand-color %q is not #rrggbb", c)
	}
	if r := ContrastWithWhite(c); r < 4.5 {
		return fmt.Errorf("brand-color %s: white text on it has a contrast of %.1f:1, below 4.5:1 (WCAG AA); choose a darker colour", c, r)
	}
	return nil
}

// ContrastWithWhite is WCAG 2.1's contrast ratio of white on the colour
// "#rrggbb".
func ContrastWithWhite(c string) float64 {
	lum := 0.0
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			s /= 12.92
		} else {
			s = math.Pow((s+0.055)/1.055, 2.4)
		}
		lum += weight * s
	}
	return 1.05 / (lum + 0.05)
}
