package public

import (
	"encoding/json"
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/locale"
	"loket/server/notify"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/web/kit"
)

// placeState is what the phone page shows of a ticket, already in the
// reader's language: the page's script only sets the texts.
type placeState struct {
	State    string `json:"state"` // waiting, called, done, other_day
	Ahead    int    `json:"ahead"`
	Headline string `json:"headline"`
	Detail   string `json:"detail"`
	Wait     string `json:"wait"`
}

func describePlace(p *locale.Printer, t queue.Ticket, b *queue.Board, today bool) placeState {
	if !today {
		return placeState{State: "other_day", Headline: p.T("queue.place.other_day")}
	}
	place, ok := b.Place(t.ID)
	switch {
	case !ok:
		return placeState{State: "done", Headline: p.T("queue.place.done")}
	case place.Status == queue.StatusCalled:
		return placeState{State: "called", Headline: p.T("queue.place.called", "desk", place.Desk)}
	}
	headline := p.T("queue.place.ahead", "count", place.Ahead)
	if place.Ahead == 0 {
		headline = p.T("queue.place.next")
	}
	return placeState{State: "waiting", Ahead: place.Ahead, Headline: headline,
		Detail: p.T("queue.place.watch"), Wait: waitText(p.T, place)}
}

// ticketPlace is the phone page of a ticket's QR code: the place in the
// queue and the estimated wait, kept live by server-sent events; without
// JavaScript a refresh link shows the latest.
func (h *Handler) TicketPlace(c *fiber.Ctx) error {
	t, err := h.Queue.TicketByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return fiber.ErrNotFound
	}
	b, err := h.Queue.Board(c.UserContext(), t.OfficeID)
	if err != nil {
		return err
	}
	p := h.Printer(c)
	st := describePlace(p, t, b, h.Queue.IsToday(t))
	kit.Private(c)
	// "Tell me when I am next", while the ticket waits.
	var follow *followView
	if t.Status == queue.StatusWaiting {
		follow = h.follow(c, notify.Subject{Kind: notify.KindTicket, ID: t.ID})
	}
	receipt, err := h.ticketReceiptCheck(c, t)
	if err != nil {
		return err
	}
	return h.Render(c, "ticket_place", "queue.place.title", fiber.Map{
		"Ticket": t, "Service": h.ServiceName(p, t.OfficeID, t.ServiceID), "State": st,
		"Events":  "/" + p.Lang() + "/q/" + c.Params("token") + "/events",
		"Self":    "/" + p.Lang() + "/q/" + c.Params("token"),
		"Follow":  follow,
		"Receipt": receipt,
	})
}

// ticketReceiptCheck is the path of the check of a printed ticket's
// receipt ("" when the ticket was not printed): the printed QR code leads
// here, so the check stays one tap away.
func (h *Handler) ticketReceiptCheck(c *fiber.Ctx, t queue.Ticket) (string, error) {
	if t.ReceiptID == "" || h.Receipts == nil {
		return "", nil
	}
	r, err := h.Receipts.Get(c.UserContext(), t.ReceiptID)
	if errors.Is(err, receipts.ErrNotFound) {
		return "", nil // purged with its day
	} else if err != nil {
		return "", err
	}
	return kit.URL(c, "/r/"+r.Token), nil
}

// ticketPlaceEvents streams a ticket's place to its phone page.
func (h *Handler) TicketPlaceEvents(c *fiber.Ctx) error {
	t, err := h.Queue.TicketByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return fiber.ErrNotFound
	}
	p := h.Printer(c)
	today := h.Queue.IsToday(t)
	last := ""
	return h.streamEvents(c, t.OfficeID, func(e queue.Event) ([]byte, bool) {
		b, err := json.Marshal(describePlace(p, t, e.Board, today))
		if err != nil || string(b) == last {
			return nil, false
		}
		last = string(b)
		return sseData(b), true
	})
}
