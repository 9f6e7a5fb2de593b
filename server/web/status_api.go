package web

import (
	"encoding/json"
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/locale"
)

// statusAPILookup is POST /api/v1/status/lookup: {"dossier", "birth_date"}
// or {"dossier", "access_code"}; the answer is in the Accept-Language
// language.
func (h *handler) statusAPILookup(c *fiber.Ctx) error {
	if ip := h.clientIP(c); !h.lookups.allow(ip) {
		return tooMany(c, h.lookups, ip)
	}
	body, err := jsonObject(c)
	if err != nil {
		return err
	}
	formID := "status_lookup"
	if _, ok := body["access_code"]; ok {
		formID = "status_letter"
	}
	f, ok := h.Forms.Get(formID)
	if !ok {
		return fiber.ErrInternalServerError
	}
	res := f.ValidateJSON(body, h.Now().In(h.office))
	if !res.OK() {
		return h.apiFail(c, fiber.StatusUnprocessableEntity, "invalid", locale.NewError("error.invalid.text"), res.Errors...)
	}
	var ans *dossiers.Answer
	if formID == "status_letter" {
		ans, err = h.Dossiers.LookupCode(res.Values["dossier"], res.Values["access_code"])
	} else {
		ans, err = h.Dossiers.LookupBirth(res.Values["dossier"], res.Values["birth_date"])
	}
	h.countLookup(c, ans, err)
	switch {
	case errors.Is(err, dossiers.ErrLocked):
		return h.apiFail(c, fiber.StatusLocked, "locked", locale.NewError("status.locked.text", "minutes", int(h.Config.LookupWindow.Minutes())))
	case errors.Is(err, dossiers.ErrNoMatch):
		key := "status.error.no_match"
		if formID == "status_letter" {
			key = "status.error.no_match_code"
		}
		return h.apiFail(c, fiber.StatusNotFound, "no_match", locale.NewError(key))
	case err != nil:
		return err
	}
	return sendJSON(c, h.newStatusView(c, ans))
}

// jsonObject decodes a JSON object body; anything else is a 400.
func jsonObject(c *fiber.Ctx) (map[string]any, error) {
	var body map[string]any
	if err := json.Unmarshal(c.Body(), &body); err != nil || body == nil {
		return nil, fiber.ErrBadRequest
	}
	return body, nil
}
