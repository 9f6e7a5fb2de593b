package public

import (
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// attractLanguage is one language's button on the attract screen: its
// name, and the welcome and the invitation in that language.
type attractLanguage struct {
	Code, Dir, Name, Welcome, Choose string
}

// kioskAttract is the kiosk's resting screen: the language comes first,
// before any form (help included), with one large button per language
// that greets in that language. Arriving here ends the previous
// visitor's session: the language cookie and the status grant are
// dropped so the next person starts fresh.
func (h *Handler) KioskAttract(c *fiber.Ctx) error {
	c.ClearCookie(kit.CookieLang)
	h.endStatusGrant(c)
	kit.StateOf(c).Lang = h.Catalogs.Default()
	var langs []attractLanguage
	for _, m := range h.Catalogs.Languages() {
		p := h.Catalogs.Printer(m.Code)
		langs = append(langs, attractLanguage{m.Code, m.Dir, m.Name, p.T("kiosk.attract.heading"), p.T("kiosk.attract.choose")})
	}
	return h.RenderStatic(c, "attract", "kiosk.attract.title", langs)
}
