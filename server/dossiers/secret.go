package dossiers

import (
	"crypto/rand"
	"crypto/sha256"
	"hash"
	"strings"
)

// codeAlphabet leaves out characters people confuse on paper: 0 O 1 I L.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLen is the length of an access code printed on letters.
const CodeLen = 10

// NewAccessCode makes a random access code for a letter.
func NewAccessCode() string {
	b := make([]byte, CodeLen)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// NormalizeCode upper-cases a typed code and drops spaces and dashes.
func NormalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// ValidCode reports whether s is a well-formed, normalised access code.
func ValidCode(s string) bool {
	if len(s) != CodeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(codeAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// ParseLetter reads what the QR code on a letter carries: a URL whose
// fragment is "<number>.<code>", or that fragment alone (what a kiosk's
// scanner types). The fragment never reaches a server log.
func ParseLetter(s string) (number, code string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '#'); i >= 0 {
		s = s[i+1:]
	}
	number, code, found := strings.Cut(s, ".")
	code = NormalizeCode(code)
	if !found || !ValidNumber(number) || !ValidCode(code) {
		return "", "", false
	}
	return number, code, true
}

// LetterURL is the QR payload for a letter: the letter page, with number
// and code in the fragment, which browsers never send to a server.
func LetterURL(base, number, code string) string {
	return strings.TrimRight(base, "/") + "/status/letter#" + number + "." + code
}

// hash is the keyed hash of a lookup secret. A birth date is a weak
// secret, so a slow hash would add little; the rate limits defend it, and
// the key keeps a stolen data file from being matched against a list of
// dates without the store's secret.
func (s *Service) hash(kind, number, secret string) []byte {
	m := s.macs.Get().(hash.Hash)
	defer s.macs.Put(m)
	m.Reset()
	buf := make([]byte, 0, 64)
	buf = append(append(append(append(append(buf, kind...), 0), number...), 0), secret...)
	m.Write(buf)
	return m.Sum(make([]byte, 0, sha256.Size))[:16]
}
