package web

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/server/config"
)

// sharedProofs stands for the proofs of work recorded in a database that
// other instances share: the form each token served first.
type sharedProofs struct {
	mu    sync.Mutex
	first map[string]string
}

func (p *sharedProofs) UseProof(_ context.Context, token, form string, _, _ time.Time) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if f, ok := p.first[token]; ok {
		return f, nil
	}
	p.first[token] = form
	return form, nil
}

// TestProofUsedOnAnotherInstance: a proof of work that served a form on
// another instance (this one never saw it) is refused for a different
// form, as a replay, and passes for the same form (a retry that the
// balancer sent elsewhere) on to the booking's idempotency check.
func TestProofUsedOnAnotherInstance(t *testing.T) {
	proofs := &sharedProofs{first: map[string]string{}}
	a := newBookingAppWith(t, testOffices(), func(c *config.Config) { c.BookingPoW = true },
		func(e *testApp) { e.deps.Proofs = proofs })
	usedElsewhere := func(body, form string) {
		token := body[strings.Index(body, `"pow_token":"`)+len(`"pow_token":"`):]
		proofs.first[token[:strings.Index(token, `"`)]] = form
	}
	replayed := a.bookJSON(t, slotAt(3, 9, 0), `,"idempotency_key":"form-2"`)
	usedElsewhere(replayed, "form-1")
	if status, body, _ := a.call(t, "POST", "/api/v1/bookings", replayed); status != 422 || errCode(body) != "challenge_replayed" {
		t.Errorf("a proof used elsewhere for another form: %d %v", status, body)
	}
	retried := a.bookJSON(t, slotAt(3, 9, 0), `,"idempotency_key":"form-3"`)
	usedElsewhere(retried, "form-3")
	if status, body, _ := a.call(t, "POST", "/api/v1/bookings", retried); status != 201 {
		t.Errorf("the same form, retried here: %d %v", status, body)
	}
	// Without an idempotency key a proof serves one form of its own.
	once := a.bookJSON(t, slotAt(3, 10, 0), "")
	if status, body, _ := a.call(t, "POST", "/api/v1/bookings", once); status != 201 {
		t.Fatalf("first use: %d %v", status, body)
	}
	if len(proofs.first) != 3 {
		t.Errorf("proofs recorded: %v", proofs.first)
	}
}
