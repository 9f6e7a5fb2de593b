// Package refcode makes the references people read out and type for
// escalations and address notifications: a kind letter, 7 random symbols
// and a check symbol, shown as KXXX-XXXXX.
//
// The alphabet leaves out 0/O and 1/I/L, which people confuse; its length
// 31 is prime. The check symbol makes sum(i * v_i) over positions 1..9
// divisible by 31: with distinct non-zero weights modulo a prime, every
// change of one symbol and every swap of two different neighbours breaks
// the sum, so a mistyped reference is refused before any PIN is counted
// against it.
package refcode

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// Alphabet is the symbols a reference uses.
const Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// Len is the length of a reference without its dash.
const Len = 9

// Code is a reference in canonical form, without the dash.
type Code string

// String is the form shown to people: KXXX-XXXXX.
func (c Code) String() string {
	if len(c) != Len {
		return string(c)
	}
	return string(c[:4]) + "-" + string(c[4:])
}

// Parse reads a reference of the given kind as people type it: case,
// spaces and dashes do not matter; a wrong length, kind, symbol or check
// symbol does.
func Parse(kind byte, s string) (Code, bool) {
	var b strings.Builder
	for _, c := range strings.ToUpper(strings.TrimSpace(s)) {
		switch {
		case c == ' ' || c == '-':
			continue
		case strings.ContainsRune(Alphabet, c) && b.Len() < Len:
			b.WriteRune(c)
		default:
			return "", false
		}
	}
	r := b.String()
	if len(r) != Len || r[0] != kind || sum(r) != 0 {
		return "", false
	}
	return Code(r), true
}

// sum is sum(i * v_i) mod 31 over the symbols of s, i counted from 1.
func sum(s string) int {
	total := 0
	for i := 0; i < len(s); i++ {
		total += (i + 1) * strings.IndexByte(Alphabet, s[i])
	}
	return total % len(Alphabet)
}

// New draws a fresh reference of the given kind (a letter of Alphabet).
func New(kind byte) (Code, error) { return build(kind, rand.Reader) }

// Keyed is the reference and PIN that one form, named by its idempotency
// key, gets under secret: sent again (a reload, a replay from a phone
// that was offline) it gets the same ones, so the store's refusal of a
// second record under that reference finds the first and the person sees
// the same PIN. Another key gives unrelated ones; without secret neither
// can be worked out from the key.
func Keyed(secret []byte, kind byte, purpose, key string) (Code, string) {
	mac := func(part string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(purpose + "\x00" + part + "\x00" + key))
		return m.Sum(nil)
	}
	code, _ := build(kind, &stream{seed: mac("reference")}) // a stream never fails
	return code, fmt.Sprintf("%06d", binary.BigEndian.Uint64(mac("pin"))%1_000_000)
}

// stream is an endless deterministic byte source: SHA-256 of its seed and
// a counter.
type stream struct {
	seed []byte
	n    uint64
}

func (s *stream) Read(p []byte) (int, error) {
	for i := 0; i < len(p); i += sha256.Size {
		sum := sha256.Sum256(binary.BigEndian.AppendUint64(append([]byte(nil), s.seed...), s.n))
		s.n++
		copy(p[i:], sum[:])
	}
	return len(p), nil
}

// build makes a reference of kind from the bytes of src.
func build(kind byte, src io.Reader) (Code, error) {
	const n = len(Alphabet)
	body := []byte{kind}
	var buf [16]byte
	for len(body) < Len-1 {
		if _, err := io.ReadFull(src, buf[:]); err != nil {
			return "", err
		}
		for _, x := range buf {
			// Reject the top of the byte range so every symbol is equally likely.
			if x < byte(n*(256/n)) && len(body) < Len-1 {
				body = append(body, Alphabet[int(x)%n])
			}
		}
	}
	// The check symbol c has weight 9: 9c = -sum (mod 31), and 7 is the
	// inverse of 9 modulo 31.
	c := (n - sum(string(body))) % n * 7 % n
	return Code(string(body) + string(Alphabet[c])), nil
}
