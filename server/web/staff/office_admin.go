package staff

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/bookings"
	"loket/server/locale"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// Audit actions of the office administration.
const (
	actionOfficeEdit   = "office.edit"
	actionOfficeClose  = "office.close"
	actionOfficeReopen = "office.reopen"
)

// Limits of what staff type into the office forms, in characters.
const (
	maxOfficeName = 120
	maxAddress    = 200
	maxNote       = 500
)

// noteLanguages are the languages of the accessibility notes staff write:
// the office languages and English (other readers get English).
var noteLanguages = []string{"nl", "fr", "de", "en"}

// officesIndexPage lists the offices the account administers.
type officesIndexPage struct {
	staffPage
	Offices []officeRow
}

type officeRow struct {
	ID, Name, Address string
	Services, Closed  int
}

// fieldError is one refused field: Text is translated; ID is the field's
// id, which the error summary links to.
type fieldError struct {
	ID, Text string
}

// officePage is what staff_office.html prints: the office's details,
// hours, call display, services and closures, each part its own form.
type officePage struct {
	staffPage
	ID, Name, Address string
	Notes             []noteField
	Days              []dayField
	Calls             []callField
	Silent            bool
	Services          []serviceRow
	Closures          []closureRow
	// Close is the closure form as typed (kept after an error).
	Close  closureForm
	Errors []fieldError
}

type noteField struct {
	Lang, Name, Text string
}

type dayField struct {
	Key, Label, Value, Error string
}

type callField struct {
	Code, Name, Native string
	Checked            bool
}

type serviceRow struct {
	ID, Name                    string
	Duration, Capacity, Horizon int
	Inactive                    bool
}

// officeAdmin reports whether the request's account may change office:
// admins every office, supervisors their own (the route's guard lets
// only those two roles in).
func (h *Handler) officeAdmin(c *fiber.Ctx, office string) bool {
	a, ok := h.Account(c)
	if !ok {
		return false
	}
	return a.Role == accounts.RoleAdmin || a.Role == accounts.RoleSupervisor && slices.Contains(a.Offices, office)
}

// adminOffice is the office of the request's :office, if the account may
// change it: 404 for an unknown office, 403 for another's.
func (h *Handler) adminOffice(c *fiber.Ctx) (bookings.Office, error) {
	o, err := h.Bookings.Office(c.Params("office"))
	if err != nil {
		return bookings.Office{}, fiber.ErrNotFound
	}
	if !h.officeAdmin(c, o.ID) {
		return bookings.Office{}, fiber.ErrForbidden
	}
	return o, nil
}

// adminForm is adminOffice for a posted form, with the form.
func (h *Handler) adminForm(c *fiber.Ctx) (bookings.Office, url.Values, error) {
	o, err := h.adminOffice(c)
	if err != nil {
		return bookings.Office{}, nil, err
	}
	form, err := kit.PostedForm(c)
	if err != nil {
		return bookings.Office{}, nil, err
	}
	return o, form, nil
}

// OfficesIndex lists the offices the account administers; with ?office=
// (the header's office switcher) it leads to that office's page.
func (h *Handler) OfficesIndex(c *fiber.Ctx) error {
	if id := c.Query("office"); id != "" {
		if _, err := h.Bookings.Office(id); err != nil {
			return fiber.ErrNotFound
		}
		return c.Redirect("/"+h.Printer(c).Lang()+"/staff/offices/"+id, fiber.StatusSeeOther)
	}
	pg := officesIndexPage{staffPage: h.newStaffPage(c)}
	for _, o := range h.Bookings.Offices() {
		if h.officeAdmin(c, o.ID) {
			pg.Offices = append(pg.Offices, officeRow{ID: o.ID, Name: o.Name, Address: o.Address, Services: len(o.Services), Closed: len(o.Closures)})
		}
	}
	return h.Render(c, "staff_offices", "staff.offices.title", pg)
}

