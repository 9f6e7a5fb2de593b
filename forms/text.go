package forms

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// transform rewrites a value before it is validated.
type transform func(string) string

// transforms are the rewrites a definition can name in "transform".
var transforms = map[string]transform{
	"upper":   strings.ToUpper,
	"trim":    strings.TrimSpace,
	"digits":  keepDigits,
	"nospace": func(s string) string { return strings.Map(dropSpace, s) },
}

func dropSpace(r rune) rune {
	if unicode.IsSpace(r) {
		return -1
	}
	return r
}

// keepDigits turns digits of any script into ASCII and drops the spaces,
// dashes, dots and slashes people put between groups ("1234 5678",
// "1234-5678", "١٢٣٤٥٦٧٨"). Letters stay, so that a pattern still refuses them.
func keepDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '.' || r == '/' || unicode.Is(unicode.Pd, r) {
			return -1
		}
		return r
	}, asciiDigits(s))
}

// asciiDigits replaces decimal digits of any script (Arabic-Indic, Persian,
// full-width, ...) by their ASCII equivalents: phones and kiosks in ar, fa
// and ps often type those, and dossier numbers and dates are stored ASCII.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf || !unicode.IsDigit(r) {
			return r
		}
		// Unicode encodes each script's decimal digits as a contiguous run
		// 0..9 (some runs touch each other), so the value is the distance
		// from the start of the run, modulo 10.
		start := r
		for unicode.IsDigit(start - 1) {
			start--
		}
		return '0' + (r-start)%10
	}, s)
}

// cleanText reports whether s is valid UTF-8 without control characters;
// newlines and tabs are allowed when multiline.
func cleanText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			return false
		}
	}
	return true
}

// displayable makes a refused value safe to show back in the form: invalid
// bytes become U+FFFD, control characters go, and it is cut to max runes.
func displayable(s string, max int, multiline bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == max {
			break
		}
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			continue
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
