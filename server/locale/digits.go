package locale

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Digit systems a language can print numbers in, by their CLDR names.
const (
	DigitsLatin          = "latn"    // 0123456789
	DigitsArabicIndic    = "arab"    // ٠١٢٣٤٥٦٧٨٩
	DigitsExtArabicIndic = "arabext" // ۰۱۲۳۴۵۶۷۸۹ (Persian, Pashto)
)

// zeros are the digit zero of each system; the others follow it in Unicode.
var zeros = map[string]rune{DigitsLatin: '0', DigitsArabicIndic: '٠', DigitsExtArabicIndic: '۰'}

// validDigits reports an error for an unknown digit system.
func validDigits(system string) error {
	if _, ok := zeros[system]; !ok {
		return fmt.Errorf("digits %q: want latn, arab or arabext", system)
	}
	return nil
}

// Isolates mark text a catalog quotes literally (a code to type, a phone
// number, an example date): it keeps its digits whatever the language's
// system. LRI, RLI and FSI open one, PDI closes it.
const (
	lri = '\u2066'
	rli = '\u2067'
	fsi = '\u2068'
	pdi = '\u2069'
)

// toDigits writes every decimal digit of s (of any script) in system,
// except inside isolates and in words that hold a Latin letter, such as a
// reference "K7PM-2XQ4" or "RFC" numbers, which are read off a letter or
// typed as they are.
func toDigits(s, system string) string {
	zero := zeros[system]
	if !needsDigits(s, zero) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	depth := 0
	for len(s) > 0 {
		// One word at a time: up to the next space, isolate mark or end.
		end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isIsolateMark(r) })
		if end == 0 {
			r, n := utf8.DecodeRuneInString(s)
			switch r {
			case lri, rli, fsi:
				depth++
			case pdi:
				if depth > 0 {
					depth--
				}
			}
			b.WriteString(s[:n])
			s = s[n:]
			continue
		}
		if end < 0 {
			end = len(s)
		}
		word := s[:end]
		s = s[end:]
		if depth > 0 || hasLatinLetter(word) {
			b.WriteString(word)
			continue
		}
		for _, r := range word {
			if v, ok := digitValue(r); ok {
				r = zero + v
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// needsDigits reports whether s holds a digit that is not in the system
// starting at zero.
func needsDigits(s string, zero rune) bool {
	for _, r := range s {
		if v, ok := digitValue(r); ok && r != zero+v {
			return true
		}
	}
	return false
}

func isIsolateMark(r rune) bool { return r == lri || r == rli || r == fsi || r == pdi }

func hasLatinLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// digitValue is r's value when r is a decimal digit of any script.
// Unicode encodes each script's digits as a run 0..9, so the value is the
// distance from the start of the runs, modulo 10 (some runs touch).
func digitValue(r rune) (rune, bool) {
	if r >= '0' && r <= '9' {
		return r - '0', true
	}
	if r < utf8.RuneSelf || !unicode.IsDigit(r) {
		return 0, false
	}
	start := r
	for unicode.IsDigit(start - 1) {
		start--
	}
	return (r - start) % 10, true
}
