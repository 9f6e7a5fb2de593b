package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/dossiers"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// statusLetterShow is where the QR code on a letter leads. The number and
// access code travel in the URL fragment, which the browser never sends:
// status.js posts them from there. Without JavaScript the page is a form
// to type both from the letter.
func (h *Handler) StatusLetterShow(c *fiber.Ctx) error {
	return h.renderLetterForm(c, nil, nil)
}

// statusLetterLookup answers the letter form (typed or posted by status.js).
func (h *Handler) StatusLetterLookup(c *fiber.Ctx) error {
	f := h.form("status_letter")
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	res := f.Validate(posted, h.Now().In(h.Office))
	if !res.OK() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLetterForm(c, res.Values, res.Errors)
	}
	ans, err := h.verify(c, res.Values["dossier"], dossiers.ByCode, res.Values["access_code"])
	if err == dossiers.ErrNoMatch {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLetterForm(c, res.Values, []refusal.Field{{Key: "status.error.no_match_code"}})
	}
	return h.statusAnswer(c, ans, err, "status.error.no_match_code", nil)
}

func (h *Handler) renderLetterForm(c *fiber.Ctx, values map[string]string, errs []refusal.Field) error {
	f := h.form("status_letter")
	p := h.Printer(c)
	html := f.Render(p, forms.RenderOptions{Action: kit.LocalURL(kit.StateOf(c).Shell, p.Lang(), "/status/letter"), CSRF: h.csrfOf(c),
		Values: values, Errors: errs, Kiosk: h.isKiosk(c), Now: h.Now().In(h.Office)})
	kit.Private(c)
	return h.Render(c, "status_letter", "status.title", statusForm{Form: html})
}
