package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testKey(t *testing.T, b byte) *Key {
	t.Helper()
	k, err := NewKey(bytes.Repeat([]byte{b}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func chain(n int) []Entry { return keyedChain(nil, n) }

func keyedChain(k *Key, n int) []Entry {
	var out []Entry
	var prev *Entry
	for i := range n {
		e := k.Seal(Entry{At: time.Unix(int64(1_700_000_000+i), 0).UTC(), Actor: "a1", Action: ActionDossierView, Object: "12345678"}, prev)
		out = append(out, e)
		prev = &out[len(out)-1]
	}
	return out
}

func TestVerifierAcceptsAChain(t *testing.T) {
	var v Verifier
	for _, e := range chain(5) {
		if err := v.Next(e); err != nil {
			t.Fatal(err)
		}
	}
	if v.Count() != 5 {
		t.Errorf("count %d", v.Count())
	}
}

func TestVerifierFindsChanges(t *testing.T) {
	tests := []struct {
		name   string
		change func([]Entry) []Entry
		seq    uint64
	}{
		{"field", func(c []Entry) []Entry { c[2].Object = "12345679"; return c }, 3},
		{"time", func(c []Entry) []Entry { c[1].At = c[1].At.Add(time.Nanosecond); return c }, 2},
		{"hash", func(c []Entry) []Entry { c[3].Hash = strings.Repeat("0", 64); return c }, 4},
		{"dropped", func(c []Entry) []Entry { return append(c[:2], c[3:]...) }, 3},
		{"swapped", func(c []Entry) []Entry { c[1], c[2] = c[2], c[1]; return c }, 2},
		{"first", func(c []Entry) []Entry { return c[1:] }, 1},
	}
	for _, tt := range tests {
		var v Verifier
		var err error
		for _, e := range tt.change(chain(5)) {
			if err = v.Next(e); err != nil {
				break
			}
		}
		var be *BrokenError
		if !errors.As(err, &be) || be.Seq != tt.seq || !errors.Is(err, ErrBroken) {
			t.Errorf("%s: %v, want broken at %d", tt.name, err, tt.seq)
		}
	}
}

// TestCanonicalIsUnambiguous: moving a byte between fields changes the
// encoding (length prefixes), so it changes the hash.
func TestCanonicalIsUnambiguous(t *testing.T) {
	a := Entry{Actor: "ab", Action: "c"}
	b := Entry{Actor: "a", Action: "bc"}
	if string(Canonical(a)) == string(Canonical(b)) {
		t.Error("different entries encode alike")
	}
}

func TestClientHashIsKeyed(t *testing.T) {
	k1, k2 := []byte("key one"), []byte("key two")
	h := ClientHash(k1, "192.0.2.1")
	if h == "" || strings.Contains(h, "192") || len(h) != 16 {
		t.Errorf("hash %q", h)
	}
	if h != ClientHash(k1, "192.0.2.1") || h == ClientHash(k2, "192.0.2.1") || h == ClientHash(k1, "192.0.2.2") {
		t.Error("hash is not a stable keyed function of the address")
	}
	if ClientHash(k1, "") != "" {
		t.Error("empty address hashed")
	}
}

type nopStore struct{ Store }

func (nopStore) AppendAudit(_ context.Context, e Entry, _ Sealer) (Entry, error) { return e, nil }

func TestAppendRefusesBadEntries(t *testing.T) {
	tr := New(nopStore{}, nil)
	for _, e := range []Entry{{Action: "x"}, {Actor: "a"}, {Actor: "a", Action: "x", Object: strings.Repeat("o", 201)}, {Actor: "a", Action: "x", Detail: strings.Repeat("d", 501)}} {
		if err := tr.Append(context.Background(), e); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v", e, err)
		}
	}
	if err := tr.Append(context.Background(), Entry{Actor: "a", Action: "x"}); err != nil {
		t.Error(err)
	}
}

// TestKeyedChainCannotBeResealedWithoutTheKey: someone who can write the
// data file but has not the key changes an entry and re-seals it and all
// after it, unkeyed or with a key of their own; Verify finds it.
func TestKeyedChainCannotBeResealedWithoutTheKey(t *testing.T) {
	k, other := testKey(t, 1), testKey(t, 2)
	for name, forger := range map[string]*Key{"unkeyed": nil, "other key": other} {
		c := keyedChain(k, 8)
		c[3].Object = "99999999"
		for i := 3; i < len(c); i++ {
			c[i] = forger.Seal(c[i], &c[i-1])
		}
		v := Verifier{Key: k}
		var err error
		for _, e := range c {
			if err = v.Next(e); err != nil {
				break
			}
		}
		var be *BrokenError
		if !errors.As(err, &be) || be.Seq != 4 {
			t.Errorf("%s: %v, want broken at 4", name, err)
		}
	}
	// The right key verifies, and a verifier without it refuses.
	v := Verifier{Key: k}
	for _, e := range keyedChain(k, 3) {
		if err := v.Next(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := (&Verifier{}).Next(keyedChain(k, 1)[0]); !errors.Is(err, ErrBroken) {
		t.Errorf("keyed entry without a key: %v", err)
	}
}

// TestUnkeyedPrefixIsAccepted: a trail from before the key keeps its old
// entries; only keyed ones may follow them.
func TestUnkeyedPrefixIsAccepted(t *testing.T) {
	k := testKey(t, 1)
	c := chain(3)
	for range 2 {
		e := k.Seal(Entry{At: time.Unix(1_800_000_000, 0).UTC(), Actor: "a1", Action: ActionSignIn}, &c[len(c)-1])
		c = append(c, e)
	}
	v := Verifier{Key: k}
	for _, e := range c {
		if err := v.Next(e); err != nil {
			t.Fatal(err)
		}
	}
	if v.Unkeyed() != 3 || v.Count() != 5 {
		t.Errorf("unkeyed %d of %d", v.Unkeyed(), v.Count())
	}
}

func TestReadHeadsSkipsOtherLines(t *testing.T) {
	k := testKey(t, 1)
	c := keyedChain(k, 2)
	h := k.SignHead(&c[1], time.Unix(1_800_000_000, 0))
	line, _ := json.Marshal(h)
	in := `{"time":"x","level":"INFO","msg":"loket started"}` + "\nnot json\n" + string(line) + "\n"
	got, err := ReadHeads(strings.NewReader(in))
	if err != nil || len(got) != 1 || got[0] != h {
		t.Fatalf("heads %+v %v", got, err)
	}
	if _, err := ReadHeads(strings.NewReader("nothing\n")); err == nil {
		t.Error("no head accepted")
	}
}

func TestLoadKeyCreatesOnceAndRereads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.key")
	if _, err := LoadKey(path, false); !errors.Is(err, ErrNoKey) {
		t.Fatalf("missing key: %v", err)
	}
	k1, err := LoadKey(path, true)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadKey(path, true)
	if err != nil || k2.ID() != k1.ID() {
		t.Fatalf("reread key %v %v", k2, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v %v", fi.Mode(), err)
	}
	if err := os.WriteFile(path, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey(path, false); err == nil {
		t.Error("malformed key accepted")
	}
}
