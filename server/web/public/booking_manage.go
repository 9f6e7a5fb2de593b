package public

import (
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/bookings"
	"loket/server/refusal"
	"loket/server/stats"
	"loket/server/web/kit"
)

// The manage pages carry the reference and PIN in the bodies of posted
// forms, never in a URL, so neither reaches a history, a log or a link.

// manageFail is a lookup that did not pass: the form is shown again.
type manageFail struct {
	values map[string]string
	errs   []refusal.Field
	status int
}

// manageFields maps the domain's refusals to the manage form's fields.
var manageFields = map[*refusal.Error]string{
	bookings.ErrBadReference: "reference",
	bookings.ErrNotFound:     "reference",
	bookings.ErrWrongPIN:     "pin",
	bookings.ErrLocked:       "pin",
}

// manageAuth reads the posted form, checks its reference and PIN and
// loads the booking.
func (h *Handler) manageAuth(c *fiber.Ctx) (bookings.Booking, url.Values, *manageFail, error) {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return bookings.Booking{}, nil, nil, err
	}
	if ip := h.ClientIP(c); !h.book.manage.Allow(ip) {
		return bookings.Booking{}, posted, nil, kit.TooMany(c, h.book.manage, ip)
	}
	form := h.form("booking_manage")
	res := form.Validate(posted, h.Now())
	if !res.OK() {
		return bookings.Booking{}, posted, &manageFail{res.Values, res.Errors, fiber.StatusUnprocessableEntity}, nil
	}
	ref, err := bookings.ParseReference(res.Values["reference"])
	var b bookings.Booking
	if err == nil {
		b, err = h.Bookings.Get(c.UserContext(), ref, res.Values["pin"])
	}
	if err != nil {
		be, f, ok := kit.BookingRefusal(err)
		if !ok {
			return b, posted, nil, err
		}
		field := manageFields[be]
		if field == "" {
			field = "reference"
		}
		return b, posted, &manageFail{res.Values, []refusal.Field{{Field: field, Key: be.Key}}, f.Status}, nil
	}
	return b, posted, nil, nil
}

func (h *Handler) renderManageForm(c *fiber.Ctx, f *manageFail) error {
	form := h.form("booking_manage")
	csrf := kit.StateOf(c).CSRF
	shell := kit.StateOf(c).Shell
	opts := forms.RenderOptions{CSRF: csrf, Kiosk: shell == kit.ShellKiosk, Now: h.Now()}
	if f != nil {
		opts.Values, opts.Errors = f.values, f.errs
		// The PIN is not shown again.
		opts.Values["pin"] = ""
		c.Status(f.status)
	}
	kit.Private(c)
	return h.Render(c, "booking_manage", form.TitleKey(), fiber.Map{"Form": form.Render(h.Printer(c), opts)})
}

// bookingManage is the manage form: booking code and PIN.
func (h *Handler) BookingManage(c *fiber.Ctx) error { return h.renderManageForm(c, nil) }

// managePage is what the manage pages show.
type managePage struct {
	Booking bookingView
	Ref     string // canonical, for the hidden fields of the next step
	PIN     string
	Active  bool
	// DayClosed: the office closed the appointment's day since; the page
	// asks to pick a new time.
	DayClosed bool
	// Message is a translation key: what just happened.
	Message string
	// Move page: free slots as buttons, weeks to page through.
	Days     []dayLinks
	Next     []slotLink
	Prev     string
	NextWeek string
	Error    string
	// New is the time chosen on the move page, for its confirm step.
	New *bookingView
	// BookAgain leads to the service's free times once the booking is
	// cancelled or past.
	BookAgain string
}

func (h *Handler) newManagePage(c *fiber.Ctx, b bookings.Booking, pin, message string) managePage {
	pg := managePage{Booking: h.newBookingView(b, h.Printer(c)), Ref: string(b.Ref), PIN: pin, Message: message,
		Active: b.Active() && b.Start.After(h.Now()), DayClosed: b.Active() && b.DayClosed}
	if !pg.Active {
		pg.BookAgain = kit.URL(c, "/appointments/"+url.PathEscape(b.OfficeID)+"/"+url.PathEscape(b.ServiceID))
	}
	return pg
}

// bookingManageShow shows one booking after the code and PIN were given.
func (h *Handler) BookingManageShow(c *fiber.Ctx) error {
	b, posted, fail, err := h.manageAuth(c)
	if err != nil || fail != nil {
		return h.manageFailed(c, fail, err)
	}
	kit.Private(c)
	return h.Render(c, "booking_manage_show", "booking.manage.heading", h.newManagePage(c, b, posted.Get("pin"), ""))
}

func (h *Handler) manageFailed(c *fiber.Ctx, fail *manageFail, err error) error {
	if err != nil {
		return err
	}
	return h.renderManageForm(c, fail)
}