// OfficeShow is one office's administration page.
func (h *Handler) OfficeShow(c *fiber.Ctx) error {
	o, err := h.adminOffice(c)
	if err != nil {
		return err
	}
	pg := h.officePage(c, o)
	switch k := c.Query("done"); k {
	case "saved", "service", "reopened":
		pg.Notice = h.tr(c, "staff.offices.done."+k)
	case "closed":
		n, _ := strconv.Atoi(c.Query("n"))
		pg.Notice = h.tr(c, "staff.offices.done.closed", "count", max(n, 0))
	}
	return h.Render(c, "staff_office", "staff.offices.title", pg)
}

// officePage fills the page from the office as it is now.
func (h *Handler) officePage(c *fiber.Ctx, o bookings.Office) officePage {
	p := h.Printer(c)
	pg := officePage{staffPage: h.newStaffPage(c).withSwitch("/staff/offices", o.ID, h.adminOffices(c), nil),
		ID: o.ID, Name: o.Name, Address: o.Address, Silent: o.SilentCalls}
	for _, l := range noteLanguages {
		pg.Notes = append(pg.Notes, noteField{Lang: l, Name: p.LanguageName(l), Text: o.Accessibility[l]})
	}
	for _, d := range bookings.Week(o.Hours) {
		key := bookings.WeekdayKeys[(int(d.Weekday)+6)%7]
		pg.Days = append(pg.Days, dayField{Key: key, Label: p.T("date.weekday." + string(rune('0'+int(d.Weekday)))),
			Value: bookings.FormatPeriods(d.Periods)})
	}
	calls := o.Calls()
	for _, m := range h.Catalogs.Languages() {
		pg.Calls = append(pg.Calls, callField{Code: m.Code, Name: p.LanguageName(m.Code), Native: m.Name, Checked: slices.Contains(calls, m.Code)})
	}
	for _, s := range o.Services {
		pg.Services = append(pg.Services, serviceRow{ID: s.ID, Name: s.NameIn(p), Duration: s.DurationMinutes, Capacity: s.Capacity,
			Horizon: s.HorizonDays, Inactive: s.Inactive})
	}
	pg.Closures = h.closureRows(c, o)
	pg.Close = closureForm{From: h.Now().In(h.Office).Format("2006-01-02")}
	pg.Close.To = pg.Close.From
	return pg
}

// adminOffices are the offices the account administers, for the switcher.
func (h *Handler) adminOffices(c *fiber.Ctx) []kit.OfficeBrief {
	var out []kit.OfficeBrief
	for _, o := range h.Bookings.Offices() {
		if h.officeAdmin(c, o.ID) {
			out = append(out, kit.OfficeBrief{ID: o.ID, Name: o.Name})
		}
	}
	return out
}

