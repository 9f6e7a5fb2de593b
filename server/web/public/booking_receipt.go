package public

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/receipts"
	"loket/server/web/kit"
)

// bookingReceipt answers the confirmation and manage pages' "download
// receipt" (A4) and the kiosk's "print" (80 mm): a signed receipt of the
// booking as it stands, after the reference and PIN check: the service,
// the office's name and address, and what to bring, as the booking page
// says them. Moving or cancelling later shows on its verification page
// as revoked.
func (h *Handler) BookingReceipt(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	if h.Receipts == nil {
		return fiber.ErrServiceUnavailable
	}
	format, err := receipts.ParseFormat(posted.Get("format"))
	if err != nil {
		return fiber.ErrBadRequest
	}
	ref, err := bookings.ParseReference(posted.Get("reference"))
	if err != nil {
		return fiber.ErrNotFound
	}
	b, err := h.Bookings.Get(c.UserContext(), ref, posted.Get("pin"))
	switch {
	case errors.Is(err, bookings.ErrWrongPIN), errors.Is(err, bookings.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, bookings.ErrLocked):
		return fiber.ErrTooManyRequests
	case err != nil:
		return err
	}
	if !b.Active() {
		return fiber.ErrGone
	}
	in := receipts.Input{Kind: receipts.KindBookingConfirmed, Reference: b.Ref.String(), At: b.Start, OfficeID: b.OfficeID,
		Fields: map[string]string{"service": b.ServiceID}}
	if b.Procedure != "" {
		in.Fields["procedure"] = b.Procedure
	}
	r, _, err := h.Receipts.Issue(c.UserContext(), in)
	if err != nil {
		return err
	}
	pdf, err := h.Receipts.PDF(c.UserContext(), r.ID, format, h.ReceiptDocument(h.Printer(c), r))
	if err != nil {
		return err
	}
	kit.Private(c)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="loket-`+b.Ref.String()+`.pdf"`)
	return c.Send(pdf)
}
