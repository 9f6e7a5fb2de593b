package backoffice

import (
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// backofficeDossierPut is PUT /api/v1/backoffice/dossiers/{number}: create
// or replace a dossier. Every field error is listed and nothing is written;
// a write is audited under the token's name.
func (h *Handler) BackofficeDossierPut(c *fiber.Ctx) error {
	var body map[string]any
	if ok, err := h.DecodeJSON(c, &body); !ok {
		return err
	}
	number := c.Params("number")
	if err := h.Dossiers.Put(number, body); err != nil {
		return err
	}
	if err := h.recordPush(c, number, "dossier.put"); err != nil {
		return err
	}
	return kit.SendJSON(c, fiber.Map{"dossier": number})
}
