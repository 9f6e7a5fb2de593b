package web

import "github.com/gofiber/fiber/v2"

// healthShow answers ok once the store answers a read.
func (h *handler) healthShow(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := h.Store.Ping(); err != nil {
		return sendJSON(c.Status(fiber.StatusServiceUnavailable), fiber.Map{"status": "unavailable"})
	}
	return sendJSON(c, fiber.Map{"status": "ok"})
}
