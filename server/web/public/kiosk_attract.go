package public

import (
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// greeting is the attract screen's welcome in one language.
type greeting struct {
	Code, Dir, Text string
}

// kioskAttract is the kiosk's resting screen: a welcome in every language
// and a button per language to start. Arriving here ends the previous
// visitor's session: the language cookie and the status grant are
// dropped so the next person starts fresh.
func (h *Handler) KioskAttract(c *fiber.Ctx) error {
	c.ClearCookie(kit.CookieLang)
	h.endStatusGrant(c)
	kit.StateOf(c).Lang = h.Catalogs.Default()
	var greetings []greeting
	for _, m := range h.Catalogs.Languages() {
		if m.Code == h.Catalogs.Default() {
			continue
		}
		greetings = append(greetings, greeting{m.Code, m.Dir, h.Catalogs.Printer(m.Code).T("kiosk.attract.choose")})
	}
	return h.RenderStatic(c, "attract", "kiosk.attract.title", greetings)
}
