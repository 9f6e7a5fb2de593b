package public

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/stats"
	"loket/server/web/kit"
)

// checkinShow asks for the booking's QR code (camera or USB scanner) or
// its reference and PIN.
func (h *Handler) CheckinShow(c *fiber.Ctx) error {
	return h.Render(c, "checkin", "queue.checkin.title", fiber.Map{})
}

// checkin checks an appointment in and shows its ticket. A second scan
// shows the first ticket again; refusals say why and what to do.
func (h *Handler) Checkin(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	code := strings.TrimSpace(posted.Get("code"))
	pin := strings.TrimSpace(posted.Get("pin"))
	in := queue.CheckIn{OfficeID: kioskOffice(c), KioskID: kioskID(c)}
	if ref, ok := h.receiptRef(c.UserContext(), code); ok {
		in.Ref, in.Verified = ref, true
	} else if strings.Contains(code, "/") {
		return h.checkinAgain(c, "queue.checkin.bad_code")
	} else if code == "" || pin == "" {
		return h.checkinAgain(c, "queue.checkin.missing")
	} else {
		in.Ref, in.PIN = strings.ToUpper(code), pin
	}
	is, err := h.Queue.CheckIn(c.UserContext(), in)
	if err != nil {
		return h.kioskRefusal(c, err, queueMessage{Retry: "/checkin"})
	}
	h.Count(c, stats.Event{Name: stats.QueueCheckIn, Office: in.OfficeID})
	v := h.NewView(c, "", "", nil)
	q := "?print=1"
	if is.Again {
		q = "?print=1&again=1"
	}
	return c.Redirect(v.URL("/ticket/"+is.Ticket.ID+q), fiber.StatusSeeOther)
}

func (h *Handler) checkinAgain(c *fiber.Ctx, key string) error {
	c.Status(fiber.StatusUnprocessableEntity)
	return h.Render(c, "checkin", "queue.checkin.title", fiber.Map{"Error": key})
}

// receiptRef reads a scanned booking receipt: its QR code holds
// {base}/r/{token}; a genuine, unrevoked booking receipt proves the
// holder, so no PIN is asked.
func (h *Handler) receiptRef(ctx context.Context, code string) (string, bool) {
	if h.Receipts == nil {
		return "", false
	}
	token := code
	if u, err := url.Parse(code); err == nil && strings.HasPrefix(u.Path, "/r/") {
		token = strings.TrimPrefix(u.Path, "/r/")
	} else if len(code) < 40 {
		return "", false // a typed reference
	}
	st, err := h.Receipts.Check(ctx, token)
	if err != nil && !errors.Is(err, receipts.ErrExpired) || st.Revoked {
		return "", false
	}
	switch st.Payload.Kind {
	case receipts.KindBookingConfirmed, receipts.KindBookingMoved:
		return st.Payload.Reference, true
	}
	return "", false
}
