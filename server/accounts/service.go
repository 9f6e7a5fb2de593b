package accounts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Store is what the accounts domain needs from storage. Update functions
// run inside one write transaction and must not do slow work (hashing).
type Store interface {
	CreateAccount(ctx context.Context, a Account) (Account, error)
	Account(ctx context.Context, id string) (Account, error)
	AccountByEmail(ctx context.Context, email string) (Account, error)
	Accounts(ctx context.Context) ([]Account, error)
	UpdateAccount(ctx context.Context, id string, fn func(*Account) error) (Account, error)

	PutSession(ctx context.Context, s Session) error
	Session(ctx context.Context, idHash string) (Session, error)
	UpdateSession(ctx context.Context, idHash string, fn func(*Session) error) (Session, error)
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteSessions removes every session for which match is true, in
	// one transaction.
	DeleteSessions(ctx context.Context, match func(Session) bool) error
}

// Policy holds the security settings.
type Policy struct {
	// IdleTimeout ends a session nobody used for this long; MaxLifetime
	// ends any session this long after sign-in.
	IdleTimeout time.Duration
	MaxLifetime time.Duration
	// MaxFailures wrong passwords or codes lock an account for LockFor.
	MaxFailures int
	LockFor     time.Duration
	// Hash are the argon2id parameters of new password hashes.
	Hash HashParams
	// Issuer names Loket in authenticator apps.
	Issuer string
}

// DefaultPolicy: 30 minutes idle, 12 hours at most, 5 failures lock for
// 15 minutes (fewer than one guess a minute per account on average).
func DefaultPolicy() Policy {
	return Policy{IdleTimeout: 30 * time.Minute, MaxLifetime: 12 * time.Hour, MaxFailures: 5,
		LockFor: 15 * time.Minute, Hash: DefaultHashParams, Issuer: "Loket"}
}

// touchEvery limits how often a session's LastSeen is written back.
const touchEvery = time.Minute

// Service runs the account rules over a Store.
type Service struct {
	store  Store
	policy Policy
	now    func() time.Time
	// dummyHash is verified when an e-mail address is unknown, so that a
	// wrong address takes as long as a wrong password. It is made on first
	// use, to keep start-up fast.
	dummyOnce sync.Once
	dummyHash string
}

// New makes a Service; now nil means time.Now.
func New(st Store, p Policy, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, policy: p, now: now}
}

// burnTime spends what verifying a password costs.
func (s *Service) burnTime(pw string) {
	s.dummyOnce.Do(func() { s.dummyHash, _ = HashPassword("loket-no-such-account", s.policy.Hash) })
	_, _ = VerifyPassword(pw[:min(len(pw), MaxPassword)], s.dummyHash)
}

// Policy returns the service's settings.
func (s *Service) Policy() Policy { return s.policy }

// Create adds an account after checking its fields; the password is hashed
// here, outside any transaction.
func (s *Service) Create(ctx context.Context, n NewAccount) (Account, error) {
	email, err := NormalizeEmail(n.Email)
	if err != nil {
		return Account{}, err
	}
	if !n.Role.Valid() {
		return Account{}, fmt.Errorf("%w: role %q", ErrInvalid, n.Role)
	}
	if (n.Role == RoleHelpdesk || n.Role == RoleSupervisor) && len(n.Offices) == 0 {
		return Account{}, ErrNoOffice
	}
	if err := CheckPassword(n.Password); err != nil {
		return Account{}, err
	}
	hash, err := HashPassword(n.Password, s.policy.Hash)
	if err != nil {
		return Account{}, err
	}
	now := s.now().UTC()
	return s.store.CreateAccount(ctx, Account{Email: email, Role: n.Role, Offices: n.Offices,
		Municipalities: n.Municipalities, PasswordHash: hash, MustChangePassword: n.Issued, CreatedAt: now, UpdatedAt: now})
}

// Get returns one account.
func (s *Service) Get(ctx context.Context, id string) (Account, error) {
	return s.store.Account(ctx, id)
}

// ByEmail returns the account with this address.
func (s *Service) ByEmail(ctx context.Context, email string) (Account, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return Account{}, fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	return s.store.AccountByEmail(ctx, e)
}

// List returns every account, sorted by e-mail address.
func (s *Service) List(ctx context.Context) ([]Account, error) {
	as, err := s.store.Accounts(ctx)
	slices.SortFunc(as, func(a, b Account) int { return strings.Compare(a.Email, b.Email) })
	return as, err
}

// Disable stops an account from signing in and ends its sessions.
func (s *Service) Disable(ctx context.Context, id string) (Account, error) {
	a, err := s.store.UpdateAccount(ctx, id, func(a *Account) error {
		a.Disabled = true
		a.UpdatedAt = s.now().UTC()
		return nil
	})
	if err != nil {
		return a, err
	}
	return a, s.endSessions(ctx, id, "")
}

