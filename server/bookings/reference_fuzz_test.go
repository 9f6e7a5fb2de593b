package bookings

import (
	"strings"
	"testing"
)

// FuzzParseReference: any input parses or is refused without a panic, and
// whatever parses prints back to a form that parses to the same reference.
func FuzzParseReference(f *testing.F) {
	for _, seed := range []string{"", "ABCD-EFG2", "abcd efg2", "0000-0000", "K7M4-QX2P", strings.Repeat("Z", 100), "ÄÖÜ-ß", "\x00\xff"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReference(s)
		if err != nil {
			return
		}
		again, err := ParseReference(r.String())
		if err != nil || again != r {
			t.Fatalf("%q parsed to %q, which reparses to %q (%v)", s, r, again, err)
		}
		if strings.ContainsAny(r.String(), "01ILO") {
			t.Fatalf("%q contains an ambiguous character", r)
		}
	})
}
