package web

import "github.com/gofiber/fiber/v2"

// offlineShow is the page the service worker shows when there is no
// network and the page asked for was not kept.
func (h *handler) offlineShow(c *fiber.Ctx) error {
	return h.renderStatic(c, "offline", "offline.title", nil)
}
