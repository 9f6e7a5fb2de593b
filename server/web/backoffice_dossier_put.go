package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/locale"
)

// backofficeDossierPut is PUT /api/v1/backoffice/dossiers/{number}: create
// or replace a dossier. Every field error is listed and nothing is written.
func (h *handler) backofficeDossierPut(c *fiber.Ctx) error {
	body, err := jsonObject(c)
	if err != nil {
		return err
	}
	number := c.Params("number")
	if err := h.Dossiers.Put(number, body); err != nil {
		return h.feedError(c, err)
	}
	return sendJSON(c, fiber.Map{"dossier": number})
}

// feedError answers a failed feed call.
func (h *handler) feedError(c *fiber.Ctx, err error) error {
	var inv *dossiers.InvalidError
	switch {
	case errors.As(err, &inv):
		p := h.printer(c)
		fields := make([]fieldError, 0, len(inv.Fields))
		for _, f := range inv.Fields {
			fields = append(fields, fieldError{Field: f.Field, Code: f.Code, Message: p.T(f.Key, f.Args...)})
		}
		return h.apiFail(c, fiber.StatusUnprocessableEntity, "invalid", locale.NewError("error.invalid.text"), fields...)
	case errors.Is(err, dossiers.ErrNotFound):
		return fiber.ErrNotFound
	}
	return err
}
