package staff

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// closureForm is a closure as staff type it, or as the hidden fields of a
// confirmation or a reopen button carry it: dates "2006-01-02", times
// "15:04" (both empty: whole days).
type closureForm struct {
	From, To, Start, End, Reason string
}

// closureRow is a closure that has not ended, with its reopen button when
// nothing prevents reopening it.
type closureRow struct {
	Form       closureForm
	Label      string
	CanReopen  bool
	WhyNot     string
	PartOfADay bool
}

// closurePage is what staff_office_closure.html prints: what a closure
// would close, before staff confirm it.
type closurePage struct {
	staffPage
	ID, Name, When, Zone string
	Form                 closureForm
	Affected             []affectedRow
}

// affectedRow is a booking a closure would close: its reference, time and
// service, nothing about the person.
type affectedRow struct {
	Ref, Date, Time, Service string
	Told                     bool
}

// formOf writes a closure as its form carries it.
func formOf(c bookings.Closure) closureForm {
	f := closureForm{From: c.From.String(), To: c.To.String(), Reason: c.Reason}
	if c.PartDay() {
		f.Start, f.End = c.Start.String(), c.End.String()
	}
	return f
}

// closure reads the closure form; a refused field comes back as a
// fieldError for the form's field.
func (h *Handler) closure(c *fiber.Ctx) (closureForm, bookings.Closure, *fieldError) {
	form, _ := kit.PostedForm(c)
	f := closureForm{From: strings.TrimSpace(form.Get("from")), To: strings.TrimSpace(form.Get("to")),
		Start: strings.TrimSpace(form.Get("start")), End: strings.TrimSpace(form.Get("end")),
		Reason: strings.Join(strings.Fields(form.Get("reason")), " ")}
	if f.To == "" {
		f.To = f.From
	}
	refused := func(id, key string) (closureForm, bookings.Closure, *fieldError) {
		return f, bookings.Closure{}, &fieldError{id, h.tr(c, key)}
	}
	var k bookings.Closure
	var err error
	if k.From, err = bookings.ParseDate(f.From); err != nil {
		return refused("close-from", "form.error.date_format")
	}
	if k.To, err = bookings.ParseDate(f.To); err != nil {
		return refused("close-to", "form.error.date_format")
	}
	if f.Start != "" || f.End != "" {
		if k.Start.UnmarshalText([]byte(f.Start)) != nil || k.End.UnmarshalText([]byte(f.End)) != nil {
			return refused("close-start", "booking.error.hours_format")
		}
	}
	k.Reason = f.Reason
	if r, ok := refusal.As(k.Validate()); ok {
		id := "close-from"
		if k.PartDay() && k.From == k.To {
			id = "close-start"
		}
		if r.Key == bookings.ErrClosureReason.Key {
			id = "close-reason"
		}
		return refused(id, r.Key)
	}
	return f, k, nil
}

// OfficeClose closes an office for a day, part of one or several days.
// First it shows the bookings the closure would close (how many, their
// times and services); confirmed, it closes (bookings.Manager.Close: the
// closure and the marks in one transaction, the holders told and offered
// another time) and records it.
func (h *Handler) OfficeClose(c *fiber.Ctx) error {
	o, form, err := h.adminForm(c)
	if err != nil {
		return err
	}
	f, k, bad := h.closure(c)
	if bad != nil {
		pg := h.officePage(c, o)
		pg.Close, pg.Errors = f, []fieldError{*bad}
		return h.officeRefused(c, pg)
	}
	confirmed := form.Get("confirm") == "yes"
	var affected []bookings.Booking
	if confirmed {
		affected, err = h.Bookings.Close(c.UserContext(), o.ID, k)
	} else {
		affected, err = h.Bookings.Affected(c.UserContext(), o.ID, k)
	}
	if r, ok := refusal.As(err); ok {
		pg := h.officePage(c, o)
		pg.Close, pg.Errors = f, []fieldError{{"close-from", h.tr(c, r.Key)}}
		return h.officeRefused(c, pg)
	}
	if err != nil {
		return err
	}
	if !confirmed {
		return h.renderClosure(c, o, f, k, affected)
	}
	marked := affected
	if err := h.recordClosure(c, o.ID, k, len(marked)); err != nil {
		return err
	}
	q := url.Values{"done": {"closed"}, "n": {strconv.Itoa(len(marked))}}
	return c.Redirect("/"+h.Printer(c).Lang()+"/staff/offices/"+o.ID+"?"+q.Encode(), fiber.StatusSeeOther)
}

