package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/web/kit"
)

// HomeShow is the start page: what a person can do here. Under /kiosk the
// root is the attract screen, and the start page is /kiosk/home.
func (h *Handler) HomeShow(c *fiber.Ctx) error {
	if s := kit.StateOf(c); s.Kiosk() && s.Path == "/" {
		return h.KioskAttract(c)
	}
	return h.RenderStatic(c, "home", "home.title", nil)
}
