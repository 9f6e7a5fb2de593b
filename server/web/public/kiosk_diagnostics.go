package public

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
	"loket/server/web/kit"
)

// fontSample is a line of one script that the kiosk's browser must draw.
type fontSample struct {
	Script, Lang, Dir, Text string
}

// fontSamples cover the scripts of the 13 languages: Latin with the
// diacritics of nl, fr, de, tr, so and es; Arabic with the letters of fa
// and ps; Cyrillic of uk and ru; Ethiopic (ti).
var fontSamples = []fontSample{
	{"Latin", "en", "ltr", "Éé èê çñ üöä ß ğ ış İ Ğ"},
	{"Arabic", "ar", "rtl", "العربية فارسی پښتو ګ ځ ډ ړ ږ ښ ۍ"},
	{"Cyrillic", "uk", "ltr", "Українська Русский Ї ї Є є Ґ ґ Ё ё"},
	{"Ethiopic", "ti", "ltr", "ትግርኛ ሰላም ሀ ሁ ሂ ሃ ሄ ህ ሆ"},
}

// KioskDiagnostics is the site technician's checklist: whether this
// browser is a registered kiosk, a test string per script drawn and
// measured by the page's script, a printer test page, the scanner and
// camera, and the server's time and zone to compare with the kiosk's.
// Nothing on it is personal; it works on any browser.
func (h *Handler) KioskDiagnostics(c *fiber.Ctx) error {
	data := fiber.Map{"Fonts": fontSamples}
	if h.Queue != nil && c.Cookies(CookieKiosk) != "" {
		k, err := h.registeredKiosk(c)
		switch {
		case err == nil:
			data["Kiosk"] = k.Name
			if o, err := h.Queue.Office(k.OfficeID); err == nil {
				data["Office"] = o.Name
			}
		case errors.Is(err, queue.ErrKioskRevoked):
			data["Revoked"] = true
		}
	}
	now := h.Now().In(h.Office)
	data["ServerTime"] = now.Format("2006-01-02 15:04:05")
	data["ServerZone"] = h.Office.String()
	data["ServerMillis"] = now.UnixMilli()
	kit.Private(c)
	return h.Render(c, "diagnostics", "kiosk.diag.title", data)
}
