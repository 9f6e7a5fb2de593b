package public

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/refusal"
	"loket/server/stats"
	"loket/server/web/kit"
)

// checkinShow asks for the booking's QR code (camera or USB scanner) or
// its reference and PIN, and leads to the check-in by dossier number for
// those who have neither at hand.
func (h *Handler) CheckinShow(c *fiber.Ctx) error {
	return h.Render(c, "checkin", "queue.checkin.title", fiber.Map{})
}

// checkinDossierShow asks for the dossier number and date of birth of
// someone with an appointment today, on the kiosk's keypad and date pickers.
func (h *Handler) CheckinDossierShow(c *fiber.Ctx) error {
	return h.renderCheckinDossier(c, nil, nil)
}

// checkinDossier checks in the dossier's appointment of the day at this
// office. The birth date goes through the one guarded dossier check,
// counted against this kiosk like its status lookups.
func (h *Handler) CheckinDossier(c *fiber.Ctx) error {
	values, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	res := h.form("checkin_dossier").Validate(values, h.Now().In(h.Office))
	if !res.OK() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderCheckinDossier(c, res.Values, res.Errors)
	}
	is, err := h.Queue.CheckIn(c.UserContext(), queue.CheckIn{OfficeID: kioskOffice(c), KioskID: kioskID(c),
		Dossier: res.Values["dossier"], Birth: res.Values["birth_date"]})
	if errors.Is(err, queue.ErrNoMatch) {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderCheckinDossier(c, res.Values, []refusal.Field{{Key: queue.ErrNoMatch.Key}})
	}
	if err != nil {
		return h.kioskRefusal(c, err, queueMessage{Retry: "/checkin"})
	}
	return h.checkedIn(c, is)
}

func (h *Handler) renderCheckinDossier(c *fiber.Ctx, values map[string]string, errs []refusal.Field) error {
	if values != nil {
		values["birth_date"] = "" // never echo a secret back
	}
	p := h.Printer(c)
	html := h.form("checkin_dossier").Render(p, forms.RenderOptions{Action: kit.LocalURL(kit.ShellKiosk, p.Lang(), "/checkin/dossier"),
		CSRF: h.csrfOf(c), Values: values, Errors: errs, Kiosk: true, Now: h.Now().In(h.Office)})
	kit.Private(c)
	return h.Render(c, "checkin_dossier", "queue.checkin.dossier.title", html)
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
	return h.checkedIn(c, is)
}

// checkedIn counts a check-in and shows its ticket, ready to print.
func (h *Handler) checkedIn(c *fiber.Ctx, is queue.Issued) error {
	h.Count(c, stats.Event{Name: stats.QueueCheckIn, Office: kioskOffice(c)})
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
