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

// TestKeyedIsStablePerKeyAndValid: one key gives the same valid
// reference and PIN every time; another key or secret other ones.
func TestKeyedIsStablePerKeyAndValid(t *testing.T) {
	secret := []byte("0123456789abcdef")
	ref, pin := Keyed(secret, 'H', "helpdesk", "form-key-1")
	if again, pin2 := Keyed(secret, 'H', "helpdesk", "form-key-1"); again != ref || pin2 != pin {
		t.Fatalf("the same key gave %s %s, then %s %s", ref, pin, again, pin2)
	}
	if _, ok := Parse('H', ref.String()); !ok || len(pin) != 6 {
		t.Fatalf("keyed reference %s PIN %q", ref, pin)
	}
	seen := map[Code]bool{ref: true}
	for _, other := range []struct {
		secret       []byte
		purpose, key string
	}{{secret, "helpdesk", "form-key-2"}, {[]byte("another secret!!"), "helpdesk", "form-key-1"}, {secret, "address", "form-key-1"}} {
		r, _ := Keyed(other.secret, 'H', other.purpose, other.key)
		if seen[r] {
			t.Errorf("%v gave a reference seen before: %s", other, r)
		}
		seen[r] = true
	}
}
