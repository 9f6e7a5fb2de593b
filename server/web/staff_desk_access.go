package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
)

// officeStaff reports whether the request comes from a signed-in helpdesk
// member, supervisor or admin who serves office (admins serve every
// office). The bookings day sheet and the queue desks take it besides
// their interim shared token.
func (h *handler) officeStaff(c *fiber.Ctx, office string) bool {
	a, ok := h.account(c)
	if !ok || !a.HasRole(accounts.RoleHelpdesk, accounts.RoleSupervisor, accounts.RoleAdmin) {
		return false
	}
	return a.Role == accounts.RoleAdmin || office == "" || slices.Contains(a.Offices, office)
}

// officeParam is the office a staff request is about, from the query or
// the posted form.
func officeParam(c *fiber.Ctx) string {
	if o := c.Query("office"); o != "" {
		return o
	}
	return c.FormValue("office")
}
