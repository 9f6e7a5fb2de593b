package accounts

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"loket/server/refusal"
)

// ErrWeakPassword is a password long enough but easy to guess: a common
// or breached one (perhaps with digits around it or letters swapped for
// look-alike digits), or a trivial pattern (one character or a short
// unit repeated, a run of the alphabet or the keyboard). It also matches
// ErrInvalid; refusal.As finds ErrWeakPassword first.
var ErrWeakPassword = refusal.New(refusal.Invalid, "accounts: password too easy to guess", "staff.account.error.weak")

//go:embed common-passwords.txt
var commonPasswordsFile string

// commonPasswords is the embedded list as a set, built on first use.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 10100)
	for _, line := range strings.Split(commonPasswordsFile, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			set[line] = struct{}{}
		}
	}
	return set
})

// CheckPassword enforces the rules on a new password: 12 to 128
// characters, and not easy to guess (ErrWeakPassword). Length beats
// composition rules (NIST SP 800-63B): there are none.
func CheckPassword(pw string) error {
	n := len([]rune(pw))
	if n < MinPassword || len(pw) > MaxPassword {
		return fmt.Errorf("%w: password must have %d to %d characters", ErrInvalid, MinPassword, MaxPassword)
	}
	if why := weakness(pw); why != "" {
		return fmt.Errorf("%w: %w: %s", ErrWeakPassword, ErrInvalid, why)
	}
	return nil
}

// weakness says why pw is easy to guess, or "" when it is not.
func weakness(pw string) string {
	lower := strings.ToLower(pw)
	if distinct(lower) < 5 {
		return "too few different characters"
	}
	if repeated(lower) {
		return "a short part repeated"
	}
	if sequence(lower) {
		return "a run of the alphabet, digits or keyboard"
	}
	for _, form := range []string{lower, unleet(lower)} {
		if common(form) {
			return "a common password"
		}
		// "password2024!", "!!dragon12", "monkeymonkey1": the word at the
		// core is what a guesser tries first.
		core := strings.TrimFunc(form, func(r rune) bool { return !unicode.IsLetter(r) })
		if core == "" {
			continue
		}
		if common(core) || common(unit(core)) {
			return "a common password with characters added"
		}
	}
	return ""
}

func common(s string) bool {
	_, ok := commonPasswords()[s]
	return ok
}

// distinct counts the different characters of s.
func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// unit is the shortest string that s is a repetition of (s itself when
// it is none).
func unit(s string) string {
	r := []rune(s)
	for n := 1; n <= len(r)/2; n++ {
		if len(r)%n == 0 && strings.Repeat(string(r[:n]), len(r)/n) == s {
			return string(r[:n])
		}
	}
	return s
}

// repeated reports whether s is a shorter part repeated, the last time
// perhaps cut short ("abcabcabcabc", "12341234123").
func repeated(s string) bool {
	r := []rune(s)
	for n := 1; n <= len(r)/2; n++ {
		same := true
		for i := n; i < len(r) && same; i++ {
			same = r[i] == r[i-n]
		}
		if same {
			return true
		}
	}
	return false
}

// keyboardRows are runs a finger slides along, row after row, on the
// layouts used in Belgium (QWERTY, AZERTY), the digits and the alphabet.
var keyboardRows = []string{"1234567890", "qwertyuiopasdfghjklzxcvbnm", "azertyuiopqsdfghjklmwxcvbn",
	"abcdefghijklmnopqrstuvwxyz"}

// sequence reports whether s is a run along one of the rows, forwards or
// backwards, wrapping round (so "789012345678" counts).
func sequence(s string) bool {
	for _, row := range keyboardRows {
		for _, line := range []string{row, reverse(row)} {
			i := strings.IndexRune(line, rune(s[0]))
			if i < 0 {
				continue
			}
			ok := true
			for k, r := range s {
				if rune(line[(i+k)%len(line)]) != r {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// unleet undoes the usual swaps of letters for digits and signs.
var unleet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i").Replace
