package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
)

// backofficeEventCreate is POST /api/v1/backoffice/dossiers/{number}/events:
// append a status event. Sending the same event id again changes nothing
// and answers 200, so the back office may retry safely.
func (h *handler) backofficeEventCreate(c *fiber.Ctx) error {
	body, err := jsonObject(c)
	if err != nil {
		return err
	}
	number := c.Params("number")
	d, err := h.Dossiers.AppendEvent(number, body)
	if errors.Is(err, dossiers.ErrDuplicateEvent) {
		return sendJSON(c, fiber.Map{"dossier": number, "duplicate": true})
	}
	if err != nil {
		return err
	}
	return sendJSON(c.Status(fiber.StatusCreated), fiber.Map{"dossier": number, "status": d.Status})
}
