package web

import "github.com/gofiber/fiber/v2"

// infoIndex lists the procedures' information pages.
func (h *handler) infoIndex(c *fiber.Ctx) error {
	chain := h.Catalogs.Chain(h.printer(c).Lang())
	intro, _ := h.Content.Page(chain, "index")
	return h.renderStatic(c, "info_index", "info.title", fiber.Map{"Intro": intro, "Pages": h.Content.Index(chain)})
}
