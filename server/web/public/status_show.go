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
	// Note says why the form shows where a result was asked for.
	Note string
}

// statusShow is the lookup form: dossier number and date of birth. On a
// kiosk the number field also takes a scanned letter QR code.
func (h *Handler) StatusShow(c *fiber.Ctx) error {
	return h.renderStatusForm(c, nil, nil)
}

// renderStatusForm shows the lookup form with what was typed (the birth
// date too: the page is no-store, and typing it again is where people
// give up) and the errors.
func (h *Handler) renderStatusForm(c *fiber.Ctx, values map[string]string, errs []refusal.Field) error {
	return h.renderStatusFormNote(c, values, errs, "")
}

// renderStatusFormNote is renderStatusForm with a note above the form
// (a message key, or "").
func (h *Handler) renderStatusFormNote(c *fiber.Ctx, values map[string]string, errs []refusal.Field, note string) error {
	f := h.form("status_lookup")
	p := h.Printer(c)
	html := f.Render(p, forms.RenderOptions{Action: kit.LocalURL(kit.StateOf(c).Shell, p.Lang(), "/status"), CSRF: h.csrfOf(c),
		Values: values, Errors: errs, Kiosk: h.isKiosk(c), Now: h.Now().In(h.Office)})
	kit.Private(c)
	if len(errs) > 0 {
		kit.KeepOnLanguageSwitch(c, "form-status_lookup")
	}
	sf := statusForm{Form: html}
	if note != "" {
		sf.Note = p.T(note)
	}
	return h.Render(c, "status", "status.title", sf)
}

func (h *Handler) csrfOf(c *fiber.Ctx) string {
	s := kit.StateOf(c).CSRF
	return s
}

func (h *Handler) isKiosk(c *fiber.Ctx) bool {
	s := kit.StateOf(c).Shell
	return s == kit.ShellKiosk
}