// bookingMove offers other times (a week of buttons), asks to confirm
// the one chosen (old and new time side by side), and moves the booking
// once confirmed. The move is atomic: when the new time was taken
// meanwhile, the booking stays where it was.
func (h *Handler) BookingMove(c *fiber.Ctx) error {
	b, posted, fail, err := h.manageAuth(c)
	if err != nil || fail != nil {
		return h.manageFailed(c, fail, err)
	}
	pin := posted.Get("pin")
	data := h.newManagePage(c, b, pin, "")
	if s := posted.Get("start"); s != "" {
		start, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return fiber.ErrBadRequest
		}
		if posted.Get("confirm") != "yes" {
			chosen := b
			chosen.Start = start
			nv := h.newBookingView(chosen, h.Printer(c))
			data.New = &nv
			kit.Private(c)
			return h.Render(c, "booking_move_confirm", "booking.move.confirm.heading", data)
		}
		moved, err := h.Bookings.Move(c.UserContext(), b.Ref, pin, start)
		if err == nil {
			h.Count(c, stats.Event{Name: stats.BookingMove, Office: moved.OfficeID, Category: moved.ServiceID})
			kit.Private(c)
			return h.Render(c, "booking_manage_show", "booking.manage.heading", h.newManagePage(c, moved, pin, "booking.manage.moved"))
		}
		be, f, ok := kit.BookingRefusal(err)
		if !ok {
			return err
		}
		c.Status(f.Status)
		data.Error = be.Key
	}
	if err := h.moveChoices(c, b, posted.Get("week"), &data); err != nil {
		return err
	}
	kit.Private(c)
	return h.Render(c, "booking_move", "booking.move.heading", data)
}

// moveChoices fills the free slots of one week of b's service.
func (h *Handler) moveChoices(c *fiber.Ctx, b bookings.Booking, weekParam string, data *managePage) error {
	o, err := h.Bookings.Office(b.OfficeID)
	if err != nil {
		return err
	}
	s, ok := o.Service(b.ServiceID)
	loc, lerr := h.book.location(o)
	if !ok || lerr != nil {
		return errors.New("web: booking of an unknown service")
	}
	p := h.Printer(c)
	today := bookings.DateOf(h.Now(), loc)
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	last := today.AddDays(s.HorizonDays)
	week := monday
	if w, err := bookings.ParseDate(weekParam); err == nil && !w.Before(monday) && !last.Before(w) {
		week = w.AddDays(-((int(w.Weekday()) + 6) % 7))
	}
	next, err := h.nextFree(c, o, s.ID, p)
	if err != nil {
		return err
	}
	current := b.Start.UTC().Format(time.RFC3339)
	for _, sl := range next {
		if sl.Start != current {
			data.Next = append(data.Next, sl)
		}
	}
	days, err := h.Bookings.Days(c.UserContext(), o.ID, s.ID, week, 7)
	if err != nil {
		return err
	}
	for _, d := range days {
		dl := newDayLinks(p, d, loc)
		for _, sl := range d.Slots {
			if sl.Remaining > 0 && !sl.Start.Equal(b.Start) {
				dl.Slots = append(dl.Slots, newSlotLink(o, s.ID, sl, p))
			}
		}
		data.Days = append(data.Days, dl)
	}
	if monday.Before(week) {
		data.Prev = week.AddDays(-7).String()
	}
	if week.AddDays(7).Before(last) {
		data.NextWeek = week.AddDays(7).String()
	}
	return nil
}

// bookingCancel asks for confirmation, then cancels.
func (h *Handler) BookingCancel(c *fiber.Ctx) error {
	b, posted, fail, err := h.manageAuth(c)
	if err != nil || fail != nil {
		return h.manageFailed(c, fail, err)
	}
	pin := posted.Get("pin")
	kit.Private(c)
	if posted.Get("confirm") != "yes" {
		return h.Render(c, "booking_cancel", "booking.cancel.heading", h.newManagePage(c, b, pin, ""))
	}
	cancelled, err := h.Bookings.Cancel(c.UserContext(), b.Ref, pin)
	if err != nil {
		be, f, ok := kit.BookingRefusal(err)
		if !ok {
			return err
		}
		c.Status(f.Status)
		data := h.newManagePage(c, b, pin, "")
		data.Error = be.Key
		return h.Render(c, "booking_manage_show", "booking.manage.heading", data)
	}
	h.Count(c, stats.Event{Name: stats.BookingCancel, Office: cancelled.OfficeID, Category: cancelled.ServiceID})
	return h.Render(c, "booking_manage_show", "booking.manage.heading", h.newManagePage(c, cancelled, pin, "booking.manage.cancelled"))
}
