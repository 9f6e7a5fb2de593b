package public

import "github.com/gofiber/fiber/v2"

// offlineShow is the page the service worker shows when there is no
// network and the page asked for was not kept.
func (h *Handler) OfflineShow(c *fiber.Ctx) error {
	return h.RenderStatic(c, "offline", "offline.title", nil)
}

// SentShow is where a form sent later from this phone shows its
// confirmation: the service worker answers with the page the server gave
// when it sent the form, once (pwa/static/sw.js). Without one waiting,
// this page says so.
func (h *Handler) SentShow(c *fiber.Ctx) error {
	return h.RenderStatic(c, "sent", "sent.title", nil)
}
