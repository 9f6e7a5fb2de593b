package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
	"loket/server/stats"
	"loket/server/web/kit"
)

// ticketLine is one service a kiosk offers tickets for.
type ticketLine struct {
	ID, Letter, Name string
	Waiting          int
	Wait             string
}

// ticketServices lists the kiosk office's services with their waiting
// counts, one big button each.
func (h *Handler) TicketServices(c *fiber.Ctx) error {
	office := kioskOffice(c)
	b, err := h.Queue.Board(c.UserContext(), office)
	if err != nil {
		return err
	}
	open, err := h.Queue.OpenToday(c.UserContext(), office)
	if err != nil {
		return err
	}
	isOpen := map[string]bool{}
	for _, l := range open {
		isOpen[l.ID] = true
	}
	p := h.Printer(c)
	lines := make([]ticketLine, 0, len(b.Services))
	for _, s := range b.Services {
		if !isOpen[s.ID] {
			continue
		}
		place := queue.Place{Known: s.Average > 0, Wait: s.Average}
		lines = append(lines, ticketLine{ID: s.ID, Letter: s.Letter, Name: h.ServiceName(p, b.OfficeID, s.ID), Waiting: s.Waiting, Wait: waitText(p.T, place)})
	}
	return h.Render(c, "ticket_services", "queue.take.title", lines)
}

// ticketTake gives a walk-in a ticket and shows it, ready to print. A full
// day says so and offers an appointment instead.
func (h *Handler) TicketTake(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	is, err := h.Queue.TakeTicket(c.UserContext(), kioskOffice(c), posted.Get("service"), kioskID(c))
	if err != nil {
		return h.kioskRefusal(c, err, queueMessage{Booking: true})
	}
	h.Count(c, stats.Event{Name: stats.QueueTicket, Office: kioskOffice(c), Category: is.Ticket.ServiceID})
	v := h.NewView(c, "", "", nil)
	return c.Redirect(v.URL("/ticket/"+is.Ticket.ID+"?print=1"), fiber.StatusSeeOther)
}

func kioskID(c *fiber.Ctx) string {
	k, _ := kit.StateOf(c).RegisteredKiosk()
	return k.ID
}
