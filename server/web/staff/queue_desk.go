package staff

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/locale"
	"loket/server/queue"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// deskOf reads the desk from a query or form: office, desk name, services.
func (h *Handler) deskOf(c *fiber.Ctx) (queue.Desk, queue.Office, error) {
	args := c.Context().QueryArgs()
	if c.Method() == fiber.MethodPost {
		args = c.Context().PostArgs()
	}
	d := queue.Desk{OfficeID: string(args.Peek("office")), Name: strings.TrimSpace(string(args.Peek("desk")))}
	for _, s := range args.PeekMulti("s") {
		d.Services = append(d.Services, string(s))
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

// deskShow is a desk's page: the visitor it called, and buttons to call
// the next one, recall, mark a no-show, served, transfer or priority.
// Plain forms: it works without JavaScript. Without an office and desk it
// is the form that picks them; a desk is only for staff of its office.
func (h *Handler) DeskShow(c *fiber.Ctx) error {
	var offices []queue.Office
	for _, o := range h.Queue.Offices() {
		if h.officeStaff(c, o.ID) {
			offices = append(offices, o)
		}
	}
	d, o, err := h.deskOf(c)
	data := fiber.Map{"Offices": offices, "Message": h.deskMessage(c, d), "MaxRecalls": h.Queue.MaxRecalls(), "Desk": d}
	if err != nil || d.Name == "" {
		return h.Render(c, "ticket_desk", "queue.desk.title", data)
	}
	if !h.officeStaff(c, o.ID) {
		return fiber.ErrForbidden
	}
	ctx := c.UserContext()
	at, err := h.Queue.AtDesk(ctx, o.ID, d.Name)
	if err != nil {
		return err
	}
	b, err := h.Queue.Board(ctx, o.ID)
	if err != nil {
		return err
	}
	data["Office"], data["Called"], data["Board"], data["Ready"] = o, at, b, true
	return h.Render(c, "ticket_desk", "queue.desk.title", data)
}

// deskAction runs one desk button and goes back to the desk page with a
// message, so a reload does not repeat it.
func (h *Handler) DeskAction(c *fiber.Ctx) error {
	d, o, err := h.deskOf(c)
	if err != nil {
		return fiber.ErrBadRequest
	}
	if !h.officeStaff(c, o.ID) {
		return fiber.ErrForbidden
	}
	ctx := c.UserContext()
	id := c.FormValue("ticket")
	var t queue.Ticket
	switch c.FormValue("action") {
	case "call":
		t, err = h.Queue.CallNext(ctx, d)
	case "recall":
		t, err = h.Queue.Recall(ctx, d, id)
	case "no_show":
		t, err = h.Queue.NoShow(ctx, d, id)
	case "served":
		t, err = h.Queue.Served(ctx, d, id)
	case "transfer":
		t, err = h.Queue.Transfer(ctx, d, id, c.FormValue("to"))
	case "priority":
		if t, err = h.Queue.FindNumber(ctx, d.OfficeID, c.FormValue("number")); err == nil {
			t, err = h.Queue.SetPriority(ctx, d, t.ID, true)
		}
	default:
		return fiber.ErrBadRequest
	}
	msg := "queue.desk.done." + c.FormValue("action")
	r, refused := refusal.As(err)
	switch {
	case refused:
		msg = r.Key
	case err != nil:
		return err
	}
	q := deskQuery(d) + "&" + url.Values{"msg": {msg}, "n": {t.Number}}.Encode()
	return c.Redirect("/staff/desk?"+q, fiber.StatusSeeOther)
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
	if err := c.BodyParser(&in); err != nil {
		return fiber.ErrBadRequest
	}
	if !h.officeStaff(c, in.Office) {
		return fiber.ErrForbidden
	}
	d := queue.Desk{OfficeID: in.Office, Name: in.Desk, Services: in.Services}
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
	return kit.SendJSON(c, fiber.Map{"number": t.Number, "desk": t.Desk, "service": t.ServiceID})
}
