package web

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/address"
)

// addressStatusNew asks for a reference and PIN.
func (h *handler) addressStatusNew(c *fiber.Ctx) error {
	return h.renderLookupForm(c, "address_status", "/address/status", nil, nil)
}

// addressStatusPage is what address_status.html prints: the least that
// answers "is my notification in order?".
type addressStatusPage struct {
	Reference, Status, SupersededBy string
	Municipality, Departure         string
	Address                         string
	ComeIn                          bool
}

// addressStatusShow looks a notification up by reference and PIN and
// shows its status, including the municipality's "please come in".
func (h *handler) addressStatusShow(c *fiber.Ctx) error {
	res, n, err := h.addressLookup(c, "address_status")
	if err != nil {
		return err
	}
	if !res.OK() {
		return h.renderLookupForm(c, "address_status", "/address/status", res.Values, res.Errors)
	}
	p := h.printer(c)
	m, _ := h.Address.Municipality(n.Municipality)
	page := addressStatusPage{
		Reference: n.Ref.String(), Status: n.Status, Municipality: m.Name(p.Lang()), Departure: n.DepartureDate,
		Address: addressLine(n), ComeIn: n.Status == address.StatusComeIn,
	}
	if n.SupersededBy != "" {
		page.SupersededBy = n.SupersededBy.String()
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.render(c, "address_status", "address.status.title", page)
}

// addressLine is the street address on one line, as Belgian addresses
// are written: street, number, box.
func addressLine(n address.Notification) string {
	s := n.Street + " " + n.Number
	if n.Box != "" {
		s += " bus/bte " + n.Box
	}
	return s + ", " + n.Postcode
}
