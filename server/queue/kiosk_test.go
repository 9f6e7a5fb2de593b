package queue_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"loket/server/queue"
)

func TestKioskEnrolmentAndRevocation(t *testing.T) {
	q, c := newService(t, 50, nil)
	k, code, err := q.AddKiosk(ctx, "brussels", "Hall left")
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 9 || strings.ContainsAny(code, "0O1IL5S") {
		t.Fatalf("code %q is not short and unambiguous", code)
	}
	if _, _, err := q.AddKiosk(ctx, "nowhere", "x"); !errors.Is(err, queue.ErrUnknownOffice) {
		t.Fatalf("unknown office: %v", err)
	}
	if _, _, err := q.Enrol(ctx, "ABCD-EFGH"); !errors.Is(err, queue.ErrBadCode) {
		t.Fatalf("wrong code: %v", err)
	}
	got, cred, err := q.Enrol(ctx, strings.ToLower(strings.ReplaceAll(code, "-", " ")))
	if err != nil || got.ID != k.ID {
		t.Fatalf("enrol: %v %v", got.ID, err)
	}
	if _, _, err := q.Enrol(ctx, code); !errors.Is(err, queue.ErrBadCode) {
		t.Fatalf("code used twice: %v", err)
	}
	if got, err := q.Kiosk(ctx, cred); err != nil || got.OfficeID != "brussels" {
		t.Fatalf("credential: %v %v", got, err)
	}
	for _, bad := range []string{"", cred + "x", "x" + cred, k.ID + ".short"} {
		if _, err := q.Kiosk(ctx, bad); !errors.Is(err, queue.ErrKioskUnknown) {
			t.Errorf("credential %q: %v", bad, err)
		}
	}
	if _, err := q.RevokeKiosk(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Kiosk(ctx, cred); !errors.Is(err, queue.ErrKioskRevoked) {
		t.Fatalf("revoked kiosk: %v", err)
	}
	_, late, _ := q.AddKiosk(ctx, "brussels", "Hall right")
	c.Add(25 * time.Hour)
	if _, _, err := q.Enrol(ctx, late); !errors.Is(err, queue.ErrBadCode) {
		t.Fatalf("expired code: %v", err)
	}
	// Guessing is cut short: after 20 wrong codes in a minute even a
	// right one waits.
	_, fresh, _ := q.AddKiosk(ctx, "brussels", "Hall back")
	for i := range 19 {
		if _, _, err := q.Enrol(ctx, "ZZZZ-ZZZZ"); !errors.Is(err, queue.ErrBadCode) {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	if _, _, err := q.Enrol(ctx, fresh); !errors.Is(err, queue.ErrTooManyCodes) {
		t.Fatalf("after 20 wrong codes: %v", err)
	}
	c.Add(time.Minute)
	if _, _, err := q.Enrol(ctx, fresh); err != nil {
		t.Fatalf("a minute later: %v", err)
	}
	list, err := q.Kiosks(ctx)
	if err != nil || len(list) != 3 {
		t.Fatalf("list: %d %v", len(list), err)
	}
}
