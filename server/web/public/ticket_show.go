package public

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
)

// ticketView is the printable ticket: nothing personal, only the number,
// the service, the time, the place in the queue and the phone link.
type ticketView struct {
	Ticket      queue.Ticket
	Service     string
	Time        string
	Date        string
	Appointment string
	Ahead       int
	Waiting     bool
	Desk        string
	Wait        string
	PhoneURL    string
	QR          template.HTML
	// ReceiptID is printed under the QR code, as on the PDF: the receipt
	// check (linked from the place in the queue) names it.
	ReceiptID string
	Print     bool
	Again     bool
	PDF       bool
}

// ticketShow is a ticket as the kiosk shows and prints it (its receipt is
// issued on the first showing). Only kiosks of the ticket's office see
// it, and only on its day.
func (h *Handler) TicketShow(c *fiber.Ctx) error {
	t, err := h.kioskTicket(c)
	if err != nil {
		return h.kioskRefusal(c, err, queueMessage{})
	}
	if t, err = h.ticketReceipt(c, t); err != nil {
		return err
	}
	o, err := h.Queue.Office(t.OfficeID)
	if err != nil {
		return err
	}
	b, err := h.Queue.Board(c.UserContext(), t.OfficeID)
	if err != nil {
		return err
	}
	p := h.Printer(c)
	place, _ := b.Place(t.ID)
	phone := h.ticketPhoneURL(p.Lang(), t.ID)
	qr, err := qrSVG(phone)
	if err != nil {
		return err
	}
	issued := t.Issued.In(o.Location)
	tv := ticketView{
		Ticket: t, Service: h.ServiceName(p, t.OfficeID, t.ServiceID), Time: issued.Format("15:04"), Date: p.Date(issued),
		Ahead: place.Ahead, Waiting: place.Status == queue.StatusWaiting, Desk: place.Desk, Wait: waitText(p.T, place),
		PhoneURL: phone, QR: qr, ReceiptID: t.ReceiptID, Print: c.Query("print") == "1", Again: c.Query("again") == "1", PDF: h.Receipts != nil,
	}
	if !t.Appointment.IsZero() {
		tv.Appointment = t.Appointment.In(o.Location).Format("15:04")
	}
	return h.Render(c, "ticket", "queue.ticket.title", tv)
}

// ticketPhoneURL is what a ticket's QR code holds, on the screen and on
// paper: the phone's live place in the queue, in the kiosk's language.
func (h *Handler) ticketPhoneURL(lang, id string) string {
	return h.Config.BaseURL + "/" + lang + "/q/" + h.Queue.Token(id)
}

// kioskTicket loads the :id ticket for the request's kiosk.
func (h *Handler) kioskTicket(c *fiber.Ctx) (queue.Ticket, error) {
	t, err := h.Queue.Ticket(c.UserContext(), c.Params("id"))
	if err != nil {
		return t, err
	}
	if t.OfficeID != kioskOffice(c) {
		return t, queue.ErrNotFound
	}
	if !h.Queue.IsToday(t) {
		return t, queue.ErrOtherDay
	}
	return t, nil
}
