package public

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/web/kit"
)

// statusAPILookup is POST /api/v1/status/lookup: {"dossier", "birth_date"}
// or {"dossier", "access_code"}; the answer is in the Accept-Language
// language.
func (h *Handler) StatusAPILookup(c *fiber.Ctx) error {
	var body map[string]any
	if ok, err := h.DecodeJSON(c, &body); !ok {
		return err
	}
	formID := "status_lookup"
	if _, ok := body["access_code"]; ok {
		formID = "status_letter"
	}
	f := h.form(formID)
	res := f.ValidateJSON(body, h.Now().In(h.Office))
	if !res.OK() {
		return h.APIFail(c, fiber.StatusUnprocessableEntity, "invalid", locale.NewError("error.invalid.text"), res.Errors...)
	}
	var ans *dossiers.Answer
	var err error
	if formID == "status_letter" {
		ans, err = h.verify(c, res.Values["dossier"], dossiers.ByCode, res.Values["access_code"])
	} else {
		ans, err = h.verify(c, res.Values["dossier"], dossiers.ByBirth, res.Values["birth_date"])
	}
	h.CountLookup(c, ans, err)
	switch {
	case errors.Is(err, dossiers.ErrLocked):
		return h.APIFail(c, fiber.StatusLocked, "locked", locale.NewError("status.locked.text", "minutes", lockedPage(err).Minutes))
	case errors.Is(err, dossiers.ErrPaused):
		return h.APIFail(c, fiber.StatusLocked, "locked", locale.NewError("status.locked.paused"))
	case errors.Is(err, dossiers.ErrNoMatch):
		key := "status.error.no_match"
		if formID == "status_letter" {
			key = "status.error.no_match_code"
		}
		return h.APIFail(c, fiber.StatusNotFound, "no_match", locale.NewError(key))
	case err != nil:
		return err
	}
	return kit.SendJSON(c, h.newStatusView(c, ans))
}
