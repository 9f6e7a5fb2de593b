package mandates

import (
	"errors"
	"strings"
	"testing"
)

func TestCodeCheckCharacter(t *testing.T) {
	code, err := NewCode()
	if err != nil {
		t.Fatal(err)
	}
	norm, ok := NormalizeCode(strings.ToLower(code))
	if !ok || len(norm) != codeBody+1 {
		t.Fatalf("fresh code %q refused", code)
	}
	body := []byte(norm)
	// Every single wrong character is caught.
	for i := range body {
		for _, r := range []byte(codeAlphabet) {
			if r == norm[i] {
				continue
			}
			b := append([]byte(nil), body...)
			b[i] = r
			if _, ok := NormalizeCode(string(b)); ok {
				t.Fatalf("changed %q at %d to %c accepted", norm, i, r)
			}
		}
	}
	for _, bad := range []string{"", "ABC", norm + "0", "ÄÄÄÄ-ÄÄÄÄ-ÄÄÄ"} {
		if _, ok := NormalizeCode(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

type fakeStore struct {
	Store
	m Mandate
}

func (f *fakeStore) Mandate(id string) (Mandate, bool, error) { return f.m, id == f.m.ID, nil }

func TestRevokeForOtherDossierRefused(t *testing.T) {
	s := New(&fakeStore{m: Mandate{ID: "m1", Dossier: "10000001"}}, Options{})
	if _, err := s.RevokeFor("10000002", "m1", "applicant"); !errors.Is(err, ErrNotFound) {
		t.Errorf("err %v", err)
	}
	if _, err := s.Redeem("a1", "x@y.be", "not a code"); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("typo: %v", err)
	}
}

func TestCodeCatchesNeighbourSwaps(t *testing.T) {
	for range 200 {
		code, _ := NewCode()
		norm, _ := NormalizeCode(code)
		for i := 0; i+1 < len(norm); i++ {
			if norm[i] == norm[i+1] {
				continue
			}
			b := []byte(norm)
			b[i], b[i+1] = b[i+1], b[i]
			if _, ok := NormalizeCode(string(b)); ok {
				t.Fatalf("swap in %q at %d accepted", norm, i)
			}
		}
	}
}
