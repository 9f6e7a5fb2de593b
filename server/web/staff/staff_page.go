package staff

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
)

// staffPage is what every staff console page gets in its Data: who is
// signed in (nil before sign-in) for the menu, and an already translated
// error or notice.
type staffPage struct {
	Account *accounts.Account
	Error   string
	Notice  string
}

// Admin reports whether the menu shows the administration pages.
func (p staffPage) Admin() bool { return p.Account != nil && p.Account.Role == accounts.RoleAdmin }

// Has reports whether the signed-in account has one of the roles (the
// menu's guard: "helpdesk supervisor admin").
func (p staffPage) Has(roles ...string) bool {
	if p.Account == nil {
		return false
	}
	for _, r := range roles {
		if string(p.Account.Role) == r {
			return true
		}
	}
	return false
}

// newStaffPage fills staffPage for a request.
func (h *Handler) newStaffPage(c *fiber.Ctx) staffPage {
	if a, ok := h.Account(c); ok {
		return staffPage{Account: &a}
	}
	return staffPage{}
}

// tr translates a key in the request's language, for messages made in Go.
func (h *Handler) tr(c *fiber.Ctx, key string, args ...any) string {
	return h.Printer(c).T(key, args...)
}

// MinPassword is the shortest password accepted, for hints.
func (p staffPage) MinPassword() int { return accounts.MinPassword }
