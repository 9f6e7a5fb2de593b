package public

import "github.com/gofiber/fiber/v2"

// homeShow is the start page: what a person can do here.
func (h *Handler) HomeShow(c *fiber.Ctx) error {
	return h.RenderStatic(c, "home", "home.title", nil)
}
