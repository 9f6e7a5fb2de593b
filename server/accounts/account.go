// Package accounts holds the people who sign in to Loket's staff console:
// helpdesk staff, supervisors, administrators, lawyers and (later)
// municipality clerks. It hashes passwords with argon2id, runs TOTP second
// factors and single-use recovery codes, keeps server-side sessions that
// expire, and locks an account after repeated failures.
//
// It knows nothing of HTTP or bbolt: the store implements Store, and the
// web layer turns the sentinel errors into translated messages.
package accounts

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what an account may do.
type Role string

// The roles. Helpdesk, supervisor and admin are Immigration Office staff.
const (
	RoleHelpdesk     Role = "helpdesk"
	RoleSupervisor   Role = "supervisor"
	RoleAdmin        Role = "admin"
	RoleLawyer       Role = "lawyer"
	RoleMunicipality Role = "municipality"
	// RoleEditor edits the information pages and status texts (the
	// content editor): the administration's communication staff and
	// translators. It sees no dossier, escalation or booking, so it is not
	// one of StaffRoles, but it signs in with a second factor as they do.
	RoleEditor Role = "editor"
)

// Roles lists every role, for forms and validation.
var Roles = []Role{RoleHelpdesk, RoleSupervisor, RoleAdmin, RoleLawyer, RoleMunicipality, RoleEditor}

// StaffRoles are the Immigration Office's own people.
var StaffRoles = []Role{RoleHelpdesk, RoleSupervisor, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Staff reports whether r is one of the office's own roles.
func (r Role) Staff() bool { return slices.Contains(StaffRoles, r) }

// NeedsSecondFactor reports whether r must sign in with a TOTP code:
// every role does, since every role sees personal data of many people
// (municipality clerks list and export names, birth dates, passport
// numbers, addresses, phones and e-mails).
func (r Role) NeedsSecondFactor() bool { return r.Valid() }

// Account is one person who signs in.
type Account struct {
	ID             string   `json:"id"`
	Email          string   `json:"email"`
	Role           Role     `json:"role"`
	Offices        []string `json:"offices,omitempty"`
	Municipalities []string `json:"municipalities,omitempty"`
	PasswordHash   string   `json:"password_hash"`
	Disabled       bool     `json:"disabled,omitempty"`
	// MustChangePassword is set on a password someone else chose (an
	// administrator issued it): the next sign-in leads to the password
	// form and nowhere else until it is changed.
	MustChangePassword bool      `json:"must_change_password,omitempty"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	// InboxFilters are the helpdesk inbox filters the account saved.
	InboxFilters []SavedFilter `json:"inbox_filters,omitempty"`

	// TOTPSecret is the confirmed second-factor secret; PendingTOTP one
	// shown for enrolment and not yet confirmed with a code.
	TOTPSecret  []byte `json:"totp_secret,omitempty"`
	PendingTOTP []byte `json:"pending_totp,omitempty"`
	// LastTOTPStep is the time step of the last accepted code, so a code
	// cannot be used twice.
	LastTOTPStep int64 `json:"last_totp_step,omitempty"`
	// RecoveryHashes are the SHA-256 hashes of the unused recovery codes.
	RecoveryHashes []string `json:"recovery_hashes,omitempty"`

	// Failures counts failed sign-in steps since the last success;
	// LockedUntil is set when they reach the policy's limit.
	Failures    int       `json:"failures,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// Enrolled reports whether the account has a confirmed second factor.
func (a Account) Enrolled() bool { return len(a.TOTPSecret) > 0 }

// Locked reports whether the account is locked at now.
func (a Account) Locked(now time.Time) bool { return now.Before(a.LockedUntil) }

// HasRole reports whether the account has one of roles.
func (a Account) HasRole(roles ...Role) bool { return slices.Contains(roles, a.Role) }

// NewAccount is what an administrator gives to create an account. Helpdesk
// staff and supervisors work at one or more offices, so they need at least
// one office id.
type NewAccount struct {
	Email          string
	Role           Role
	Password       string
	Offices        []string
	Municipalities []string
	// Issued marks a password chosen for the person, not by them: they
	// must change it at their first sign-in.
	Issued bool
}

// Limits on input, so that nobody makes the server hash a megabyte.
const (
	MinPassword = 12
	MaxPassword = 128
	maxEmail    = 254
	maxListItem = 64
	maxList     = 50
)

// NormalizeEmail trims and lower-cases an address and checks its shape.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > maxEmail {
		return "", fmt.Errorf("%w: e-mail address", ErrInvalid)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", fmt.Errorf("%w: e-mail address", ErrInvalid)
	}
	return s, nil
}

// ParseList splits a free-text list of ids ("BXL, ANT") into clean items.
func ParseList(s string) ([]string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == ';' }) {
		if len(f) > maxListItem {
			return nil, fmt.Errorf("%w: list item too long", ErrInvalid)
		}
		for _, r := range f {
			if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return nil, fmt.Errorf("%w: list item %q", ErrInvalid, f)
			}
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) > maxList {
		return nil, fmt.Errorf("%w: list too long", ErrInvalid)
	}
	return out, nil
}
