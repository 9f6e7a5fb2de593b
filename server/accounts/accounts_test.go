package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/server/accounts"
	"loket/server/store"
)

// fastHash keeps tests quick; the real cost is measured by the benchmark.
var fastHash = accounts.HashParams{Time: 1, Memory: 64, Threads: 1}

// clock is a fake clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newService(t *testing.T) (*accounts.Service, *clock) {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	p := accounts.DefaultPolicy()
	p.Hash = fastHash
	return accounts.New(s, p, c.Now), c
}

const goodPassword = "correct horse battery"

func mustCreate(t *testing.T, svc *accounts.Service, email string, role accounts.Role) accounts.Account {
	t.Helper()
	a, err := svc.Create(context.Background(), accounts.NewAccount{Email: email, Role: role, Password: goodPassword, Offices: []string{"BXL"}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := accounts.HashPassword("s3cret-Passw0rd", fastHash)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q", h)
	}
	h2, _ := accounts.HashPassword("s3cret-Passw0rd", fastHash)
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt?")
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{{"s3cret-Passw0rd", true}, {"s3cret-passw0rd", false}, {"", false}, {"s3cret-Passw0rd ", false}} {
		ok, err := accounts.VerifyPassword(tt.pw, h)
		if err != nil || ok != tt.want {
			t.Errorf("verify %q: %v %v, want %v", tt.pw, ok, err, tt.want)
		}
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", h[:len(h)-30]} {
		if _, err := accounts.VerifyPassword("x", bad); !errors.Is(err, accounts.ErrHash) {
			t.Errorf("verify against %q: %v, want ErrHash", bad, err)
		}
	}
}

// TestTOTPVectors checks the RFC 6238 appendix B SHA-1 vectors.
func TestTOTPVectors(t *testing.T) {
	secret := []byte("12345678901234567890")
	for _, tt := range []struct {
		unix int64
		code string
	}{
		{59, "94287082"}, {1111111109, "07081804"}, {1111111111, "14050471"},
		{1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
	} {
		step := accounts.TOTPStep(time.Unix(tt.unix, 0))
		if got := accounts.TOTPCode(secret, step, 8); got != tt.code {
			t.Errorf("T=%d: %s, want %s", tt.unix, got, tt.code)
		}
		if got := accounts.TOTPCode(secret, step, 6); got != tt.code[2:] {
			t.Errorf("T=%d 6 digits: %s, want %s", tt.unix, got, tt.code[2:])
		}
	}
}

func TestOTPAuthURI(t *testing.T) {
	u := accounts.OTPAuthURI("Loket", "a@b.be", []byte("12345678901234567890"))
	if !strings.HasPrefix(u, "otpauth://totp/Loket:a@b.be?") || !strings.Contains(u, "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") {
		t.Errorf("uri %s", u)
	}
	if got := accounts.SecretText([]byte("12345678901234567890")); got != "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ" {
		t.Errorf("secret text %q", got)
	}
}

// signInWithTOTP signs in, enrols if needed and returns a complete session
// id, the TOTP secret and the recovery codes shown at enrolment.
func enrol(t *testing.T, svc *accounts.Service, c *clock, email string) (string, []byte, []string) {
	t.Helper()
	ctx := context.Background()
	half, a, err := svc.SignIn(ctx, email, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if sess, _, err := svc.Authenticate(ctx, half); err != nil || sess.Complete {
		t.Fatalf("half session: %+v %v", sess, err)
	}
	secret, err := svc.Enrolment(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := svc.Enrolment(ctx, a.ID)
	if string(again) != string(secret) {
		t.Error("enrolment secret changed on reload")
	}
	code := accounts.TOTPCode(secret, accounts.TOTPStep(c.Now()), 6)
	full, codes, _, _, err := svc.SecondFactor(ctx, half, code)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != accounts.RecoveryCount {
		t.Fatalf("%d recovery codes", len(codes))
	}
	if _, _, err := svc.Authenticate(ctx, half); !errors.Is(err, accounts.ErrNoSession) {
		t.Errorf("half session after second factor: %v, want ErrNoSession", err)
	}
	if sess, _, err := svc.Authenticate(ctx, full); err != nil || !sess.Complete {
		t.Fatalf("full session: %+v %v", sess, err)
	}
	return full, secret, codes
}

func TestEnrolmentAndSecondFactor(t *testing.T) {
	svc, c := newService(t)
	ctx := context.Background()
	mustCreate(t, svc, "Helpdesk@Example.be", accounts.RoleHelpdesk)
	_, secret, codes := enrol(t, svc, c, "helpdesk@example.be")

	half, _, err := svc.SignIn(ctx, "helpdesk@example.be", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	// The code used at enrolment cannot be replayed in the same step.
	code := accounts.TOTPCode(secret, accounts.TOTPStep(c.Now()), 6)
	if _, _, _, _, err := svc.SecondFactor(ctx, half, code); !errors.Is(err, accounts.ErrBadCode) {
		t.Errorf("replayed code: %v, want ErrBadCode", err)
	}
	c.Add(30 * time.Second)
	code = accounts.TOTPCode(secret, accounts.TOTPStep(c.Now().Add(30*time.Second)), 6) // one step ahead: allowed
	if _, _, used, _, err := svc.SecondFactor(ctx, half, code); err != nil || used {
		t.Fatalf("next code: %v (recovery used %v)", err, used)
	}
	// Two steps ahead is refused.
	c.Add(90 * time.Second)
	half, _, _ = svc.SignIn(ctx, "helpdesk@example.be", goodPassword)
	code = accounts.TOTPCode(secret, accounts.TOTPStep(c.Now().Add(60*time.Second)), 6)
	if _, _, _, _, err := svc.SecondFactor(ctx, half, code); !errors.Is(err, accounts.ErrBadCode) {
		t.Errorf("code two steps ahead: %v", err)
	}

	// A recovery code works once, typed in lower case with spaces.
	typed := strings.ToLower(strings.ReplaceAll(codes[3], "-", " "))
	if _, _, used, _, err := svc.SecondFactor(ctx, half, typed); err != nil || !used {
		t.Fatalf("recovery code: %v used=%v", err, used)
	}
	half, _, _ = svc.SignIn(ctx, "helpdesk@example.be", goodPassword)
	if _, _, _, _, err := svc.SecondFactor(ctx, half, codes[3]); !errors.Is(err, accounts.ErrBadCode) {
		t.Errorf("recovery code reused: %v, want ErrBadCode", err)
	}
}

// TestEveryRoleNeedsASecondFactor replays issue 14 item 3: municipality
// accounts signed in with a password only, yet list and export personal
// data. A password alone now gives no complete session, in any role.
func TestEveryRoleNeedsASecondFactor(t *testing.T) {
	svc, _ := newService(t)
	for i, role := range accounts.Roles {
		email := fmt.Sprintf("user%d@example.be", i)
		mustCreate(t, svc, email, role)
		id, _, err := svc.SignIn(context.Background(), email, goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		if sess, _, err := svc.Authenticate(context.Background(), id); err != nil || sess.Complete {
			t.Errorf("%s: a password alone gave session %+v %v", role, sess, err)
		}
	}
}

func TestSessionExpiry(t *testing.T) {
	svc, c := newService(t)
	ctx := context.Background()
	mustCreate(t, svc, "sup@example.be", accounts.RoleSupervisor)
	full, _, _ := enrol(t, svc, c, "sup@example.be")

	// Activity every 20 minutes keeps the session for up to 12 hours.
	for elapsed := time.Duration(0); elapsed < 11*time.Hour+40*time.Minute; elapsed += 20 * time.Minute {
		c.Add(20 * time.Minute)
		if _, _, err := svc.Authenticate(ctx, full); err != nil {
			t.Fatalf("after %v: %v", elapsed+20*time.Minute, err)
		}
	}
	c.Add(20 * time.Minute)
	if _, _, err := svc.Authenticate(ctx, full); !errors.Is(err, accounts.ErrExpired) {
		t.Errorf("after 12h: %v, want ErrExpired", err)
	}
	if _, _, err := svc.Authenticate(ctx, full); !errors.Is(err, accounts.ErrNoSession) {
		t.Errorf("expired session kept: %v", err)
	}

	// 30 idle minutes end a session.
	full, _, _ = signInEnrolled(t, svc, c, "sup@example.be")
	c.Add(29 * time.Minute)
	if _, _, err := svc.Authenticate(ctx, full); err != nil {
		t.Fatal(err)
	}
	c.Add(30 * time.Minute)
	if _, _, err := svc.Authenticate(ctx, full); !errors.Is(err, accounts.ErrExpired) {
		t.Errorf("after 30 idle minutes: %v, want ErrExpired", err)
	}

	// A sign-in purges sessions that ended unseen: the stale one is gone,
	// not merely expired.
	stale, _, _ := signInEnrolled(t, svc, c, "sup@example.be")
	c.Add(13 * time.Hour)
	signInEnrolled(t, svc, c, "sup@example.be")
	if _, _, err := svc.Authenticate(ctx, stale); !errors.Is(err, accounts.ErrNoSession) {
		t.Errorf("stale session after a sign-in: %v, want ErrNoSession", err)
	}

	// Sign-out ends it at once.
	full, _, _ = signInEnrolled(t, svc, c, "sup@example.be")
	if err := svc.SignOut(ctx, full); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Authenticate(ctx, full); !errors.Is(err, accounts.ErrNoSession) {
		t.Errorf("after sign-out: %v", err)
	}
}

// signInEnrolled signs in an enrolled account with a fresh step's code.
func signInEnrolled(t *testing.T, svc *accounts.Service, c *clock, email string) (string, accounts.Account, error) {
	t.Helper()
	ctx := context.Background()
	c.Add(31 * time.Second)
	half, a, err := svc.SignIn(ctx, email, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	full, _, _, a, err := svc.SecondFactor(ctx, half, accounts.TOTPCode(a.TOTPSecret, accounts.TOTPStep(c.Now()), 6))
	if err != nil {
		t.Fatal(err)
	}
	return full, a, err
}

func TestLockout(t *testing.T) {
	svc, c := newService(t)
	ctx := context.Background()
	mustCreate(t, svc, "admin@example.be", accounts.RoleAdmin)
	// Wrong passwords answer like an unknown address and lock nothing
	// (issue 14 item 10: five guesses by anyone locked the owner out).
	for i := 1; i <= 7; i++ {
		if _, a, err := svc.SignIn(ctx, "admin@example.be", "wrong password!!"); !errors.Is(err, accounts.ErrBadCredentials) || a.ID != "" {
			t.Fatalf("attempt %d: %v %+v", i, err, a)
		}
	}
	if _, _, err := svc.SignIn(ctx, "admin@example.be", goodPassword); err != nil {
		t.Fatalf("right password after wrong ones: %v", err)
	}
	// Wrong codes, which need the password, lock the account.
	half, _, _ := svc.SignIn(ctx, "admin@example.be", goodPassword)
	for i := 1; i <= 5; i++ {
		_, _, _, _, err := svc.SecondFactor(ctx, half, "000000")
		if i < 5 && !errors.Is(err, accounts.ErrBadCode) || i == 5 && !errors.Is(err, accounts.ErrLocked) {
			t.Fatalf("code attempt %d: %v", i, err)
		}
	}
	if _, _, err := svc.SignIn(ctx, "admin@example.be", goodPassword); !errors.Is(err, accounts.ErrLocked) {
		t.Errorf("right password while locked: %v", err)
	}
	c.Add(15 * time.Minute)
	if _, _, err := svc.SignIn(ctx, "admin@example.be", goodPassword); err != nil {
		t.Errorf("after 15 min: %v", err)
	}
	// An unknown address answers like a wrong password, and locks nothing.
	for range 7 {
		if _, a, err := svc.SignIn(ctx, "nobody@example.be", goodPassword); !errors.Is(err, accounts.ErrBadCredentials) || a.ID != "" {
			t.Fatalf("unknown address: %v %+v", err, a)
		}
	}
}

func TestDisabledAndReset(t *testing.T) {
	svc, c := newService(t)
	ctx := context.Background()
	a := mustCreate(t, svc, "law@example.be", accounts.RoleLawyer)
	full, _, _ := enrol(t, svc, c, "law@example.be")
	if _, err := svc.Disable(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Authenticate(ctx, full); !errors.Is(err, accounts.ErrNoSession) && !errors.Is(err, accounts.ErrDisabled) {
		t.Errorf("session of disabled account: %v", err)
	}
	if _, _, err := svc.SignIn(ctx, "law@example.be", goodPassword); !errors.Is(err, accounts.ErrDisabled) {
		t.Errorf("disabled sign-in: %v", err)
	}
	if _, _, err := svc.SignIn(ctx, "law@example.be", "not the password"); !errors.Is(err, accounts.ErrBadCredentials) {
		t.Errorf("disabled, wrong password: %v", err)
	}
	if _, err := svc.Enable(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := svc.ResetSecondFactor(ctx, a.ID)
	if err != nil || got.Enrolled() || len(got.RecoveryHashes) != 0 {
		t.Fatalf("reset: %+v %v", got, err)
	}
	enrol(t, svc, c, "law@example.be") // enrols again
}

func TestChangePassword(t *testing.T) {
	svc, c := newService(t)
	ctx := context.Background()
	a := mustCreate(t, svc, "hd@example.be", accounts.RoleHelpdesk)
	full, _, _ := enrol(t, svc, c, "hd@example.be")
	other, _, _ := signInEnrolled(t, svc, c, "hd@example.be")
	if err := svc.ChangePassword(ctx, a.ID, "wrong current pw", "a brand new password", full); !errors.Is(err, accounts.ErrBadCredentials) {
		t.Errorf("wrong current: %v", err)
	}
	if err := svc.ChangePassword(ctx, a.ID, goodPassword, "short", full); !errors.Is(err, accounts.ErrInvalid) {
		t.Errorf("short new: %v", err)
	}
	if err := svc.ChangePassword(ctx, a.ID, goodPassword, "a brand new password", full); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Authenticate(ctx, full); err != nil {
		t.Errorf("the changing session ended: %v", err)
	}
	if _, _, err := svc.Authenticate(ctx, other); !errors.Is(err, accounts.ErrNoSession) {
		t.Errorf("other session kept: %v", err)
	}
	if _, _, err := svc.SignIn(ctx, "hd@example.be", "a brand new password"); err != nil {
		t.Errorf("new password: %v", err)
	}
}

func TestCreateValidates(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	mustCreate(t, svc, "one@example.be", accounts.RoleAdmin)
	for _, n := range []accounts.NewAccount{
		{Email: "ONE@example.be ", Role: accounts.RoleAdmin, Password: goodPassword},
		{Email: "not an address", Role: accounts.RoleAdmin, Password: goodPassword},
		{Email: "two@example.be", Role: "root", Password: goodPassword},
		{Email: "two@example.be", Role: accounts.RoleAdmin, Password: "short"},
		{Email: "two@example.be", Role: accounts.RoleAdmin, Password: strings.Repeat("x", 200)},
		{Email: "two@example.be", Role: accounts.RoleHelpdesk, Password: goodPassword},
	} {
		if _, err := svc.Create(ctx, n); !errors.Is(err, accounts.ErrDuplicate) && !errors.Is(err, accounts.ErrInvalid) && !errors.Is(err, accounts.ErrNoOffice) {
			t.Errorf("%+v: %v", n, err)
		}
	}
	if _, err := accounts.ParseList("BXL, ANT;  BXL\ngent"); err != nil {
		t.Error(err)
	}
	if l, _ := accounts.ParseList("BXL, ANT;  BXL\ngent"); strings.Join(l, "|") != "BXL|ANT|gent" {
		t.Errorf("list %v", l)
	}
	if _, err := accounts.ParseList("<script>"); !errors.Is(err, accounts.ErrInvalid) {
		t.Errorf("bad list: %v", err)
	}
}

// BenchmarkHashPassword measures the production argon2id parameters.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := accounts.HashPassword("correct horse battery", accounts.DefaultHashParams); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPasswordPolicyRefusesGuessablePasswords replays issue 14 item 13:
// "aaaaaaaaaaaa" was accepted because only the length was checked.
func TestPasswordPolicyRefusesGuessablePasswords(t *testing.T) {
	for _, pw := range []string{
		"aaaaaaaaaaaa", "abababababab", "abcabcabcabc", "123412341234", "passwordpassword",
		"123456789012", "abcdefghijkl", "qwertyuiopas", "azertyuiopqs", "987654321098",
		"password1234", "P@ssw0rd2024!", "iloveyou2026", "!!dragon12345", "monkeymonkey1",
		"Wachtwoord123", "azerty123456", "1qaz2wsx3edc", "baseball1234",
	} {
		err := accounts.CheckPassword(pw)
		if !errors.Is(err, accounts.ErrWeakPassword) || !errors.Is(err, accounts.ErrInvalid) {
			t.Errorf("%q: %v, want refused as weak", pw, err)
		}
	}
	for _, pw := range []string{goodPassword, "demo-loket-2026", "another good password", "a long enough passphrase",
		"Tr0ub4dor&3-horse", "zeven kleine beren dansen", "سبعة دببة صغيرة ترقص", "k8#Vq2!mZr0x"} {
		if err := accounts.CheckPassword(pw); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
	svc, _ := newService(t)
	if _, err := svc.Create(context.Background(), accounts.NewAccount{Email: "a@example.be", Role: accounts.RoleAdmin, Password: "aaaaaaaaaaaa"}); !errors.Is(err, accounts.ErrWeakPassword) {
		t.Errorf("account created with a trivial password: %v", err)
	}
}

// TestIssuedPasswordMustBeChanged: an administrator's first password for
// someone carries the must-change flag until its owner changes it, and a
// "change" to the same password does not count.
func TestIssuedPasswordMustBeChanged(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	a, err := svc.Create(ctx, accounts.NewAccount{Email: "new@example.be", Role: accounts.RoleMunicipality, Password: goodPassword, Issued: true})
	if err != nil || !a.MustChangePassword {
		t.Fatalf("issued account: %+v %v", a, err)
	}
	sid, got, err := svc.SignIn(ctx, "new@example.be", goodPassword)
	if err != nil || !got.MustChangePassword {
		t.Fatalf("sign-in does not carry the flag: %+v %v", got, err)
	}
	if err := svc.ChangePassword(ctx, a.ID, goodPassword, goodPassword, sid); !errors.Is(err, accounts.ErrWeakPassword) {
		t.Errorf("same password accepted: %v", err)
	}
	if a, _ = svc.Get(ctx, a.ID); !a.MustChangePassword {
		t.Fatal("flag cleared by a refused change")
	}
	if err := svc.ChangePassword(ctx, a.ID, goodPassword, "my very own passphrase", sid); err != nil {
		t.Fatal(err)
	}
	if a, _ = svc.Get(ctx, a.ID); a.MustChangePassword {
		t.Error("flag kept after the change")
	}
	if b := mustCreate(t, svc, "self@example.be", accounts.RoleAdmin); b.MustChangePassword {
		t.Error("self-chosen password flagged")
	}
}
