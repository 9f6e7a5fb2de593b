package refusal

import (
	"errors"
	"fmt"
	"testing"
)

func TestFieldRefusalIsItsSentinel(t *testing.T) {
	base := New(Invalid, "x: invalid", "x.error")
	err := fmt.Errorf("saving: %w", Fields(base, Field{Field: "name", Key: "x.error.name"}))
	if !errors.Is(err, base) {
		t.Fatal("errors.Is(field refusal, sentinel) = false")
	}
	r, ok := As(err)
	if !ok || r.Kind != Invalid || !r.Has("name") || r.Has("age") {
		t.Fatalf("As = %+v, %v", r, ok)
	}
	if errors.Is(err, New(Invalid, "x: invalid", "x.error")) {
		t.Fatal("two sentinels with the same text compare equal")
	}
}

func TestMergeKeepsTheFormsErrorsFirst(t *testing.T) {
	r := &Error{Kind: Invalid}
	r.Add("a", "domain.a")
	r.Add("b", "domain.b")
	got := Merge([]Field{{Field: "a", Key: "form.a"}}, r)
	if len(got) != 2 || got[0].Key != "form.a" || got[1].Key != "domain.b" {
		t.Fatalf("Merge = %+v", got)
	}
	if got := Merge(nil, nil); got != nil {
		t.Fatalf("Merge(nil, nil) = %+v", got)
	}
}

func TestKindCodes(t *testing.T) {
	for k, want := range map[Kind]string{Invalid: "invalid", NotFound: "not_found", Busy: "busy", Unavailable: "unavailable", Malformed: "malformed", 0: "", 99: ""} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d) = %q, want %q", k, got, want)
		}
	}
}
