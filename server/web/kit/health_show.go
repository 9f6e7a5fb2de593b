package kit

import "github.com/gofiber/fiber/v2"

// HealthShow answers ok once the store answers a read, naming the kind of
// database (bbolt or postgresql), so that a load balancer's check takes an
// instance whose database is gone out of rotation.
func (h *Kit) HealthShow(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	db := h.Config.DatabaseKind()
	if err := h.Store.Ping(); err != nil {
		h.Log.Error("health check: the database does not answer", "database", db, "err", err)
		return SendJSON(c.Status(fiber.StatusServiceUnavailable), fiber.Map{"status": "unavailable", "database": db})
	}
	return SendJSON(c, fiber.Map{"status": "ok", "database": db})
}
