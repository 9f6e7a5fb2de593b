package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/web/kit"
)

// bookingChallenge issues a proof-of-work challenge for one booking. It
// is limited per address like lookups, so challenges cannot be stockpiled
// cheaply.
func (h *Handler) BookingChallenge(c *fiber.Ctx) error {
	if ip := h.ClientIP(c); !h.book.manage.Allow(ip) {
		return kit.TooMany(c, h.book.manage, ip)
	}
	return kit.SendJSON(c, h.Bookings.NewChallenge())
}
