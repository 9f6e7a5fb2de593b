package staff

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/queue"
)

// staffNames returns a lookup of staff account ids to their e-mail
// addresses, reading each account once per request; an account deleted
// since is shown by its id.
func (h *Handler) staffNames(c *fiber.Ctx) func(id string) (string, error) {
	seen := map[string]string{}
	ctx := c.UserContext()
	return func(id string) (string, error) {
		if id == "" || h.Accounts == nil {
			return id, nil
		}
		if name, ok := seen[id]; ok {
			return name, nil
		}
		a, err := h.Accounts.Get(ctx, id)
		switch {
		case errors.Is(err, accounts.ErrNotFound):
			seen[id] = id
		case err != nil:
			return "", err
		default:
			seen[id] = a.Email
		}
		return seen[id], nil
	}
}

// ticketHistoryPage is what desk_ticket.html prints.
type ticketHistoryPage struct {
	staffPage
	Office queue.Office
	// Number is the number asked for; Ticket is nil when today has none.
	Number string
	Ticket *queue.Ticket
	Issued string
	Steps  []stepRow
}

// stepRow is one step of a ticket's history, in the office's time.
type stepRow struct {
	Time, Action, Desk, Staff, Service string
}

// DeskTicketHistory shows what desks did with one of today's tickets of
// an office (?office=&number=): each call, recall, transfer and end, with
// the desk and the staff account. For the office's supervisors; the
// public display and the visitor's page never show who called.
func (h *Handler) DeskTicketHistory(c *fiber.Ctx) error {
	o, err := h.Queue.Office(c.Query("office"))
	if err != nil {
		return fiber.ErrNotFound
	}
	if !h.officeStaff(c, o.ID) {
		return fiber.ErrForbidden
	}
	pg := ticketHistoryPage{staffPage: h.newStaffPage(c), Office: o, Number: c.Query("number")}
	t, err := h.Queue.FindNumber(c.UserContext(), o.ID, pg.Number)
	if errors.Is(err, queue.ErrNotFound) {
		pg.Error = h.tr(c, "queue.history.not_found")
		c.Status(fiber.StatusNotFound)
		return h.Render(c, "desk_ticket", "queue.history.title", pg)
	}
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "queue.history", Object: t.ID, Detail: o.ID + " " + t.Number}); err != nil {
		return err
	}
	pg.Ticket, pg.Number = &t, t.Number
	pg.Issued = t.Issued.In(o.Location).Format("15:04")
	staffName := h.staffNames(c)
	for _, s := range t.History {
		name, err := staffName(s.By)
		if err != nil {
			return err
		}
		pg.Steps = append(pg.Steps, stepRow{Time: s.At.In(o.Location).Format("15:04:05"), Action: s.Action, Desk: s.Desk,
			Staff: name, Service: s.Service})
	}
	return h.Render(c, "desk_ticket", "queue.history.title", pg)
}
