package public

import "github.com/gofiber/fiber/v2"

// infoIndex lists the procedures' information pages.
func (h *Handler) InfoIndex(c *fiber.Ctx) error {
	chain := h.Catalogs.Chain(h.Printer(c).Lang())
	intro, _ := h.Content.Page(chain, "index")
	return h.RenderStatic(c, "info_index", "info.title", fiber.Map{"Intro": intro, "Pages": h.Content.Index(chain)})
}