// Enable lets a disabled account sign in again.
func (s *Service) Enable(ctx context.Context, id string) (Account, error) {
	return s.store.UpdateAccount(ctx, id, func(a *Account) error {
		a.Disabled, a.Failures, a.LockedUntil = false, 0, time.Time{}
		a.UpdatedAt = s.now().UTC()
		return nil
	})
}

// ResetSecondFactor forgets an account's TOTP secret and recovery codes,
// so its next sign-in enrols a new phone; it ends its sessions.
func (s *Service) ResetSecondFactor(ctx context.Context, id string) (Account, error) {
	a, err := s.store.UpdateAccount(ctx, id, func(a *Account) error {
		a.TOTPSecret, a.PendingTOTP, a.RecoveryHashes, a.LastTOTPStep = nil, nil, nil, 0
		a.UpdatedAt = s.now().UTC()
		return nil
	})
	if err != nil {
		return a, err
	}
	return a, s.endSessions(ctx, id, "")
}

// SignIn checks an e-mail address and password. On success it returns a
// new session id (for the cookie); the session is complete only for roles
// without a second factor. Failures count towards the lock-out; the error
// is ErrBadCredentials whether or not the address exists, ErrLocked while
// locked and ErrDisabled for a disabled account with the right password.
// The returned account is empty when the address is unknown.
func (s *Service) SignIn(ctx context.Context, email, password string) (string, Account, error) {
	a, err := s.ByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) || len(password) > MaxPassword {
		s.burnTime(password)
		return "", Account{}, ErrBadCredentials
	}
	if err != nil {
		return "", Account{}, err
	}
	if a.Locked(s.now()) {
		return "", a, ErrLocked
	}
	ok, err := VerifyPassword(password, a.PasswordHash)
	if err != nil {
		return "", a, err
	}
	if !ok {
		// A wrong password does not count towards the account's lock:
		// anyone who knows the address could lock its owner out with
		// five guesses. The HTTP layer limits guesses per address and
		// account, and per account with a slower brake.
		return "", Account{}, ErrBadCredentials
	}
	if a.Disabled {
		return "", a, ErrDisabled
	}
	if err := s.purgeExpired(ctx); err != nil {
		return "", a, err
	}
	complete := !a.Role.NeedsSecondFactor()
	if complete {
		if a, err = s.succeed(ctx, a.ID); err != nil {
			return "", a, err
		}
	}
	id, err := s.newSession(ctx, a.ID, complete)
	return id, a, err
}

