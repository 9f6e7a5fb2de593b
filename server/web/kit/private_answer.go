package kit

import "github.com/gofiber/fiber/v2"

// Private marks an answer about one person (a receipt, a dossier, a
// booking, a staff page) as
// private to this request: neither a shared kiosk, a proxy nor the
// back-forward cache may keep it, and search engines may not list it.
func Private(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex, nofollow")
}
