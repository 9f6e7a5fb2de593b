package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// statusForm is the page data of the lookup form.
type statusForm struct {
	Form any
	// Minutes is the lock time, for the lockout page; Paused says the
	// brake on guesses from many addresses stopped lookups by birth date
	// (the letter's access code still works).
	Minutes int
	Paused  bool
}

// statusShow is the lookup form: dossier number and date of birth. On a
// kiosk the number field also takes a scanned letter QR code.
func (h *Handler) StatusShow(c *fiber.Ctx) error {
	return h.renderStatusForm(c, nil, nil)
}

// renderStatusForm shows the lookup form with values and errors.
func (h *Handler) renderStatusForm(c *fiber.Ctx, values map[string]string, errs []refusal.Field) error {
	f := h.form("status_lookup")
	p := h.Printer(c)
	if values != nil {
		values["birth_date"] = "" // never echo a secret back
	}
	html := f.Render(p, forms.RenderOptions{Action: kit.LocalURL(kit.StateOf(c).Shell, p.Lang(), "/status"), CSRF: h.csrfOf(c),
		Values: values, Errors: errs, Kiosk: h.isKiosk(c), Now: h.Now().In(h.Office)})
	kit.Private(c)
	return h.Render(c, "status", "status.title", statusForm{Form: html})
}

func (h *Handler) csrfOf(c *fiber.Ctx) string {
	s := kit.StateOf(c).CSRF
	return s
}

func (h *Handler) isKiosk(c *fiber.Ctx) bool {
	s := kit.StateOf(c).Shell
	return s == kit.ShellKiosk
}
