package address

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/server/receipts"
)

// failingStore refuses every write, like a full or read-only disk.
type failingStore struct{ Store }

var errDisk = errors.New("disk full")

func (failingStore) CreateAddressNotification(context.Context, Notification) error { return errDisk }

// recordingIssuer remembers what it issued and revoked.
type recordingIssuer struct{ issued, revoked []string }

func (r *recordingIssuer) Issue(_ context.Context, in receipts.Input) (receipts.Receipt, string, error) {
	id := "receipt" + string(rune('a'+len(r.issued)))
	r.issued = append(r.issued, id)
	if in.Kind != receipts.KindAddressNotification || in.Fields["initial"] != "O." || in.Fields["municipality"] != "brussel" {
		return receipts.Receipt{}, "", errors.New("unexpected receipt input")
	}
	return receipts.Receipt{ID: id}, "token", nil
}

func (r *recordingIssuer) Revoke(_ context.Context, id, _ string) (receipts.Receipt, error) {
	r.revoked = append(r.revoked, id)
	return receipts.Receipt{ID: id}, nil
}

// TestSubmitRevokesTheReceiptWhenTheWriteFails: a receipt must not attest
// a notification that was not recorded.
func TestSubmitRevokesTheReceiptWhenTheWriteFails(t *testing.T) {
	dir, _ := Curated()
	iss := &recordingIssuer{}
	s, err := New(failingStore{}, iss, dir, NewCountries(), Config{Secret: []byte("0123456789abcdef"),
		Now: func() time.Time { return time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Submit(context.Background(), validInput())
	if !errors.Is(err, errDisk) {
		t.Fatalf("err %v, want the store's error", err)
	}
	if len(iss.issued) != 1 || len(iss.revoked) != 1 || iss.revoked[0] != iss.issued[0] {
		t.Errorf("issued %v, revoked %v", iss.issued, iss.revoked)
	}
}

func TestNewRefusesShortSecret(t *testing.T) {
	dir, _ := Curated()
	if _, err := New(nil, nil, dir, NewCountries(), Config{Secret: []byte("short")}); err == nil {
		t.Error("a 5-byte secret was accepted")
	}
}
