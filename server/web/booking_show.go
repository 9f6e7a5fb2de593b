package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
)

// bookingRef reads the reference and PIN of an API request (the PIN from
// the X-Booking-PIN header, else the pin query parameter), after the
// per-address limit on lookups by reference.
func (h *handler) bookingRef(c *fiber.Ctx) (bookings.Reference, string, error) {
	if ip := h.clientIP(c); !h.book.manage.allow(ip) {
		return "", "", tooMany(c, h.book.manage, ip)
	}
	ref, err := bookings.ParseReference(strings.TrimSuffix(c.Params("ref"), ".ics"))
	if err != nil {
		return "", "", err
	}
	pin := c.Get("X-Booking-PIN")
	if pin == "" {
		pin = c.Query("pin")
	}
	return ref, pin, nil
}

// bookingShowAPI is one booking for the person with its PIN.
func (h *handler) bookingShowAPI(c *fiber.Ctx) error {
	ref, pin, err := h.bookingRef(c)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	b, err := h.Bookings.Get(c.UserContext(), ref, pin)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	bookingNoStore(c)
	return sendJSON(c, fiber.Map{"booking": h.newBookingView(b, h.printer(c))})
}

// bookingCalendarAPI is the booking's calendar file. A cancelled booking
// still has one, which removes the event from the calendar.
func (h *handler) bookingCalendarAPI(c *fiber.Ctx) error {
	ref, pin, err := h.bookingRef(c)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	b, err := h.Bookings.Get(c.UserContext(), ref, pin)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	body, err := h.calendar(b, h.printer(c))
	if err != nil {
		return err
	}
	bookingNoStore(c)
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="appointment-`+string(b.Ref)+`.ics"`)
	return c.Send(body)
}
