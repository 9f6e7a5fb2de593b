package queue_test

import (
	"errors"
	"fmt"
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
	if _, _, err := q.Enrol(ctx, "ABCD-EFGH", "192.0.2.1"); !errors.Is(err, queue.ErrBadCode) {
		t.Fatalf("wrong code: %v", err)
	}
	got, cred, err := q.Enrol(ctx, strings.ToLower(strings.ReplaceAll(code, "-", " ")), "192.0.2.1")
	if err != nil || got.ID != k.ID {
		t.Fatalf("enrol: %v %v", got.ID, err)
	}
	if _, _, err := q.Enrol(ctx, code, "192.0.2.1"); !errors.Is(err, queue.ErrBadCode) {
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
	if _, _, err := q.Enrol(ctx, late, "192.0.2.1"); !errors.Is(err, queue.ErrBadCode) {
		t.Fatalf("expired code: %v", err)
	}
	// Guessing is cut short per address (issue 14 item 12: 20 wrong codes
	// from anywhere used to block every kiosk's right code): after 20
	// codes in a minute from one address, or one IPv6 /64, even a right
	// one waits there, and only there.
	_, fresh, _ := q.AddKiosk(ctx, "brussels", "Hall back")
	_, other, _ := q.AddKiosk(ctx, "brussels", "Hall side")
	c.Add(time.Minute)
	for i := range 20 {
		if _, _, err := q.Enrol(ctx, "ZZZZ-ZZZZ", fmt.Sprintf("2001:db8:6:6::%x", i+1)); !errors.Is(err, queue.ErrBadCode) {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	if _, _, err := q.Enrol(ctx, fresh, "2001:db8:6:6::ff"); !errors.Is(err, queue.ErrTooManyCodes) {
		t.Fatalf("after 20 codes from one /64: %v", err)
	}
	if _, _, err := q.Enrol(ctx, other, "198.51.100.20"); err != nil {
		t.Fatalf("another address was blocked too: %v", err)
	}
	c.Add(time.Minute)
	if _, _, err := q.Enrol(ctx, fresh, "2001:db8:6:6::ff"); err != nil {
		t.Fatalf("a minute later: %v", err)
	}
	list, err := q.Kiosks(ctx)
	if err != nil || len(list) != 4 {
		t.Fatalf("list: %d %v", len(list), err)
	}
}
