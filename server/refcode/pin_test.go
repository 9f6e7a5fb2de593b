package refcode

import (
	"testing"
	"time"
)

func TestCheckPINLocksAfterWrongPINs(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	right := PINHash([]byte("secret"), "test", "H2345678", "123456")
	wrong := PINHash([]byte("secret"), "test", "H2345678", "654321")
	var failures int
	var locked time.Time
	if changed, r := CheckPIN(now, right, right, &failures, &locked); changed || r != PINRight {
		t.Fatalf("right PIN: %v %v", changed, r)
	}
	for i := 1; i < MaxPINFailures; i++ {
		if changed, r := CheckPIN(now, wrong, right, &failures, &locked); !changed || r != PINWrong || failures != i {
			t.Fatalf("wrong PIN %d: %v %v, %d failures", i, changed, r, failures)
		}
	}
	CheckPIN(now, wrong, right, &failures, &locked)
	if _, r := CheckPIN(now.Add(time.Minute), right, right, &failures, &locked); r != PINLocked {
		t.Fatalf("right PIN while locked: %v", r)
	}
	if changed, r := CheckPIN(now.Add(PINLock), right, right, &failures, &locked); r != PINRight || changed {
		t.Fatalf("after the lock: %v %v", changed, r)
	}
	if string(PINHash([]byte("secret"), "other", "H2345678", "123456")) == string(right) {
		t.Fatal("two purposes share a hash")
	}
}
