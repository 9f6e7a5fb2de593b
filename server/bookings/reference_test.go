package bookings

import (
	"errors"
	"strings"
	"testing"
)

func TestReferenceParsesAsTyped(t *testing.T) {
	r := newReference()
	if len(r) != 8 || refSum(string(r)) != 0 {
		t.Fatalf("new reference %q has a bad check character", r)
	}
	s := r.String()
	if len(s) != 9 || s[4] != '-' {
		t.Fatalf("String() = %q, want XXXX-XXXX", s)
	}
	for _, typed := range []string{s, string(r), strings.ToLower(s), " " + strings.ToLower(string(r[:3])) + " " + string(r[3:6]) + "-" + string(r[6:]) + " "} {
		got, err := ParseReference(typed)
		if err != nil || got != r {
			t.Errorf("ParseReference(%q) = %q, %v; want %q", typed, got, err, r)
		}
	}
	for _, bad := range []string{"", "ABCD", s + "2", "0" + s[1:], "ABCD-EFG!", strings.Repeat("2", 40)} {
		if _, err := ParseReference(bad); !errors.Is(err, ErrBadReference) {
			t.Errorf("ParseReference(%q) err = %v, want ErrBadReference", bad, err)
		}
	}
}

// TestReferenceCheckCatchesTypos tries every single-symbol substitution and
// every adjacent transposition of many references: none may parse.
func TestReferenceCheckCatchesTypos(t *testing.T) {
	for range 300 {
		r := string(newReference())
		for i := range refLen {
			for _, c := range []byte(refAlphabet) {
				if c == r[i] {
					continue
				}
				typo := r[:i] + string(c) + r[i+1:]
				if _, err := ParseReference(typo); err == nil {
					t.Fatalf("substitution %s -> %s accepted", r, typo)
				}
			}
			if i+1 < refLen && r[i] != r[i+1] {
				typo := r[:i] + string(r[i+1]) + string(r[i]) + r[i+2:]
				if _, err := ParseReference(typo); err == nil {
					t.Fatalf("transposition %s -> %s accepted", r, typo)
				}
			}
		}
	}
}

func TestReferenceAlphabetHasNoLookAlikes(t *testing.T) {
	if len(refAlphabet) != 31 {
		t.Fatalf("alphabet has %d symbols; the check needs a prime count, 31", len(refAlphabet))
	}
	for _, c := range "01OIL" {
		if strings.ContainsRune(refAlphabet, c) {
			t.Errorf("alphabet contains look-alike %q", c)
		}
	}
}
