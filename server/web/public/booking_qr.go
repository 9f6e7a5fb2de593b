package public

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/receipts"
)

// bookingQR is the QR code the confirmation page shows for the kiosk's
// check-in: the same signed booking receipt the PDF carries, so the
// kiosk's camera or scanner checks the visitor in without a PIN. Empty
// when receipts are off.
func (h *Handler) bookingQR(c *fiber.Ctx, b bookings.Booking) (template.HTML, error) {
	if h.Receipts == nil {
		return "", nil
	}
	in := receipts.Input{Kind: receipts.KindBookingConfirmed, Reference: b.Ref.String(), At: b.Start, OfficeID: b.OfficeID}
	if b.Procedure != "" {
		in.Fields = map[string]string{"procedure": b.Procedure}
	}
	_, token, err := h.Receipts.Issue(c.UserContext(), in)
	if err != nil {
		return "", err
	}
	return qrSVG(h.Receipts.URL(token))
}
