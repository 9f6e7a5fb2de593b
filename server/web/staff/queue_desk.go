package staff

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/locale"
	"loket/server/queue"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// deskOf reads the desk from the query (the desk page) or the posted form
// (its buttons): office, desk name, services.
func (h *Handler) deskOf(c *fiber.Ctx) (queue.Desk, queue.Office, error) {
	var v url.Values
	if c.Method() == fiber.MethodPost {
		posted, err := kit.PostedForm(c)
		if err != nil {
			return queue.Desk{}, queue.Office{}, err
		}
		v = posted
	} else {
		v, _ = url.ParseQuery(string(c.Request().URI().QueryString()))
	}
	d := queue.Desk{OfficeID: v.Get("office"), Name: strings.TrimSpace(v.Get("desk")), Services: v["s"]}
	if me, ok := h.Account(c); ok {
		d.Staff = me.ID
	}
	o, err := h.Queue.Office(d.OfficeID)
	if err != nil {
		return d, o, err
	}
	if len(d.Services) == 0 {
		d.Services = o.ServiceIDs()
	}
	return d, o, nil
}

// deskQuery is the desk page's query string for d.
func deskQuery(d queue.Desk) string {
	v := url.Values{"office": {d.OfficeID}, "desk": {d.Name}, "s": d.Services}
	return v.Encode()
}

// deskPage is what ticket_desk.html prints.
type deskPage struct {
	staffPage
	Offices    []queue.Office
	Message    string
	MaxRecalls int
	Desk       queue.Desk
	Office     queue.Office
	Called     []queue.Ticket
	Live       officeLive
	// Undo is the ticket this desk marked served a moment ago, while it
	// may still take that back.
	Undo  *queue.Ticket
	Ready bool
}

// deskShow is a desk's page: the visitor it called, and buttons to call
// the next one, recall, mark a no-show, served, transfer or priority.
// Plain forms: it works without JavaScript. Without an office and desk it
// is the form that picks them; a desk is only for staff of its office.
func (h *Handler) DeskShow(c *fiber.Ctx) error {
	var offices []queue.Office
	var briefs []kit.OfficeBrief
	for _, o := range h.Queue.Offices() {
		if h.officeStaff(c, o.ID) {
			offices = append(offices, o)
			briefs = append(briefs, kit.OfficeBrief{ID: o.ID, Name: o.Name})
		}
	}
	d, o, err := h.deskOf(c)
	pg := deskPage{staffPage: h.newStaffPage(c), Offices: offices, Message: h.deskMessage(c, d), MaxRecalls: h.Queue.MaxRecalls(), Desk: d}
	if err != nil || d.Name == "" {
		return h.Render(c, "ticket_desk", "queue.desk.title", pg)
	}
	if !h.officeStaff(c, o.ID) {
		return fiber.ErrForbidden
	}
	pg.staffPage = pg.withSwitch("/staff/desk", o.ID, briefs, map[string]string{"desk": d.Name})
	ctx := c.UserContext()
	if pg.Called, err = h.Queue.AtDesk(ctx, o.ID, d.Name); err != nil {
		return err
	}
	if pg.Live, err = h.officeLiveOf(c, o); err != nil {
		return err
	}
	if c.Query("msg") == "queue.desk.done.served" {
		if t, err := h.Queue.Ticket(ctx, c.Query("t")); err == nil && t.OfficeID == o.ID && h.Queue.Undoable(t, d.Name) {
			pg.Undo = &t
		}
	}
	pg.Office, pg.Ready = o, true
	return h.Render(c, "ticket_desk", "queue.desk.title", pg)
}

