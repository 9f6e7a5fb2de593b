package backoffice

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/web/kit"
)

// backofficeEventCreate is POST /api/v1/backoffice/dossiers/{number}/events:
// append a status event. Sending the same event id again changes nothing
// and answers 200, so the back office may retry safely. A new event is
// audited under the token's name.
func (h *Handler) BackofficeEventCreate(c *fiber.Ctx) error {
	var body map[string]any
	if ok, err := h.DecodeJSON(c, &body); !ok {
		return err
	}
	number := c.Params("number")
	d, err := h.Dossiers.AppendEvent(number, body)
	if errors.Is(err, dossiers.ErrDuplicateEvent) {
		return kit.SendJSON(c, fiber.Map{"dossier": number, "duplicate": true})
	}
	if err != nil {
		return err
	}
	if err := h.recordPush(c, number, "event "+d.Status); err != nil {
		return err
	}
	return kit.SendJSON(c.Status(fiber.StatusCreated), fiber.Map{"dossier": number, "status": d.Status})
}
