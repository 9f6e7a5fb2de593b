package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/server/accounts"
)

func testAccountsCreateGetUpdate(t *testing.T, s Backend) {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	a, err := s.CreateAccount(ctx, accounts.Account{Email: "a@example.be", Role: accounts.RoleAdmin, PasswordHash: "h", CreatedAt: now})
	if err != nil || a.ID != "a1" {
		t.Fatalf("create: %+v %v", a, err)
	}
	b, err := s.CreateAccount(ctx, accounts.Account{Email: "b@example.be", Role: accounts.RoleLawyer})
	if err != nil || b.ID != "a2" {
		t.Fatalf("second: %+v %v", b, err)
	}
	if _, err := s.CreateAccount(ctx, accounts.Account{Email: "a@example.be"}); !errors.Is(err, accounts.ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
	got, err := s.AccountByEmail(ctx, "a@example.be")
	if err != nil || got.ID != "a1" || !got.CreatedAt.Equal(now) {
		t.Errorf("by email: %+v %v", got, err)
	}
	if _, err := s.AccountByEmail(ctx, "x@example.be"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("unknown email: %v", err)
	}
	if _, err := s.Account(ctx, "a9"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	// Update cannot move the id or the address, and a failing fn writes nothing.
	up, err := s.UpdateAccount(ctx, "a1", func(x *accounts.Account) error {
		x.ID, x.Email, x.Disabled = "zz", "other@example.be", true
		return nil
	})
	if err != nil || up.ID != "a1" || up.Email != "a@example.be" || !up.Disabled {
		t.Errorf("update: %+v %v", up, err)
	}
	boom := errors.New("boom")
	if _, err := s.UpdateAccount(ctx, "a1", func(x *accounts.Account) error { x.Disabled = false; return boom }); !errors.Is(err, boom) {
		t.Errorf("failing update: %v", err)
	}
	if got, _ := s.Account(ctx, "a1"); !got.Disabled {
		t.Error("failed update was written")
	}
	all, err := s.Accounts(ctx)
	if err != nil || len(all) != 2 {
		t.Errorf("list: %d %v", len(all), err)
	}
}

func testSessionsStore(t *testing.T, s Backend) {
	ctx := context.Background()
	for _, sess := range []accounts.Session{{IDHash: "h1", AccountID: "a1"}, {IDHash: "h2", AccountID: "a1"}, {IDHash: "h3", AccountID: "a2"}} {
		if err := s.PutSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UpdateSession(ctx, "h1", func(x *accounts.Session) error { x.Complete = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Session(ctx, "h1"); err != nil || !got.Complete {
		t.Errorf("updated session: %+v %v", got, err)
	}
	if err := s.DeleteSessions(ctx, func(x accounts.Session) bool { return x.AccountID == "a1" && x.IDHash != "h2" }); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"h1": false, "h2": true, "h3": true} {
		_, err := s.Session(ctx, id)
		if (err == nil) != want || err != nil && !errors.Is(err, accounts.ErrNoSession) {
			t.Errorf("%s: %v, want present=%v", id, err, want)
		}
	}
	if err := s.DeleteSession(ctx, "h3"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSession(ctx, "h3", func(*accounts.Session) error { return nil }); !errors.Is(err, accounts.ErrNoSession) {
		t.Errorf("update deleted: %v", err)
	}
}
