package staff

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/notify"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// outboxPage is the supervisors' view of the notification outbox: counts
// by state, subscriptions by kind and channel (never who), the latest
// messages with why they failed, and the office-wide notice.
type outboxPage struct {
	staffPage
	States   []outboxCount
	Subs     []outboxCount
	Failures int
	Messages []outboxRow
	Filter   string
	Offices  []bookings.Office
	Today    string
}

type outboxCount struct {
	Name  string
	Count int
}

// outboxRow is a message without its recipient or subject id.
type outboxRow struct {
	When, State, Event, Channel, Kind, Due, Error string
	Attempts                                      int
}

// OutboxShow shows the outbox; ?state= filters the list.
func (h *Handler) OutboxShow(c *fiber.Ctx) error {
	kit.Private(c)
	pg := outboxPage{staffPage: h.newStaffPage(c), Filter: c.Query("state")}
	switch notify.State(pg.Filter) {
	case "", notify.StateQueued, notify.StateSent, notify.StateDead, notify.StateDropped:
	default:
		return fiber.ErrNotFound
	}
	return h.renderOutbox(c, pg)
}

func (h *Handler) renderOutbox(c *fiber.Ctx, pg outboxPage) error {
	ctx := c.UserContext()
	st, err := h.Notify.Stats(ctx)
	if err != nil {
		return err
	}
	for _, s := range []notify.State{notify.StateQueued, notify.StateSent, notify.StateDead, notify.StateDropped} {
		pg.States = append(pg.States, outboxCount{string(s), st.Messages[s]})
	}
	for k, n := range st.Subscriptions {
		pg.Subs = append(pg.Subs, outboxCount{k, n})
	}
	sort.Slice(pg.Subs, func(i, j int) bool { return pg.Subs[i].Name < pg.Subs[j].Name })
	pg.Failures = st.Failures
	ms, err := h.Notify.Outbox(ctx, notify.State(pg.Filter), 100)
	if err != nil {
		return err
	}
	for _, m := range ms {
		pg.Messages = append(pg.Messages, outboxRow{When: m.Created.In(h.Office).Format("2006-01-02 15:04"), State: string(m.State),
			Event: string(m.Event), Channel: string(m.Channel), Kind: string(m.Subject.Kind), Due: m.Due.In(h.Office).Format("2006-01-02 15:04"),
			Error: m.LastError, Attempts: m.Attempts})
	}
	if h.Bookings != nil {
		pg.Offices = h.Bookings.Offices()
	}
	pg.Today = time.Now().In(h.Office).Format(time.DateOnly)
	return h.Render(c, "staff_outbox", "staff.outbox.title", pg)
}

// OutboxNotice closes an office for a day: nobody can book it any more,
// its bookings are marked, and whoever follows one is told at once and
// asked to pick a new time (bookings.Manager.CloseDay).
func (h *Handler) OutboxNotice(c *fiber.Ctx) error {
	if h.Bookings == nil {
		return fiber.ErrNotFound
	}
	form, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	kit.Private(c)
	pg := outboxPage{staffPage: h.newStaffPage(c)}
	day, err := bookings.ParseDate(form.Get("day"))
	if err != nil {
		pg.Error = h.tr(c, "staff.outbox.bad_day")
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderOutbox(c, pg)
	}
	reason := strings.Join(strings.Fields(form.Get("reason")), " ")
	if utf8.RuneCountInString(reason) > maxClosureReason {
		reason = string([]rune(reason)[:maxClosureReason])
	}
	marked, err := h.Bookings.CloseDay(c.UserContext(), form.Get("office"), day, reason)
	if r, ok := refusal.As(err); ok {
		pg.Error = h.tr(c, r.Key)
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderOutbox(c, pg)
	}
	if err != nil {
		return err
	}
	if err := h.recordClosure(c, form.Get("office"), bookings.Closure{From: day, To: day, Reason: reason}, len(marked)); err != nil {
		return err
	}
	pg.Notice = h.tr(c, "staff.outbox.notice_done", "n", len(marked))
	return h.renderOutbox(c, pg)
}

// maxClosureReason bounds the reason staff give for closing a day.
const maxClosureReason = 200
