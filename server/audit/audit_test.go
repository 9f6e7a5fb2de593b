package audit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func chain(n int) []Entry {
	var out []Entry
	var prev *Entry
	for i := range n {
		e := Seal(Entry{At: time.Unix(int64(1_700_000_000+i), 0).UTC(), Actor: "a1", Action: ActionDossierView, Object: "12345678"}, prev)
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

func (nopStore) AppendAudit(_ context.Context, e Entry) (Entry, error) { return e, nil }

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
