package public

import (
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// bookingChallenge issues a proof-of-work challenge for one booking. It
// is limited per address like lookups, so challenges cannot be stockpiled
// cheaply.
func (h *Handler) BookingChallenge(c *fiber.Ctx) error {
	if !h.book.manage.Allow(h.ClientIP(c)) {
		return fiber.ErrTooManyRequests
	}
	return kit.SendJSON(c, h.Bookings.NewChallenge())
}
