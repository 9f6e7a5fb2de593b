package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"loket/server/receipts"
)

func sampleReceipt(id string) receipts.Receipt {
	at := time.Date(2026, 12, 3, 8, 30, 0, 0, time.UTC)
	return receipts.Receipt{
		ID: id, Kind: receipts.KindBookingConfirmed, Reference: "K7M-4QX2", At: at,
		OfficeID: "brussels-north", Fields: map[string]string{"procedure": "family"},
		Created: at.Add(-48 * time.Hour), Expires: at.Add(7 * 24 * time.Hour), Token: "tok",
	}
}

func TestReceiptRecordGetRevoke(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	r := sampleReceipt("abcdefghijklm")
	if err := s.RecordReceipt(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordReceipt(ctx, r); !errors.Is(err, receipts.ErrDuplicate) {
		t.Fatalf("second record: %v, want ErrDuplicate", err)
	}
	got, err := s.Receipt(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Reference != r.Reference || !got.At.Equal(r.At) || got.Fields["procedure"] != "family" || got.Revoked {
		t.Fatalf("got %+v, want %+v", got, r)
	}
	if _, err := s.Receipt(ctx, "nosuchreceipt"); !errors.Is(err, receipts.ErrNotFound) {
		t.Fatalf("unknown id: %v, want ErrNotFound", err)
	}
	first := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	rev, err := s.RevokeReceipt(ctx, r.ID, "booking cancelled", first)
	if err != nil || !rev.Revoked || !rev.RevokedAt.Equal(first) || rev.RevokedReason != "booking cancelled" {
		t.Fatalf("revoke: %+v, %v", rev, err)
	}
	again, err := s.RevokeReceipt(ctx, r.ID, "other", first.Add(time.Hour))
	if err != nil || !again.RevokedAt.Equal(first) || again.RevokedReason != "booking cancelled" {
		t.Fatalf("second revoke changed the record: %+v, %v", again, err)
	}
	got, _ = s.Receipt(ctx, r.ID)
	if !got.Revoked || !got.RevokedAt.Equal(first) {
		t.Fatalf("revocation not stored: %+v", got)
	}
	if _, err := s.RevokeReceipt(ctx, "nosuchreceipt", "", first); !errors.Is(err, receipts.ErrNotFound) {
		t.Fatalf("revoke unknown: %v, want ErrNotFound", err)
	}
}

func TestReceiptKeysEnsureAndRotate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	keys, cur, err := s.ReceiptKeys(ctx)
	if err != nil || len(keys) != 0 || cur != "" {
		t.Fatalf("fresh store: %v %q %v", keys, cur, err)
	}
	k1 := receipts.SigningKey{ID: "00000001", Public: []byte{1}, Seed: []byte{2}}
	k2 := receipts.SigningKey{ID: "00000002", Public: []byte{3}, Seed: []byte{4}}
	if got, err := s.EnsureReceiptKey(ctx, k1); err != nil || got.ID != k1.ID {
		t.Fatalf("ensure first: %+v %v", got, err)
	}
	if got, err := s.EnsureReceiptKey(ctx, k2); err != nil || got.ID != k1.ID {
		t.Fatalf("ensure with a current key must keep it: %+v %v", got, err)
	}
	if err := s.RotateReceiptKey(ctx, k2); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	keys, cur, err = s.ReceiptKeys(ctx)
	if err != nil || len(keys) != 2 || cur != k2.ID {
		t.Fatalf("after rotate and reopen: %d keys, current %q, %v", len(keys), cur, err)
	}
}

// TestKeyringOnStore checks the keyring's first start against the real
// store: one key is made once, and tokens survive a restart and a rotation.
func TestKeyringOnStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kr, err := receipts.OpenKeyring(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := receipts.New(s, kr, receipts.Config{BaseURL: "https://loket.example.be", Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	r, token, err := svc.Issue(ctx, receipts.Input{Kind: receipts.KindQueueTicket, Reference: "A-042",
		At: time.Now().Add(time.Hour), OfficeID: "brussels-north"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	kr2, err := receipts.OpenKeyring(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if kr2.CurrentKeyID() != kr.CurrentKeyID() {
		t.Fatalf("restart made a new key: %s -> %s", kr.CurrentKeyID(), kr2.CurrentKeyID())
	}
	if _, err := kr2.Rotate(ctx); err != nil {
		t.Fatal(err)
	}
	svc2, _ := receipts.New(s, kr2, receipts.Config{BaseURL: "https://loket.example.be", Location: time.UTC})
	st, err := svc2.Check(ctx, token)
	if err != nil || st.Payload.ReceiptID != r.ID || st.Revoked {
		t.Fatalf("check after restart and rotation: %+v %v", st, err)
	}
	if _, err := svc2.Revoke(ctx, r.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if st, err = svc2.Check(ctx, token); err != nil || !st.Revoked || st.RevokedAt.IsZero() {
		t.Fatalf("check after revoke: %+v %v", st, err)
	}
}
