package kit

import "github.com/gofiber/fiber/v2"

// healthShow answers ok once the store answers a read.
func (h *Kit) HealthShow(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := h.Store.Ping(); err != nil {
		return SendJSON(c.Status(fiber.StatusServiceUnavailable), fiber.Map{"status": "unavailable"})
	}
	return SendJSON(c, fiber.Map{"status": "ok"})
}
