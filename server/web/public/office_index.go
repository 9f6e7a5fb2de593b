package public

import (
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// officeIndexAPI lists the offices with their services, in the request's
// language.
func (h *Handler) OfficeIndexAPI(c *fiber.Ctx) error {
	p := h.Printer(c)
	out := []officeView{}
	for _, o := range h.Bookings.Offices() {
		out = append(out, newOfficeView(o, p))
	}
	return kit.SendJSON(c, fiber.Map{"offices": out})
}

// officeServicesAPI lists one office's services.
func (h *Handler) OfficeServicesAPI(c *fiber.Ctx) error {
	o, err := h.Bookings.Office(c.Params("id"))
	if err != nil {
		return fiber.ErrNotFound
	}
	return kit.SendJSON(c, fiber.Map{"office": o.ID, "services": newOfficeView(o, h.Printer(c)).Services})
}

// officeIndex is the first appointment page: every office with its
// address, map link, access notes and the services to book.
func (h *Handler) OfficeIndex(c *fiber.Ctx) error {
	p := h.Printer(c)
	var offices []officeView
	for _, o := range h.Bookings.Offices() {
		offices = append(offices, newOfficeView(o, p))
	}
	return h.Render(c, "booking_offices", "booking.offices.heading", fiber.Map{"Offices": offices})
}
