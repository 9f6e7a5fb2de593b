package receipts

import (
	"context"
	"errors"
	"testing"
)

// TestForgetAfterAnotherInstanceRevoked: two services share a store, as
// two instances share a database. A revocation through one leaves the
// other's kept record and PDF standing until it is told (Forget), and no
// longer after, for one id or for all.
func TestForgetAfterAnotherInstanceRevoked(t *testing.T) {
	ctx := context.Background()
	a, kr := testService(t, testNow)
	b, err := New(a.store, kr, Config{BaseURL: "https://loket.example.be", Now: a.now, Renderer: sharedRenderer(t)})
	if err != nil {
		t.Fatal(err)
	}
	r, tok := issueSample(t, a)
	doc := samples[4].document()
	for _, id := range []string{r.ID, ""} {
		if st, err := b.Check(ctx, tok); err != nil || st.Revoked {
			t.Fatalf("before: %+v %v", st, err)
		}
		if _, err := b.PDF(ctx, r.ID, FormatRoll80, doc); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Revoke(ctx, r.ID, "moved"); err != nil {
			t.Fatal(err)
		}
		if st, _ := b.Check(ctx, tok); st.Revoked {
			t.Fatal("the other service read the store: this test shows nothing")
		}
		b.Forget(id)
		if st, err := b.Check(ctx, tok); err != nil || !st.Revoked {
			t.Errorf("Forget(%q): the revoked receipt still stands: %+v %v", id, st, err)
		}
		if _, err := b.PDF(ctx, r.ID, FormatRoll80, doc); !errors.Is(err, ErrRevoked) {
			t.Errorf("Forget(%q): PDF of the revoked receipt: %v", id, err)
		}
		r, tok = issueSample(t, a)
	}
}
