package web

import (
	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/dossiers"
	"loket/server/refusal"
)

// statusLetterShow is where the QR code on a letter leads. The number and
// access code travel in the URL fragment, which the browser never sends:
// status.js posts them from there. Without JavaScript the page is a form
// to type both from the letter.
func (h *handler) statusLetterShow(c *fiber.Ctx) error {
	return h.renderLetterForm(c, nil, nil)
}

// statusLetterLookup answers the letter form (typed or posted by status.js).
func (h *handler) statusLetterLookup(c *fiber.Ctx) error {
	if ip := h.clientIP(c); !h.lookups.allow(ip) {
		return tooMany(c, h.lookups, ip)
	}
	f, ok := h.Forms.Get("status_letter")
	if !ok {
		return fiber.ErrInternalServerError
	}
	res := f.Validate(postValues(c), h.Now().In(h.office))
	if !res.OK() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLetterForm(c, res.Values, res.Errors)
	}
	ans, err := h.Dossiers.LookupCode(res.Values["dossier"], res.Values["access_code"])
	if err == dossiers.ErrNoMatch {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLetterForm(c, res.Values, []refusal.Field{{Key: "status.error.no_match_code"}})
	}
	return h.statusAnswer(c, ans, err, "status.error.no_match_code", nil)
}

func (h *handler) renderLetterForm(c *fiber.Ctx, values map[string]string, errs []refusal.Field) error {
	f, ok := h.Forms.Get("status_letter")
	if !ok {
		return fiber.ErrInternalServerError
	}
	p := h.printer(c)
	if values != nil {
		values["access_code"] = ""
	}
	html := f.Render(p, forms.RenderOptions{Action: langPath(c, p.Lang(), "/status/letter"), CSRF: h.csrfOf(c),
		Values: values, Errors: errs, Kiosk: h.isKiosk(c), Now: h.Now().In(h.office)})
	noStore(c)
	return h.render(c, "status_letter", "status.title", statusForm{Form: html})
}
