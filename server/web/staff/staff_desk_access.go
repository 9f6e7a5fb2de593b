package staff

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
)

// officeStaff reports whether the request comes from a signed-in helpdesk
// member, supervisor or admin who serves office (admins serve every
// office). The bookings day sheet and the queue desks check it against the
// office they are about to show or change, after requireRole: a staff
// account of another office gets 403.
func (h *Handler) officeStaff(c *fiber.Ctx, office string) bool {
	a, ok := h.Account(c)
	if !ok || !a.HasRole(accounts.StaffRoles...) {
		return false
	}
	return a.Role == accounts.RoleAdmin || slices.Contains(a.Offices, office)
}
