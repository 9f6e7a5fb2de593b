package public

import "github.com/gofiber/fiber/v2"

// offlineShow is the page the service worker shows when there is no
// network and the page asked for was not kept.
func (h *Handler) OfflineShow(c *fiber.Ctx) error {
	return h.RenderStatic(c, "offline", "offline.title", nil)
}
