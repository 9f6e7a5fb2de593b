package web

import "github.com/gofiber/fiber/v2"

// homeShow is the start page: what a person can do here.
func (h *handler) homeShow(c *fiber.Ctx) error {
	return h.renderStatic(c, "home", "home.title", nil)
}
