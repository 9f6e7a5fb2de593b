package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"loket/server/accounts"
)

// TestSavedFilters: an account keeps up to ten named inbox filters; the
// same name replaces, a bad name or query is refused and writes nothing.
func TestSavedFilters(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	a := mustCreate(t, svc, "inbox@example.be", accounts.RoleHelpdesk)
	if _, err := svc.SaveFilter(ctx, a.ID, " Arabic, open ", "state=open&lang=ar"); err != nil {
		t.Fatal(err)
	}
	got, err := svc.SaveFilter(ctx, a.ID, "Arabic, open", "state=assigned&lang=ar")
	if err != nil || len(got.InboxFilters) != 1 || got.InboxFilters[0].Query != "state=assigned&lang=ar" {
		t.Fatalf("same name again: %+v %v", got.InboxFilters, err)
	}
	for _, bad := range [][2]string{{"", "state=open"}, {"   ", "state=open"}, {string(make([]rune, 41)), "x=1"}, {"broken", "state=%zz"}} {
		if _, err := svc.SaveFilter(ctx, a.ID, bad[0], bad[1]); !errors.Is(err, accounts.ErrInvalid) {
			t.Errorf("save %q %q: %v", bad[0], bad[1], err)
		}
	}
	for i := 2; i <= accounts.MaxSavedFilters; i++ {
		if _, err := svc.SaveFilter(ctx, a.ID, fmt.Sprint("filter ", i), "age=1d"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.SaveFilter(ctx, a.ID, "one too many", "age=2d"); !errors.Is(err, accounts.ErrTooManyFilters) {
		t.Errorf("eleventh filter: %v", err)
	}
	got, err = svc.DeleteFilter(ctx, a.ID, "Arabic, open")
	if err != nil || len(got.InboxFilters) != accounts.MaxSavedFilters-1 {
		t.Fatalf("delete: %d %v", len(got.InboxFilters), err)
	}
	if stored, _ := svc.Get(ctx, a.ID); len(stored.InboxFilters) != accounts.MaxSavedFilters-1 {
		t.Errorf("stored filters: %d", len(stored.InboxFilters))
	}
}
