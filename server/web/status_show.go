package web

import (
	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/refusal"
)

// statusForm is the page data of the lookup form.
type statusForm struct {
	Form any
	// Minutes is the lock time, for the lockout page.
	Minutes int
}

// statusShow is the lookup form: dossier number and date of birth. On a
// kiosk the number field also takes a scanned letter QR code.
func (h *handler) statusShow(c *fiber.Ctx) error {
	return h.renderStatusForm(c, nil, nil)
}

// renderStatusForm shows the lookup form with values and errors.
func (h *handler) renderStatusForm(c *fiber.Ctx, values map[string]string, errs []refusal.Field) error {
	f, ok := h.Forms.Get("status_lookup")
	if !ok {
		return fiber.ErrInternalServerError
	}
	p := h.printer(c)
	if values != nil {
		values["birth_date"] = "" // never echo a secret back
	}
	html := f.Render(p, forms.RenderOptions{Action: langPath(c, p.Lang(), "/status"), CSRF: h.csrfOf(c),
		Values: values, Errors: errs, Kiosk: h.isKiosk(c), Now: h.Now().In(h.office)})
	noStore(c)
	return h.render(c, "status", "status.title", statusForm{Form: html})
}

func (h *handler) csrfOf(c *fiber.Ctx) string {
	s, _ := c.Locals(localCSRF).(string)
	return s
}

func (h *handler) isKiosk(c *fiber.Ctx) bool {
	s, _ := c.Locals(localShell).(string)
	return s == shellKiosk
}
