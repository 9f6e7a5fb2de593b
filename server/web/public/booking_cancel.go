package public

import (
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// bookingCancelAPI cancels a booking; its place is free at once.
func (h *Handler) BookingCancelAPI(c *fiber.Ctx) error {
	ref, pin, err := h.bookingRef(c)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	b, err := h.Bookings.Cancel(c.UserContext(), ref, pin)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	kit.Private(c)
	return kit.SendJSON(c, fiber.Map{"booking": h.newBookingView(b, h.Printer(c))})
}
