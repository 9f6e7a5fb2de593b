package public

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/web/kit"
)

// bookingRef reads the reference and PIN of an API request, after the
// per-address limit on lookups by reference. The PIN comes only from the
// X-Booking-PIN header: in a query it would stand in access logs, proxies'
// logs and the browser's history.
func (h *Handler) bookingRef(c *fiber.Ctx) (bookings.Reference, string, error) {
	if ip := h.ClientIP(c); !h.book.manage.Allow(ip) {
		return "", "", kit.TooMany(c, h.book.manage, ip)
	}
	ref, err := bookings.ParseReference(strings.TrimSuffix(c.Params("ref"), ".ics"))
	if err != nil {
		return "", "", err
	}
	return ref, c.Get("X-Booking-PIN"), nil
}

// bookingShowAPI is one booking for the person with its PIN.
func (h *Handler) BookingShowAPI(c *fiber.Ctx) error {
	ref, pin, err := h.bookingRef(c)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	b, err := h.Bookings.Get(c.UserContext(), ref, pin)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	kit.Private(c)
	return kit.SendJSON(c, fiber.Map{"booking": h.newBookingView(b, h.Printer(c))})
}

// bookingCalendarAPI is the booking's calendar file. A cancelled booking
// still has one, which removes the event from the calendar.
func (h *Handler) BookingCalendarAPI(c *fiber.Ctx) error {
	ref, pin, err := h.bookingRef(c)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	b, err := h.Bookings.Get(c.UserContext(), ref, pin)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	return h.sendCalendar(c, b)
}

// BookingCalendar is the pages' "Add to calendar": the reference and PIN
// are posted, as for the receipt, so the PIN never stands in a URL (the
// browser's history, a proxy's log, the Referer).
func (h *Handler) BookingCalendar(c *fiber.Ctx) error {
	b, _, fail, err := h.manageAuth(c)
	if err != nil || fail != nil {
		return h.manageFailed(c, fail, err)
	}
	return h.sendCalendar(c, b)
}

// sendCalendar answers a booking's calendar file as a download.
func (h *Handler) sendCalendar(c *fiber.Ctx, b bookings.Booking) error {
	body, err := h.calendar(b, h.Printer(c))
	if err != nil {
		return err
	}
	kit.Private(c)
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="appointment-`+string(b.Ref)+`.ics"`)
	return c.Send(body)
}
