package web

import (
	"github.com/gofiber/fiber/v2"
)

// officeIndexAPI lists the offices with their services, in the request's
// language.
func (h *handler) officeIndexAPI(c *fiber.Ctx) error {
	p := h.printer(c)
	out := []officeView{}
	for _, o := range h.Bookings.Offices() {
		out = append(out, newOfficeView(o, p))
	}
	return sendJSON(c, fiber.Map{"offices": out})
}

// officeServicesAPI lists one office's services.
func (h *handler) officeServicesAPI(c *fiber.Ctx) error {
	o, err := h.Bookings.Office(c.Params("id"))
	if err != nil {
		return fiber.ErrNotFound
	}
	return sendJSON(c, fiber.Map{"office": o.ID, "services": newOfficeView(o, h.printer(c)).Services})
}

// officeIndex is the first appointment page: every office with its
// address, map link, access notes and the services to book.
func (h *handler) officeIndex(c *fiber.Ctx) error {
	p := h.printer(c)
	var offices []officeView
	for _, o := range h.Bookings.Offices() {
		offices = append(offices, newOfficeView(o, p))
	}
	return h.render(c, "booking_offices", "booking.offices.heading", fiber.Map{"Offices": offices})
}
