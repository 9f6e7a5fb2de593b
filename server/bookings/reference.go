package bookings

import (
	"crypto/rand"
	"strings"
)

// refAlphabet has 31 symbols: digits and capitals without 0/O, 1/I/L, which
// people confuse when they read a reference out or type it. 31 is prime,
// which the check character relies on.
const refAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

const (
	refLen  = 8 // symbols, the last one the check character
	refBase = len(refAlphabet)
)

// Reference identifies a booking to the person who made it: 8 symbols,
// shown as XXXX-XXXX. Its value is the canonical form without the dash.
//
// The check character makes sum(i * v_i) over positions i = 1..8 divisible
// by 31. With distinct non-zero weights modulo a prime, every change of one
// symbol and every swap of two different adjacent symbols breaks the sum.
type Reference string

// String is the form shown to people: XXXX-XXXX.
func (r Reference) String() string {
	if len(r) != refLen {
		return string(r)
	}
	return string(r[:4]) + "-" + string(r[4:])
}

// ParseReference reads a reference as people type it: case, spaces and
// dashes do not matter; a wrong length, symbol or check character does.
func ParseReference(s string) (Reference, error) {
	var b strings.Builder
	for _, c := range strings.ToUpper(s) {
		switch {
		case c == ' ' || c == '-' || c == '\t':
			continue
		case strings.ContainsRune(refAlphabet, c):
			b.WriteRune(c)
		default:
			return "", ErrBadReference
		}
		if b.Len() > refLen {
			return "", ErrBadReference
		}
	}
	r := b.String()
	if len(r) != refLen || refSum(r) != 0 {
		return "", ErrBadReference
	}
	return Reference(r), nil
}

// refSum is sum(i * v_i) mod 31 over the symbols of s, i counted from 1.
func refSum(s string) int {
	sum := 0
	for i := 0; i < len(s); i++ {
		sum += (i + 1) * strings.IndexByte(refAlphabet, s[i])
	}
	return sum % refBase
}

// newReference draws 7 random symbols and appends the check character.
func newReference() Reference {
	var b [refLen]byte
	var buf [16]byte
	for n := 0; n < refLen-1; {
		rand.Read(buf[:])
		for _, x := range buf {
			// Reject the top of the byte range so every symbol is equally likely.
			if x < byte(refBase*(256/refBase)) && n < refLen-1 {
				b[n] = refAlphabet[int(x)%refBase]
				n++
			}
		}
	}
	return Reference(string(b[:refLen-1]) + string(checkSymbol(string(b[:refLen-1]))))
}

// checkSymbol is the symbol c that makes refSum(body + c) zero:
// 8c = -sum (mod 31), and 4 is the inverse of 8 modulo 31.
func checkSymbol(body string) byte {
	v := ((refBase - refSum(body)) % refBase * 4) % refBase
	return refAlphabet[v]
}
