package staff

import "github.com/gofiber/fiber/v2"

// staffHome is the console's start page: a menu of what the signed-in
// role may open.
func (h *Handler) StaffHome(c *fiber.Ctx) error {
	return h.Render(c, "staff_home", "staff.home.title", h.newStaffPage(c))
}
