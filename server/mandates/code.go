package mandates

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
)

// codeAlphabet leaves out letters read as digits (I, L, O, U): Crockford's
// base 32, so a code read aloud over the phone survives.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeBody is the number of random characters in a code (50 bits); one
// check character follows.
const codeBody = 10

// NewCode draws a fresh code, formatted "XXXX-XXXX-XXC" with C its check
// character.
func NewCode() (string, error) {
	b := make([]byte, codeBody)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	body := make([]byte, codeBody)
	for i, v := range b {
		body[i] = codeAlphabet[int(v)%len(codeAlphabet)]
	}
	raw := string(body) + string(checkChar(string(body)))
	return raw[:4] + "-" + raw[4:8] + "-" + raw[8:], nil
}

// checkChar is the code's value as a polynomial over GF(32) evaluated at
// the field's generator: it catches every single wrong character and every
// swap of two neighbours (a weighted sum modulo 32 would miss some).
func checkChar(body string) byte {
	c := 0
	for i := 0; i < len(body); i++ {
		c = gfDouble(c) ^ strings.IndexByte(codeAlphabet, body[i])
	}
	// One more step makes the whole code, check included, a multiple of
	// the polynomial, so a swap with the check character is caught too.
	return codeAlphabet[gfDouble(c)]
}

// gfDouble multiplies by x in GF(32) modulo x^5 + x^2 + 1.
func gfDouble(v int) int {
	v <<= 1
	if v&32 != 0 {
		v ^= 0x25
	}
	return v
}

// NormalizeCode upper-cases a typed code, drops spaces and dashes, maps
// look-alikes (O→0, I/L→1) and checks its check character; ok is false for
// anything that cannot be a code, so a typo is caught before the store.
func NormalizeCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r > 127 || strings.IndexByte(codeAlphabet, byte(r)) < 0 {
			return "", false
		}
		b.WriteRune(r)
	}
	c := b.String()
	if len(c) != codeBody+1 || checkChar(c[:codeBody]) != c[codeBody] {
		return "", false
	}
	return c, true
}

// HashCode is what the store keeps of a code: never the code itself.
func HashCode(normalized string) []byte {
	h := sha256.Sum256([]byte("mandate-code|" + normalized))
	return h[:]
}
