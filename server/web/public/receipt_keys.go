package public

import (
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// receiptKeys publishes the public keys that check receipt tokens, for
// municipalities and anyone verifying offline. They change only when a
// key is added, so a few minutes of caching is safe; any origin may read
// them.
func (h *Handler) ReceiptKeys(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	c.Set("Cross-Origin-Resource-Policy", "cross-origin")
	return kit.SendJSON(c, h.Receipts.PublicKeys())
}