// recordClosure records in the audit trail that the account closed office
// for k, and how many bookings' holders it told.
func (h *Handler) recordClosure(c *fiber.Ctx, office string, k bookings.Closure, told int) error {
	me, _ := h.Account(c)
	detail := fmt.Sprintf("%s; %d bookings told", closureText(k), told)
	return h.Record(c, audit.Entry{Actor: me.ID, Action: actionOfficeClose, Object: office, Detail: clipRunes(detail, 480)})
}

// closureText is a closure for the audit trail: "2026-03-03 09:00-12:00
// (strike)".
func closureText(k bookings.Closure) string {
	s := k.From.String()
	if k.To != k.From {
		s += " - " + k.To.String()
	}
	if k.PartDay() {
		s += " " + k.Start.String() + "-" + k.End.String()
	}
	if k.Reason != "" {
		s += " (" + k.Reason + ")"
	}
	return s
}

// renderClosure shows what closure k of office o would close, with the
// button that confirms it.
func (h *Handler) renderClosure(c *fiber.Ctx, o bookings.Office, f closureForm, k bookings.Closure, affected []bookings.Booking) error {
	loc, err := o.Location()
	if err != nil {
		return err
	}
	p := h.Printer(c)
	pg := closurePage{staffPage: h.newStaffPage(c), ID: o.ID, Name: o.Name, Form: f, When: h.closureLabel(c, o, k)}
	from, _ := k.Span(loc)
	pg.Zone = from.Format("MST") + ", " + loc.String()
	for _, b := range affected {
		name := b.ServiceID
		if s, ok := o.Service(b.ServiceID); ok {
			name = s.NameIn(p)
		}
		at := b.Start.In(loc)
		pg.Affected = append(pg.Affected, affectedRow{Ref: b.Ref.String(), Date: p.Date(at), Time: at.Format("15:04"), Service: name, Told: b.DayClosed})
	}
	return h.Render(c, "staff_office_closure", "staff.offices.close.title", pg)
}

// closureLabel is a closure as staff read it: "Tuesday 3 March 2026,
// 09:00-12:00" or "from ... to ...".
func (h *Handler) closureLabel(c *fiber.Ctx, o bookings.Office, k bookings.Closure) string {
	loc, err := o.Location()
	if err != nil {
		return closureText(k)
	}
	p := h.Printer(c)
	from := p.Date(k.From.At(12*60, loc))
	switch {
	case k.PartDay():
		return p.T("staff.offices.close.part", "date", from, "start", p.Digits(k.Start.String()), "end", p.Digits(k.End.String()))
	case k.From == k.To:
		return from
	}
	return p.T("staff.offices.close.days", "first", from, "last", p.Date(k.To.At(12*60, loc)))
}

// closureRows are the office's closures that have not ended, first first,
// each saying whether it can be reopened.
func (h *Handler) closureRows(c *fiber.Ctx, o bookings.Office) []closureRow {
	loc, err := o.Location()
	if err != nil {
		return nil
	}
	now := h.Now()
	ks := slices.Clone(o.Closures)
	slices.SortStableFunc(ks, func(a, b bookings.Closure) int {
		fa, _ := a.Span(loc)
		fb, _ := b.Span(loc)
		return fa.Compare(fb)
	})
	var out []closureRow
	for _, k := range ks {
		from, to := k.Span(loc)
		if !to.After(now) {
			continue
		}
		row := closureRow{Form: formOf(k), Label: h.closureLabel(c, o, k), PartOfADay: k.PartDay(), CanReopen: true}
		if !from.After(now) {
			row.CanReopen, row.WhyNot = false, h.tr(c, bookings.ErrClosureEnded.Key)
		} else if in, err := h.Bookings.Affected(c.UserContext(), o.ID, k); err == nil &&
			slices.ContainsFunc(in, func(b bookings.Booking) bool { return b.DayClosed }) {
			row.CanReopen, row.WhyNot = false, h.tr(c, bookings.ErrClosureTold.Key)
		}
		out = append(out, row)
	}
	return out
}

// OfficeReopen takes a closure off an office, unless it has begun or its
// bookings' holders were told (bookings.Manager.Reopen), and records it.
func (h *Handler) OfficeReopen(c *fiber.Ctx) error {
	o, err := h.adminOffice(c)
	if err != nil {
		return err
	}
	_, k, bad := h.closure(c)
	if bad != nil {
		return fiber.ErrBadRequest // the hidden fields of a reopen button
	}
	if err := h.Bookings.Reopen(c.UserContext(), o.ID, k); err != nil {
		return h.officeFailed(c, h.officePage(c, o), err, "closures")
	}
	me, _ := h.Account(c)
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: actionOfficeReopen, Object: o.ID, Detail: clipRunes(closureText(k), 480)}); err != nil {
		return err
	}
	return c.Redirect("/"+h.Printer(c).Lang()+"/staff/offices/"+o.ID+"?done=reopened", fiber.StatusSeeOther)
}
