package public

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/locale"
	"loket/server/web/kit"
)

// bookingUpdateAPI moves a booking: {"start": RFC 3339}. The move is
// atomic: a full slot (409, with the next free slots) leaves it in place.
func (h *Handler) BookingUpdateAPI(c *fiber.Ctx) error {
	ref, pin, err := h.bookingRef(c)
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	var in struct {
		Start string `json:"start"`
	}
	if ok, err := h.DecodeJSON(c, &in); !ok {
		return err
	}
	start, err := time.Parse(time.RFC3339, in.Start)
	if err != nil {
		return h.FieldFail(c, "start", "date_format", locale.NewError("booking.error.start_format"))
	}
	b, err := h.Bookings.Move(c.UserContext(), ref, pin, start)
	if errors.Is(err, bookings.ErrSlotFull) {
		if cur, gerr := h.Bookings.Get(c.UserContext(), ref, pin); gerr == nil {
			return h.slotFullAPI(c, cur.OfficeID, cur.ServiceID, start)
		}
	}
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	kit.Private(c)
	return kit.SendJSON(c, fiber.Map{"booking": h.newBookingView(b, h.Printer(c))})
}