// OfficeSave changes an office's name, address, accessibility notes,
// opening hours and call display, in one change, audited field by field.
// A refused field shows the form again with what was typed and why.
func (h *Handler) OfficeSave(c *fiber.Ctx) error {
	o, form, err := h.adminForm(c)
	if err != nil {
		return err
	}
	p := h.Printer(c)
	pg := h.officePage(c, o)
	next := o.Clone()
	text := func(field string, limit int, id string) string {
		v := strings.TrimSpace(form.Get(field))
		if utf8.RuneCountInString(v) > limit {
			pg.Errors = append(pg.Errors, fieldError{id, p.T("staff.offices.error.too_long", "max", limit)})
		}
		return v
	}
	next.Name, next.Address = text("name", maxOfficeName, "office-name"), text("address", maxAddress, "office-address")
	pg.Name, pg.Address = next.Name, next.Address
	if next.Name == "" || next.Address == "" {
		pg.Errors = append(pg.Errors, fieldError{"office-name", p.T("staff.offices.error.name_address")})
	}
	for i, n := range pg.Notes {
		v := text("note_"+n.Lang, maxNote, "note-"+n.Lang)
		pg.Notes[i].Text = v
		if next.Accessibility == nil {
			next.Accessibility = map[string]string{}
		}
		if v == "" {
			delete(next.Accessibility, n.Lang)
		} else {
			next.Accessibility[n.Lang] = v
		}
	}
	next.Hours = map[string][]bookings.Period{}
	for i, d := range pg.Days {
		v := strings.TrimSpace(form.Get("hours_" + d.Key))
		pg.Days[i].Value = v
		ps, err := bookings.ParsePeriods(v)
		if r, ok := refusal.As(err); ok {
			pg.Days[i].Error = p.T(r.Key)
			pg.Errors = append(pg.Errors, fieldError{"hours-" + d.Key, d.Label + ": " + pg.Days[i].Error})
			continue
		}
		if len(ps) > 0 {
			next.Hours[d.Key] = ps
		}
	}
	next.CallLanguages = callLanguages(form["call"], o.Calls(), h.Catalogs.Languages())
	for i := range pg.Calls {
		pg.Calls[i].Checked = slices.Contains(next.CallLanguages, pg.Calls[i].Code)
	}
	if len(next.CallLanguages) > maxCallLanguages {
		pg.Errors = append(pg.Errors, fieldError{"call-" + pg.Calls[0].Code, p.T("staff.offices.error.calls", "max", maxCallLanguages)})
	}
	if slices.Equal(next.CallLanguages, bookings.Office{Languages: o.Languages}.Calls()) {
		next.CallLanguages = nil // the default: the office's languages and English
	}
	next.SilentCalls = form.Get("silent") == "on"
	pg.Silent = next.SilentCalls
	if len(pg.Errors) > 0 {
		return h.officeRefused(c, pg)
	}
	if err := h.applyOffice(c, o.ID, func(o *bookings.Office) error { *o = next; return nil }); err != nil {
		return h.officeFailed(c, pg, err, "office-name")
	}
	return c.Redirect("/"+p.Lang()+"/staff/offices/"+o.ID+"?done=saved", fiber.StatusSeeOther)
}

// maxCallLanguages is as many languages as a call display takes.
const maxCallLanguages = 8

// callLanguages are the ticked languages among the catalogs', the ones
// the office called in before in their order, then the others in the
// catalogs' order.
func callLanguages(ticked, before []string, catalogs []locale.Meta) []string {
	var out []string
	for _, l := range before {
		if slices.Contains(ticked, l) {
			out = append(out, l)
		}
	}
	for _, m := range catalogs {
		if slices.Contains(ticked, m.Code) && !slices.Contains(out, m.Code) {
			out = append(out, m.Code)
		}
	}
	return out
}

// applyOffice changes an office through the bookings manager (validated,
// saved, seen everywhere without a restart) and records every changed
// field in the audit trail with its value before and after.
func (h *Handler) applyOffice(c *fiber.Ctx, officeID string, edit func(*bookings.Office) error) error {
	before, after, err := h.Bookings.UpdateOffice(c.UserContext(), officeID, edit)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	for _, ch := range bookings.OfficeChanges(before, after) {
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: actionOfficeEdit, Object: officeID, Detail: changeDetail(ch)}); err != nil {
			return err
		}
	}
	return nil
}

// changeDetail writes a change for the audit trail within its detail's
// 500 bytes: "hours.mon: 09:00-12:00 → 09:00-11:00".
func changeDetail(ch bookings.Change) string {
	return fmt.Sprintf("%s: %s → %s", ch.Field, clipRunes(ch.Before, 220), clipRunes(ch.After, 220))
}

// clipRunes cuts s to at most n bytes without splitting a character.
func clipRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// officeRefused shows the office page again with its errors (422).
func (h *Handler) officeRefused(c *fiber.Ctx, pg officePage) error {
	pg.Error = h.tr(c, "staff.offices.error.summary")
	c.Status(fiber.StatusUnprocessableEntity)
	return h.Render(c, "staff_office", "staff.offices.title", pg)
}

// officeFailed shows a refusal of the domain on the office page, on the
// field at id; anything else is an error.
func (h *Handler) officeFailed(c *fiber.Ctx, pg officePage, err error, id string) error {
	r, ok := refusal.As(err)
	if !ok {
		return err
	}
	pg.Errors = append(pg.Errors, fieldError{id, h.tr(c, r.Key)})
	return h.officeRefused(c, pg)
}
