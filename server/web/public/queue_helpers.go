package public

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
	"loket/server/refusal"
	"loket/server/web/kit"
)

const CookieKiosk = "loket_kiosk"

// registeredKiosk is the kiosk whose credential the browser holds.
func (h *Handler) registeredKiosk(c *fiber.Ctx) (queue.Kiosk, error) {
	return h.Queue.Kiosk(c.UserContext(), c.Cookies(CookieKiosk))
}

// queueMessage is the page that explains a refusal and offers the next step.
type queueMessage struct {
	Title   string // translation key of the heading ("" for "This did not work")
	Key     string // translation key of the message
	Args    []any
	Walkin  bool // offer a walk-in ticket
	Booking bool // offer an appointment
	Retry   string
}

// kioskRefusal renders a domain refusal as a kiosk page with a clear
// message; anything else goes to the error handler (500).
func (h *Handler) kioskRefusal(c *fiber.Ctx, err error, m queueMessage) error {
	refused, ok := refusal.As(err)
	if !ok {
		return err
	}
	m.Key = refused.Key
	var r *queue.CheckInRefusal
	if errors.As(err, &r) {
		o, oerr := h.Queue.Office(kioskOffice(c))
		at := r.Start
		if oerr == nil {
			at = at.In(o.Location)
		}
		opens := r.Opens
		if oerr == nil {
			opens = opens.In(o.Location)
		}
		m.Args = append(m.Args, "time", at.Format("15:04"), "date", h.Printer(c).Date(at), "opens", opens.Format("15:04"))
		// Too early: wait, or take a ticket now; too late: a ticket.
		m.Walkin = errors.Is(err, queue.ErrTooLate) || errors.Is(err, queue.ErrTooEarly)
		if errors.Is(err, queue.ErrTooEarly) {
			m.Title = "queue.checkin.early_title"
		}
	}
	if errors.Is(err, queue.ErrNoAppointment) {
		m.Walkin = true
	}
	status := fiber.StatusUnprocessableEntity
	if errors.Is(err, queue.ErrKioskUnknown) || errors.Is(err, queue.ErrKioskRevoked) {
		status = fiber.StatusForbidden
	}
	c.Status(status)
	return h.Render(c, "queue_message", "queue.message.title", m)
}

// kioskOffice is the office of the request's kiosk, set by requireKiosk.
func kioskOffice(c *fiber.Ctx) string {
	k, _ := kit.StateOf(c).RegisteredKiosk()
	return k.OfficeID
}

// requireKiosk lets only registered, non-revoked kiosks through.
func (h *Handler) RequireKiosk(c *fiber.Ctx) error {
	k, err := h.registeredKiosk(c)
	if err != nil {
		return h.kioskRefusal(c, err, queueMessage{})
	}
	kit.StateOf(c).SetKiosk(k)
	return c.Next()
}

// serviceKey is the catalog key of a service's shipped name.
func serviceKey(id string) string { return "booking.service." + id }

// waitText is an estimated wait as people read it.
func waitText(t func(string, ...any) string, p queue.Place) string {
	if !p.Known {
		return t("queue.wait.unknown")
	}
	return t("queue.wait.minutes", "count", max(int(p.Wait/time.Minute), 1))
}

// secureCookies reports whether cookies get the Secure flag.
func (h *Handler) SecureCookies() bool { return strings.HasPrefix(h.Config.BaseURL, "https://") }
