package staff

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/refusal"
)

// servicePage is what staff_office_service.html prints: a new service of
// an office, or one to change (New false).
type servicePage struct {
	staffPage
	Office, OfficeName string
	New                bool
	ID                 string
	Names              []nameField
	Duration, Capacity string
	Horizon, Lead      string
	Inactive           bool
	Bring              []bringItem
	Errors             []fieldError
}

// bringItem is one document to bring, as the staff member reads it; each
// is translated in every catalog, so applicants read it in theirs.
type bringItem struct {
	Key, Text string
	Checked   bool
}

// nameField is the service's name in one language: Text as staff gave it,
// Shown what readers of that language see when it is left empty.
type nameField struct {
	Lang, Name, Dir, Text, Shown string
}

// serviceIDPattern is a new service's code, as bookings.ValidateOffices
// takes it.
var serviceIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// OfficeServiceNew is the form for a new service of an office.
func (h *Handler) OfficeServiceNew(c *fiber.Ctx) error {
	o, err := h.adminOffice(c)
	if err != nil {
		return err
	}
	s := bookings.Service{DurationMinutes: 15, Capacity: 1, HorizonDays: 28, LeadMinutes: 60}
	return h.Render(c, "staff_office_service", "staff.offices.service.new", h.servicePage(c, o, s, true))
}

// OfficeServiceShow is the form that changes one service of an office.
func (h *Handler) OfficeServiceShow(c *fiber.Ctx) error {
	o, err := h.adminOffice(c)
	if err != nil {
		return err
	}
	s, ok := o.Service(c.Params("service"))
	if !ok {
		return fiber.ErrNotFound
	}
	return h.Render(c, "staff_office_service", "staff.offices.service.title", h.servicePage(c, o, s, false))
}

func (h *Handler) servicePage(c *fiber.Ctx, o bookings.Office, s bookings.Service, isNew bool) servicePage {
	pg := servicePage{staffPage: h.newStaffPage(c), Office: o.ID, OfficeName: o.Name, New: isNew, ID: s.ID,
		Duration: strconv.Itoa(s.DurationMinutes), Capacity: strconv.Itoa(s.Capacity), Horizon: strconv.Itoa(s.HorizonDays),
		Lead: strconv.Itoa(s.LeadMinutes), Inactive: s.Inactive}
	for _, m := range h.Catalogs.Languages() {
		shown := ""
		if !isNew {
			shown = bookings.Service{ID: s.ID}.NameIn(h.Catalogs.Printer(m.Code))
		}
		pg.Names = append(pg.Names, nameField{Lang: m.Code, Name: m.Name, Dir: m.Dir, Text: s.Names[m.Code], Shown: shown})
	}
	p := h.Printer(c)
	for _, k := range bringKeys(s) {
		pg.Bring = append(pg.Bring, bringItem{Key: k, Text: p.T(k), Checked: slices.Contains(s.Checklist, k)})
	}
	return pg
}

