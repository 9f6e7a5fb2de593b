package refcode

import "testing"

// TestCheckSymbolCatchesTypos: every single-symbol change and every swap
// of different neighbours of a fresh reference is refused.
func TestCheckSymbolCatchesTypos(t *testing.T) {
	for range 200 {
		c, err := New('H')
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := Parse('H', " "+string(c.String())+" "); !ok || got != c {
			t.Fatalf("%s does not parse back", c)
		}
		if _, ok := Parse('A', string(c)); ok {
			t.Fatalf("%s parsed as another kind", c)
		}
		b := []byte(c)
		for i := 1; i < Len; i++ {
			for j := 0; j < len(Alphabet); j++ {
				if Alphabet[j] == c[i] {
					continue
				}
				typo := append([]byte(nil), b...)
				typo[i] = Alphabet[j]
				if _, ok := Parse('H', string(typo)); ok {
					t.Fatalf("%s accepted for %s", typo, c)
				}
			}
			if i+1 < Len && b[i] != b[i+1] {
				swap := append([]byte(nil), b...)
				swap[i], swap[i+1] = swap[i+1], swap[i]
				if _, ok := Parse('H', string(swap)); ok {
					t.Fatalf("swap %s accepted for %s", swap, c)
				}
			}
		}
	}
	for _, bad := range []string{"", "H", "H0000000O", "HXXX-XXXXXX", "hxxx xxxx?"} {
		if _, ok := Parse('H', bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}
