package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/stats"
)

// infoShow is one information page (a procedure's or a topic's), in the
// person's language or the nearest one in its fallback chain.
func (h *Handler) InfoShow(c *fiber.Ctx) error {
	key := c.Params("key")
	if !h.Content.Has(key) {
		return fiber.ErrNotFound
	}
	page, ok := h.Content.Page(h.Catalogs.Chain(h.Printer(c).Lang()), key)
	if !ok {
		return fiber.ErrNotFound
	}
	h.Count(c, stats.Event{Name: stats.InfoView, Procedure: key})
	return h.RenderStatic(c, "info_show", "info.title", page)
}
