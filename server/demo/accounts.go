package demo

import (
	"context"
	"errors"

	"loket/server/accounts"
)

// Password is every demo account's password. Staff and lawyers enrol a
// second factor (TOTP) at their first sign-in, as real ones do.
const Password = "demo-loket-2026"

// Logins are the demo sign-ins, one per role (README "Demo data").
var Logins = []accounts.NewAccount{
	{Email: "admin@demo.loket.invalid", Role: accounts.RoleAdmin, Offices: []string{"demo-brussels", "demo-antwerpen", "demo-liege"}},
	{Email: "supervisor@demo.loket.invalid", Role: accounts.RoleSupervisor, Offices: []string{"demo-brussels"}},
	{Email: "helpdesk@demo.loket.invalid", Role: accounts.RoleHelpdesk, Offices: []string{"demo-brussels"}},
	{Email: "lawyer@demo.loket.invalid", Role: accounts.RoleLawyer},
	{Email: "municipality@demo.loket.invalid", Role: accounts.RoleMunicipality, Municipalities: []string{"brussel", "elsene"}},
}

// AccountCreator makes accounts.
type AccountCreator interface {
	Create(ctx context.Context, n accounts.NewAccount) (accounts.Account, error)
}

// SeedAccounts creates the demo logins that do not exist yet.
func SeedAccounts(ctx context.Context, c AccountCreator) error {
	for _, n := range Logins {
		n.Password = Password
		if _, err := c.Create(ctx, n); err != nil && !errors.Is(err, accounts.ErrDuplicate) {
			return err
		}
	}
	return nil
}
