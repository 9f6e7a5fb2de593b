package web

import "github.com/gofiber/fiber/v2"

// kioskAttract is the kiosk's resting screen: pick a language to start.
// Arriving here ends the previous visitor's session: the language cookie is
// dropped so the next person starts fresh.
func (h *handler) kioskAttract(c *fiber.Ctx) error {
	c.ClearCookie(cookieLang)
	c.Locals(localLang, h.Catalogs.Default())
	return h.render(c, "attract", "kiosk.attract.title", nil)
}
