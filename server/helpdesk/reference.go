package helpdesk

import (
	"crypto/rand"
	"strings"
)

// refAlphabet leaves out 0/O, 1/I/L, which people confuse when they read a
// reference out; its length 31 is prime, which the check relies on.
const refAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

const refLen = 9 // "H" + 7 random symbols + check

// Reference identifies an escalation to the applicant and to staff: "H"
// for help, 7 random symbols and a check symbol, shown as HXXX-XXXXX. The
// value is the canonical form without the dash.
//
// The check symbol makes sum(i * v_i) over positions i = 1..9 divisible by
// 31: with distinct non-zero weights modulo a prime, every change of one
// symbol and every swap of two different neighbours breaks the sum, so a
// mistyped reference is refused before any PIN is counted against it.
type Reference string

// String is the form shown to people: HXXX-XXXXX.
func (r Reference) String() string {
	if len(r) != refLen {
		return string(r)
	}
	return string(r[:4]) + "-" + string(r[4:])
}

// ParseReference reads a reference as people type it: case, spaces and
// dashes do not matter; a wrong length, symbol or check symbol does.
func ParseReference(s string) (Reference, bool) {
	var b strings.Builder
	for _, c := range strings.ToUpper(strings.TrimSpace(s)) {
		switch {
		case c == ' ' || c == '-':
			continue
		case strings.ContainsRune(refAlphabet, c) && b.Len() < refLen:
			b.WriteRune(c)
		default:
			return "", false
		}
	}
	r := b.String()
	if len(r) != refLen || r[0] != 'H' || refSum(r) != 0 {
		return "", false
	}
	return Reference(r), true
}

// refSum is sum(i * v_i) mod 31 over the symbols of s, i counted from 1.
func refSum(s string) int {
	sum := 0
	for i := 0; i < len(s); i++ {
		sum += (i + 1) * strings.IndexByte(refAlphabet, s[i])
	}
	return sum % len(refAlphabet)
}

// newReference draws a fresh reference.
func newReference() (Reference, error) {
	const n = len(refAlphabet)
	body := []byte{'H'}
	var buf [16]byte
	for len(body) < refLen-1 {
		if _, err := rand.Read(buf[:]); err != nil {
			return "", err
		}
		for _, x := range buf {
			// Reject the top of the byte range so every symbol is equally likely.
			if x < byte(n*(256/n)) && len(body) < refLen-1 {
				body = append(body, refAlphabet[int(x)%n])
			}
		}
	}
	// The check symbol c has weight 9: 9c = -sum (mod 31), and 7 is the
	// inverse of 9 modulo 31.
	c := (n - refSum(string(body))) % n * 7 % n
	return Reference(string(body) + string(refAlphabet[c])), nil
}