// bringKeys are the documents the form offers for service s: the shipped
// ones, then any other its offices file named.
func bringKeys(s bookings.Service) []string {
	keys := slices.Clone(bookings.ChecklistItems)
	for _, k := range s.Checklist {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// OfficeServiceSave adds a service to an office (POST without :service)
// or changes one: its names by language, the documents to bring, slot
// length, desks, how far ahead and how soon people may book, and whether
// it takes bookings. A
// service is never deleted: its bookings and ticket letter stay, and a
// deactivated one takes no new bookings or walk-ins.
func (h *Handler) OfficeServiceSave(c *fiber.Ctx) error {
	o, form, err := h.adminForm(c)
	if err != nil {
		return err
	}
	p := h.Printer(c)
	id, isNew := c.Params("service"), c.Params("service") == ""
	var s bookings.Service
	if isNew {
		id = strings.TrimSpace(form.Get("id"))
		s = bookings.Service{ID: id}
	} else if s, err = h.serviceOf(o, id); err != nil {
		return err
	}
	pg := h.servicePage(c, o, s, isNew)
	bad := func(field, key string, args ...any) {
		pg.Errors = append(pg.Errors, fieldError{field, p.T(key, args...)})
	}
	if isNew {
		switch {
		case !serviceIDPattern.MatchString(id):
			bad("service-id", "staff.offices.error.service_id")
		case slices.ContainsFunc(o.Services, func(x bookings.Service) bool { return x.ID == id }):
			bad("service-id", "staff.offices.error.service_taken")
		case len(o.Services) >= bookings.MaxServices:
			bad("service-id", "staff.offices.error.services_max", "max", bookings.MaxServices)
		}
	}
	names := map[string]string{}
	for i, f := range pg.Names {
		v := strings.Join(strings.Fields(form.Get("name_"+f.Lang)), " ")
		pg.Names[i].Text = v
		if utf8.RuneCountInString(v) > bookings.MaxServiceName {
			bad("name-"+f.Lang, "staff.offices.error.too_long", "max", bookings.MaxServiceName)
		}
		if v != "" {
			names[f.Lang] = v
		}
	}
	if len(names) == 0 && !p.Has(bookings.Service{ID: id}.NameKey()) {
		bad("name-"+pg.Names[0].Lang, "staff.offices.error.service_name")
	}
	number := func(field, value string, lo, hi int, dst *int) string {
		v := strings.TrimSpace(value)
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			bad(field, "staff.offices.error.number", "min", lo, "max", hi)
		}
		*dst = n
		return v
	}
	pg.Duration = number("service-duration", form.Get("duration"), 5, 480, &s.DurationMinutes)
	pg.Capacity = number("service-capacity", form.Get("capacity"), 1, 1000, &s.Capacity)
	pg.Horizon = number("service-horizon", form.Get("horizon"), 1, 366, &s.HorizonDays)
	pg.Lead = number("service-lead", form.Get("lead"), 0, max(s.HorizonDays, 1)*24*60, &s.LeadMinutes)
	s.Names = names
	if len(s.Names) == 0 {
		s.Names = nil
	}
	s.Inactive = form.Get("active") != "on"
	pg.Inactive = s.Inactive
	offered := bringKeys(s)
	s.Checklist = nil
	for i, k := range offered { // in the form's order; an unknown key is ignored
		checked := slices.Contains(form["bring"], k)
		if checked {
			s.Checklist = append(s.Checklist, k)
		}
		if i < len(pg.Bring) {
			pg.Bring[i].Checked = checked
		}
	}
	pg.ID = id
	if len(pg.Errors) > 0 {
		return h.serviceRefused(c, pg)
	}
	err = h.applyOffice(c, o.ID, func(o *bookings.Office) error {
		i := slices.IndexFunc(o.Services, func(x bookings.Service) bool { return x.ID == s.ID })
		if i < 0 {
			o.Services = append(o.Services, s) // a new one last: the others keep their ticket letters
		} else {
			o.Services[i] = s
		}
		return nil
	})
	if r, ok := refusal.As(err); ok {
		pg.Errors = append(pg.Errors, fieldError{"service-duration", p.T(r.Key)})
		return h.serviceRefused(c, pg)
	}
	if err != nil {
		return err
	}
	return c.Redirect("/"+p.Lang()+"/staff/offices/"+o.ID+"?done=service#services", fiber.StatusSeeOther)
}

// serviceOf is the office's service id, or 404.
func (h *Handler) serviceOf(o bookings.Office, id string) (bookings.Service, error) {
	s, ok := o.Service(id)
	if !ok {
		return bookings.Service{}, fiber.ErrNotFound
	}
	return s, nil
}

// serviceRefused shows the service form again with its errors (422).
func (h *Handler) serviceRefused(c *fiber.Ctx, pg servicePage) error {
	pg.Error = h.tr(c, "staff.offices.error.summary")
	c.Status(fiber.StatusUnprocessableEntity)
	return h.Render(c, "staff_office_service", "staff.offices.service.title", pg)
}
