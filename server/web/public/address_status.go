package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/address"
	"loket/server/web/kit"
)

// addressStatusNew asks for a reference and PIN.
func (h *Handler) AddressStatusNew(c *fiber.Ctx) error {
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
func (h *Handler) AddressStatusShow(c *fiber.Ctx) error {
	res, n, err := h.addressLookup(c, "address_status")
	if err != nil {
		return err
	}
	if !res.OK() {
		return h.renderLookupForm(c, "address_status", "/address/status", res.Values, res.Errors)
	}
	p := h.Printer(c)
	m, _ := h.Address.Municipality(n.Municipality)
	page := addressStatusPage{
		Reference: n.Ref.String(), Status: n.Status, Municipality: m.Name(p.Lang()), Departure: n.DepartureDate,
		Address: n.AddressLine(), ComeIn: n.Status == address.StatusComeIn,
	}
	if n.SupersededBy != "" {
		page.SupersededBy = n.SupersededBy.String()
	}
	kit.Private(c)
	return h.Render(c, "address_status", "address.status.title", page)
}
