package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestHelpAndAddressFormsSentTwiceMakeOne: a help or address form sent
// again with its idempotency key (a reload; a phone's service worker
// sending what was posted offline, with a fresh CSRF token) shows the
// same reference and PIN and records nothing more.
func TestHelpAndAddressFormsSentTwiceMakeOne(t *testing.T) {
	ctx := context.Background()
	e := newHelpEnv(t)
	b := e.browser(t)
	_, page := b.Get("/ar/help?from=home")
	key := formValues(page).Get("idempotency_key")
	if len(key) < 20 {
		t.Fatalf("help form's idempotency key %q", key)
	}
	form := url.Values{"category": {"status"}, "message": {"متى أستلم بطاقتي؟"}, "lang": {"ar"}, "contact": {"app"},
		"from": {"home"}, "idempotency_key": {key}}
	first, pin := e.escalate(t, b, "", form)
	if again, pin2 := e.escalate(t, e.browser(t), "", form); again != first || pin2 != pin {
		t.Errorf("sent again from another browser: %s %s, first %s %s", again, pin2, first, pin)
	}
	form.Set("idempotency_key", key+"x")
	if other, _ := e.escalate(t, b, "", form); other == first {
		t.Error("another form got the same reference")
	}
	if got, _ := e.store.EscalationsSince(ctx, time.Time{}); len(got) != 2 {
		t.Errorf("%d requests recorded, want 2", len(got))
	}
	if _, err := e.desk.Lookup(ctx, first, pin); err != nil {
		t.Errorf("the PIN shown again does not open the request: %v", err)
	}

	a := newAddressApp(t)
	_, page = get(t, a.app, "/ti/address")
	key = formValues(page).Get("idempotency_key")
	v := validForm()
	v.Set("idempotency_key", key)
	ref, pin, _ := a.submit(t, a.Session(t), "ti", v)
	if ref2, pin2, body := a.submit(t, a.Session(t), "ti", v); ref2 != ref || pin2 != pin || !strings.Contains(body, `lang="ti"`) {
		t.Errorf("notification sent again: %s %s, first %s %s", ref2, pin2, ref, pin)
	}
	if st, _ := a.svc.Stats(ctx); st.Submitted != 1 {
		t.Errorf("%d notifications recorded, want 1", st.Submitted)
	}
}
