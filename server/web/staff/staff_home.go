package staff

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/web/kit"
)

// landings are the start pages of the roles whose work is one page: a
// lawyer lands on "My clients". Sign-in sends everyone to /staff/, which
// forwards them.
var landings = map[accounts.Role]string{
	accounts.RoleLawyer: "/staff/lawyer",
}

// StaffHome is the console's start page: a menu of what the signed-in
// role may open, or the role's own start page.
func (h *Handler) StaffHome(c *fiber.Ctx) error {
	if a, ok := h.Account(c); ok && landings[a.Role] != "" {
		return c.Redirect(kit.URL(c, landings[a.Role]), fiber.StatusSeeOther)
	}
	return h.Render(c, "staff_home", "staff.home.title", h.newStaffPage(c))
}
