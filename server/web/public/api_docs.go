package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/apidoc"
)

// OpenAPIShow serves the OpenAPI 3.1 document of every JSON route
// (package apidoc), embedded in the binary.
func (h *Handler) OpenAPIShow(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(apidoc.JSON())
}

// APIDocsShow is the same document as a page for people, rendered on the
// server from the embedded document: no script, no third-party files.
// The document is in English; the page's heading is in the reader's
// language.
func (h *Handler) APIDocsShow(c *fiber.Ctx) error {
	ref, err := apidoc.BuildReference()
	if err != nil {
		return err
	}
	return h.RenderStatic(c, "api_docs", "api.docs.title", ref)
}