// fail counts one failure and locks the account at the limit; it returns
// ErrLocked when this failure locked it, else ErrBadCredentials.
func (s *Service) fail(ctx context.Context, id string) error {
	locked := false
	_, err := s.store.UpdateAccount(ctx, id, func(a *Account) error {
		a.Failures++
		if a.Failures >= s.policy.MaxFailures {
			a.LockedUntil = s.now().UTC().Add(s.policy.LockFor)
			a.Failures = 0
			locked = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	if locked {
		return ErrLocked
	}
	return ErrBadCredentials
}

// succeed clears the failure count.
func (s *Service) succeed(ctx context.Context, id string) (Account, error) {
	return s.store.UpdateAccount(ctx, id, func(a *Account) error {
		a.Failures, a.LockedUntil = 0, time.Time{}
		return nil
	})
}

func (s *Service) newSession(ctx context.Context, accountID string, complete bool) (string, error) {
	id, hash, err := newSessionID()
	if err != nil {
		return "", err
	}
	now := s.now().UTC()
	return id, s.store.PutSession(ctx, Session{IDHash: hash, AccountID: accountID, CreatedAt: now, LastSeen: now, Complete: complete})
}

// Authenticate returns the session and account of a session id, refreshing
// its idle timer. It fails with ErrNoSession, ErrExpired (and deletes the
// session) or ErrDisabled. The caller checks Session.Complete.
func (s *Service) Authenticate(ctx context.Context, id string) (Session, Account, error) {
	if id == "" || len(id) > 64 {
		return Session{}, Account{}, ErrNoSession
	}
	hash := HashSessionID(id)
	sess, err := s.store.Session(ctx, hash)
	if err != nil {
		return sess, Account{}, err
	}
	now := s.now().UTC()
	if sess.expired(now, s.policy) {
		_ = s.store.DeleteSession(ctx, hash)
		return Session{}, Account{}, ErrExpired
	}
	a, err := s.store.Account(ctx, sess.AccountID)
	if errors.Is(err, ErrNotFound) || err == nil && a.Disabled {
		_ = s.store.DeleteSession(ctx, hash)
		return Session{}, a, ErrDisabled
	}
	if err != nil {
		return sess, a, err
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		sess, err = s.store.UpdateSession(ctx, hash, func(x *Session) error { x.LastSeen = now; return nil })
	}
	return sess, a, err
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, id string) error {
	return s.store.DeleteSession(ctx, HashSessionID(id))
}

// Enrolment returns the secret to show for TOTP enrolment, making and
// keeping a pending one so that reloading the page shows the same QR code.
func (s *Service) Enrolment(ctx context.Context, accountID string) ([]byte, error) {
	var secret []byte
	_, err := s.store.UpdateAccount(ctx, accountID, func(a *Account) error {
		if a.Enrolled() {
			return fmt.Errorf("%w: already enrolled", ErrInvalid)
		}
		if len(a.PendingTOTP) == 0 {
			sec, err := NewTOTPSecret()
			if err != nil {
				return err
			}
			a.PendingTOTP = sec
		}
		secret = a.PendingTOTP
		return nil
	})
	return secret, err
}

// SecondFactor completes a half-signed-in session with a TOTP code, or a
// recovery code for an enrolled account. When the account was not yet
// enrolled, a right code confirms the pending secret and the new recovery
// codes are returned, to be shown once. The half session is replaced by a
// new complete one (a new id defeats session fixation); usedRecovery
// reports whether a recovery code was spent.
func (s *Service) SecondFactor(ctx context.Context, sessionID, code string) (newID string, recovery []string, usedRecovery bool, a Account, err error) {
	sess, a, err := s.Authenticate(ctx, sessionID)
	if err != nil {
		return "", nil, false, a, err
	}
	if a.Locked(s.now()) {
		return "", nil, false, a, ErrLocked
	}
	code = cleanCode(code)
	var codes, hashes []string
	if !a.Enrolled() {
		if codes, hashes, err = newRecoveryCodes(); err != nil {
			return "", nil, false, a, err
		}
	}
	now := s.now()
	ok := false
	a, err = s.store.UpdateAccount(ctx, a.ID, func(x *Account) error {
		ok, usedRecovery = false, false
		switch {
		case !x.Enrolled():
			if step, good := checkTOTP(x.PendingTOTP, code, now, x.LastTOTPStep); good && len(x.PendingTOTP) > 0 {
				x.TOTPSecret, x.PendingTOTP, x.LastTOTPStep = x.PendingTOTP, nil, step
				x.RecoveryHashes = hashes
				ok = true
			}
		default:
			if step, good := checkTOTP(x.TOTPSecret, code, now, x.LastTOTPStep); good {
				x.LastTOTPStep, ok = step, true
			} else if i := slices.Index(x.RecoveryHashes, hashRecovery(code)); len(code) == recoveryLen && i >= 0 {
				x.RecoveryHashes = slices.Delete(slices.Clone(x.RecoveryHashes), i, i+1)
				ok, usedRecovery = true, true
			}
		}
		if ok {
			x.Failures, x.LockedUntil = 0, time.Time{}
			x.UpdatedAt = now.UTC()
		}
		return nil
	})
	if err != nil {
		return "", nil, false, a, err
	}
	if !ok {
		err := s.fail(ctx, a.ID)
		if errors.Is(err, ErrBadCredentials) {
			err = ErrBadCode
		}
		return "", nil, false, a, err
	}
	if err := s.store.DeleteSession(ctx, sess.IDHash); err != nil {
		return "", nil, false, a, err
	}
	newID, err = s.newSession(ctx, a.ID, true)
	if len(hashes) == 0 {
		codes = nil
	}
	return newID, codes, usedRecovery, a, err
}

// ChangePassword replaces a password after checking the current one; a
// wrong current password counts as a failure, and the new one must not be
// the current one. It clears MustChangePassword. Other sessions of the
// account end; keep is the session id that stays signed in.
func (s *Service) ChangePassword(ctx context.Context, accountID, current, next, keep string) error {
	a, err := s.store.Account(ctx, accountID)
	if err != nil {
		return err
	}
	if err := CheckPassword(next); err != nil {
		return err
	}
	if len(current) > MaxPassword {
		return s.fail(ctx, a.ID)
	}
	ok, err := VerifyPassword(current, a.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return s.fail(ctx, a.ID)
	}
	if next == current {
		return fmt.Errorf("%w: %w: the new password is the current one", ErrWeakPassword, ErrInvalid)
	}
	hash, err := HashPassword(next, s.policy.Hash)
	if err != nil {
		return err
	}
	if _, err := s.store.UpdateAccount(ctx, accountID, func(x *Account) error {
		x.PasswordHash, x.UpdatedAt, x.Failures, x.MustChangePassword = hash, s.now().UTC(), 0, false
		return nil
	}); err != nil {
		return err
	}
	keepHash := ""
	if keep != "" {
		keepHash = HashSessionID(keep)
	}
	return s.endSessions(ctx, accountID, keepHash)
}

// endSessions ends every session of an account but the one stored under
// keepHash ("" for none).
func (s *Service) endSessions(ctx context.Context, accountID, keepHash string) error {
	return s.store.DeleteSessions(ctx, func(x Session) bool { return x.AccountID == accountID && x.IDHash != keepHash })
}

// purgeExpired removes sessions past their limits that nobody came back
// to; every sign-in runs it, so the store never fills with them.
func (s *Service) purgeExpired(ctx context.Context) error {
	now := s.now().UTC()
	return s.store.DeleteSessions(ctx, func(x Session) bool { return x.expired(now, s.policy) })
}
