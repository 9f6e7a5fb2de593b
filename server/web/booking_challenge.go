package web

import "github.com/gofiber/fiber/v2"

// bookingChallenge issues a proof-of-work challenge for one booking. It
// is limited per address like lookups, so challenges cannot be stockpiled
// cheaply.
func (h *handler) bookingChallenge(c *fiber.Ctx) error {
	if ip := h.clientIP(c); !h.book.manage.allow(ip) {
		return tooMany(c, h.book.manage, ip)
	}
	return sendJSON(c, h.Bookings.NewChallenge())
}