// deskAction runs one desk button and goes back to the desk page with a
// message, so a reload does not repeat it.
func (h *Handler) DeskAction(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	d, o, err := h.deskOf(c)
	if err != nil {
		return fiber.ErrBadRequest
	}
	if !h.officeStaff(c, o.ID) {
		return fiber.ErrForbidden
	}
	ctx := c.UserContext()
	id := posted.Get("ticket")
	var t queue.Ticket
	switch posted.Get("action") {
	case "call":
		t, err = h.Queue.CallNext(ctx, d)
	case "recall":
		t, err = h.Queue.Recall(ctx, d, id)
	case "no_show":
		t, err = h.Queue.NoShow(ctx, d, id)
	case "served":
		t, err = h.Queue.Served(ctx, d, id)
	case "undo_served":
		t, err = h.Queue.UndoServed(ctx, d, id)
	case "transfer":
		t, err = h.Queue.Transfer(ctx, d, id, posted.Get("to"))
	case "priority":
		if t, err = h.Queue.FindNumber(ctx, d.OfficeID, posted.Get("number")); err == nil {
			t, err = h.Queue.SetPriority(ctx, d, t.ID, true)
		}
	default:
		return fiber.ErrBadRequest
	}
	msg := "queue.desk.done." + posted.Get("action")
	r, refused := refusal.As(err)
	switch {
	case refused:
		msg = r.Key
	case err != nil:
		return err
	default:
		if err := h.recordDesk(c, d, posted.Get("action"), t); err != nil {
			return err
		}
	}
	q := deskQuery(d) + "&" + url.Values{"msg": {msg}, "n": {t.Number}, "t": {t.ID}}.Encode()
	return c.Redirect("/staff/desk?"+q, fiber.StatusSeeOther)
}

// recordDesk puts a desk's action on the trail: the staff account, the
// ticket, and its number at which desk (no personal data: a ticket holds
// none).
func (h *Handler) recordDesk(c *fiber.Ctx, d queue.Desk, action string, t queue.Ticket) error {
	return h.Record(c, audit.Entry{Actor: d.Staff, Action: "queue." + action, Object: t.ID,
		Detail: t.OfficeID + " " + t.Number + " desk " + d.Name})
}

// deskMessage words what the last button did ("A012 is called to desk
// 3."), from the key and ticket number the action redirected with. Only
// the desk's own messages and the queue's refusals are shown: the key
// comes from the address bar.
func (h *Handler) deskMessage(c *fiber.Ctx, d queue.Desk) string {
	key := c.Query("msg")
	if !strings.HasPrefix(key, "queue.desk.done.") && !strings.HasPrefix(key, "queue.error.") {
		return ""
	}
	return h.tr(c, key, "number", c.Query("n"), "desk", d.Name)
}

// apiQueueCall is "call next" for scripts and desk systems:
// POST /api/v1/queue/call {"office","desk","services"} with the session
// cookie of a staff account that serves the office.
func (h *Handler) APIQueueCall(c *fiber.Ctx) error {
	var in struct {
		Office   string   `json:"office"`
		Desk     string   `json:"desk"`
		Services []string `json:"services"`
	}
	if ok, err := h.DecodeJSON(c, &in); !ok {
		return err
	}
	if !h.officeStaff(c, in.Office) {
		return fiber.ErrForbidden
	}
	me, _ := h.Account(c)
	d := queue.Desk{OfficeID: in.Office, Name: in.Desk, Services: in.Services, Staff: me.ID}
	if o, err := h.Queue.Office(in.Office); err == nil && len(d.Services) == 0 {
		d.Services = o.ServiceIDs()
	}
	t, err := h.Queue.CallNext(c.UserContext(), d)
	if r, ok := refusal.As(err); ok {
		status := fiber.StatusUnprocessableEntity
		if errors.Is(err, queue.ErrNoneWaiting) {
			status = fiber.StatusConflict
		}
		return h.APIFail(c, status, strings.TrimPrefix(r.Key, "queue.error."), locale.NewError(r.Key))
	}
	if err != nil {
		return err
	}
	if err := h.recordDesk(c, d, "call", t); err != nil {
		return err
	}
	return kit.SendJSON(c, fiber.Map{"number": t.Number, "desk": t.Desk, "service": t.ServiceID})
}
