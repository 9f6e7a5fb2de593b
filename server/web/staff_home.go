package web

import "github.com/gofiber/fiber/v2"

// staffHome is the console's start page: a menu of what the signed-in
// role may open.
func (h *handler) staffHome(c *fiber.Ctx) error {
	return h.render(c, "staff_home", "staff.home.title", h.newStaffPage(c))
}
