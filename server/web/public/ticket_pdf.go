package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/web/kit"
)

// ticketReceipt issues the ticket's receipt on its first showing or
// print and keeps it on the ticket: a reprint is the same receipt.
func (h *Handler) ticketReceipt(c *fiber.Ctx, t queue.Ticket) (queue.Ticket, error) {
	if t.ReceiptID != "" || h.Receipts == nil {
		return t, nil
	}
	in := receipts.Input{Kind: receipts.KindQueueTicket, Reference: t.Number, At: t.Issued, OfficeID: t.OfficeID,
		Fields: map[string]string{"service": t.ServiceID}}
	if t.Kind == queue.KindAppointment {
		in = receipts.Input{Kind: receipts.KindKioskCheckIn, Reference: t.Number, At: t.Issued, OfficeID: t.OfficeID}
	}
	r, _, err := h.Receipts.Issue(c.UserContext(), in)
	if err != nil {
		return t, err
	}
	return h.Queue.AttachReceipt(c.UserContext(), t.ID, r.ID)
}

// ticketPDF is the ticket as an 80 mm receipt for the kiosk's thermal
// printer. The receipt is issued on the first print and kept: a reprint
// is the same receipt. It carries no personal data. Its QR code leads to
// the live place in the queue (/q/{token}), whose page links to the
// receipt's check.
func (h *Handler) TicketPDF(c *fiber.Ctx) error {
	if h.Receipts == nil {
		return fiber.ErrNotFound
	}
	t, err := h.kioskTicket(c)
	if err != nil {
		return h.kioskRefusal(c, err, queueMessage{})
	}
	o, err := h.Queue.Office(t.OfficeID)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if t, err = h.ticketReceipt(c, t); err != nil {
		return err
	}
	p := h.Printer(c)
	op := h.Catalogs.Printer(o.Languages[0])
	doc := receipts.Document{
		Lang: p.Lang(), RTL: p.Dir() == "rtl", OfficeName: o.Name,
		Title: p.T("queue.ticket.title"), ReferenceLabel: p.T("queue.ticket.number"), TimeLabel: p.T("queue.ticket.time"),
		FieldLabels: map[string]string{"service": p.T("queue.ticket.service")},
		FieldValues: map[string]string{"service": h.ServiceName(p, o.ID, t.ServiceID)},
		Lines:       []string{p.T("queue.ticket.watch"), p.T("queue.ticket.phone")},
		QR:          h.ticketPhoneURL(p.Lang(), t.ID),
		Office: receipts.OfficeText{
			Lang: op.Lang(), Title: op.T("queue.ticket.title"), ReferenceLabel: op.T("queue.ticket.number"),
			TimeLabel:   op.T("queue.ticket.time"),
			FieldLabels: map[string]string{"service": op.T("queue.ticket.service")},
			FieldValues: map[string]string{"service": h.ServiceName(op, o.ID, t.ServiceID)},
		},
	}
	b, err := h.Receipts.PDF(ctx, t.ReceiptID, receipts.FormatRoll80, doc)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	kit.Private(c)
	c.Set(fiber.HeaderContentDisposition, `inline; filename="ticket-`+t.Number+`.pdf"`)
	return c.Send(b)
}
