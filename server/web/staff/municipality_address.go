package staff

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/address"
	"loket/server/sheet"
	"loket/server/web/kit"
)

// staff returns the signed-in staff member who serves at least one
// municipality; anyone else gets 403 and sees nothing.
func (h *Handler) staff(c *fiber.Ctx) (kit.StaffIdentity, error) {
	if h.Address == nil || h.CurrentStaff == nil {
		return nil, fiber.ErrNotFound
	}
	s, ok := h.CurrentStaff(c)
	if !ok || s == nil || len(s.Municipalities()) == 0 {
		return nil, fiber.ErrForbidden
	}
	kit.Private(c)
	return s, nil
}

// municipalityStaff is CurrentStaff from the accounts session: a signed-in
// account with the municipality role.
func (h *Handler) MunicipalityStaff(c *fiber.Ctx) (kit.StaffIdentity, bool) {
	a, ok := h.Account(c)
	if !ok || a.Role != accounts.RoleMunicipality {
		return nil, false
	}
	return municipalityAccount{a}, true
}

// municipalityAccount is an account seen as municipality staff.
type municipalityAccount struct{ a accounts.Account }

func (m municipalityAccount) ID() string               { return m.a.ID }
func (m municipalityAccount) Municipalities() []string { return m.a.Municipalities }

// muniFilter reads the list filters: from and to (YYYY-MM-DD) and status.
type muniFilter struct {
	From, To, Status string
}

func (h *Handler) parseMuniFilter(c *fiber.Ctx) (muniFilter, address.Filter, error) {
	mf := muniFilter{From: c.Query("from"), To: c.Query("to"), Status: c.Query("status")}
	var f address.Filter
	var err error
	if mf.From != "" {
		if f.From, err = time.Parse(time.DateOnly, mf.From); err != nil {
			return mf, f, fiber.ErrBadRequest
		}
	}
	if mf.To != "" {
		if f.To, err = time.Parse(time.DateOnly, mf.To); err != nil {
			return mf, f, fiber.ErrBadRequest
		}
	}
	f.Status = mf.Status
	return mf, f, nil
}

// muniRow is one notification as the municipality's list shows it.
type muniRow struct {
	Reference, Name, Created, Address, Status, Municipality string
}

// muniListPage is what address_muni_list.html prints.
type muniListPage struct {
	staffPage
	Filter   muniFilter
	Rows     []muniRow
	Statuses []string
	CSV      string
}

// municipalityAddressList lists the notifications of the staff member's
// municipalities, filtered by creation day and status.
func (h *Handler) MunicipalityAddressList(c *fiber.Ctx) error {
	mf, list, err := h.municipalityNotifications(c, "address.list")
	if err != nil {
		return err
	}
	p := h.Printer(c)
	page := muniListPage{staffPage: h.newStaffPage(c), Filter: mf, Statuses: []string{address.StatusNew, address.StatusChecked, address.StatusComeIn},
		CSV: kit.URL(c, "/municipality/address.csv") + "?" + string(c.Request().URI().QueryString())}
	for _, n := range list {
		m, _ := h.Address.Municipality(n.Municipality)
		page.Rows = append(page.Rows, muniRow{Reference: n.Ref.String(), Name: n.Surname + ", " + n.GivenNames,
			Created: n.Created.In(h.Office).Format("2006-01-02 15:04"), Address: n.AddressLine(),
			Status: n.Status, Municipality: m.Name(p.Lang())})
	}
	return h.Render(c, "address_muni_list", "municipality.address.title", page)
}

func filterString(mf muniFilter) string {
	return "from=" + mf.From + " to=" + mf.To + " status=" + mf.Status
}

// muniShowPage is what address_muni_show.html prints.
type muniShowPage struct {
	staffPage
	N            address.Notification
	Reference    string
	Nationality  string
	Municipality string
	Created      string
	Address      string
	Action       string
	History      []historyRow
}

// historyRow is one line of a notification's history: when, what, who.
type historyRow struct {
	At, Status, By string
}

// municipalityAddressShow shows one notification of the staff member's
// municipalities; others are "not found".
func (h *Handler) MunicipalityAddressShow(c *fiber.Ctx) error {
	s, err := h.staff(c)
	if err != nil {
		return err
	}
	n, err := h.Address.Get(c.UserContext(), s.Municipalities(), c.Params("ref"))
	if errors.Is(err, address.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := h.RecordView(c, s.ID(), "address.view", string(n.Ref)); err != nil {
		return err
	}
	p := h.Printer(c)
	m, _ := h.Address.Municipality(n.Municipality)
	history := []historyRow{{At: n.Created.In(h.Office).Format("2006-01-02 15:04"), Status: "received"}}
	var names map[string]string
	if h.Accounts != nil && len(n.History) > 0 {
		if names, err = h.accountNames(c); err != nil {
			return err
		}
	}
	for _, ch := range n.History {
		history = append(history, historyRow{At: ch.At.In(h.Office).Format("2006-01-02 15:04"), Status: ch.Status, By: names[ch.By]})
	}
	return h.Render(c, "address_muni_show", "municipality.address.title", muniShowPage{staffPage: h.newStaffPage(c), History: history,
		N: n, Reference: n.Ref.String(), Nationality: h.Address.Countries().Name(n.Nationality, p.Lang()),
		Municipality: m.Name(p.Lang()), Created: n.Created.In(h.Office).Format("2006-01-02 15:04"),
		Address: n.AddressLine(), Action: kit.URL(c, "/municipality/address/"+n.Ref.String()+"/status"),
	})
}

// municipalityAddressStatus marks a notification as checked or asks the
// visitor to come in; the visitor sees it when they look up their
// reference.
func (h *Handler) MunicipalityAddressStatus(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	s, err := h.staff(c)
	if err != nil {
		return err
	}
	status := posted.Get("status")
	n, err := h.Address.SetStatus(c.UserContext(), s.Municipalities(), c.Params("ref"), status, s.ID())
	switch {
	case errors.Is(err, address.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, address.ErrBadStatus):
		return fiber.ErrBadRequest
	case err != nil:
		return err
	}
	if err := h.RecordView(c, s.ID(), "address.status."+status, string(n.Ref)); err != nil {
		return err
	}
	return c.Redirect(kit.URL(c, "/municipality/address/"+n.Ref.String()), fiber.StatusSeeOther)
}

// municipalityNotifications reads the request's filter, lists the staff
// member's notifications that pass it, and records in the audit trail
// that they were seen (action: a list or an export).
func (h *Handler) municipalityNotifications(c *fiber.Ctx, action string) (muniFilter, []address.Notification, error) {
	s, err := h.staff(c)
	if err != nil {
		return muniFilter{}, nil, err
	}
	mf, f, err := h.parseMuniFilter(c)
	if err != nil {
		return muniFilter{}, nil, err
	}
	list, err := h.Address.List(c.UserContext(), s.Municipalities(), f)
	if errors.Is(err, address.ErrBadStatus) {
		return muniFilter{}, nil, fiber.ErrBadRequest
	}
	if err != nil {
		return muniFilter{}, nil, err
	}
	if err := h.RecordView(c, s.ID(), action, filterString(mf)); err != nil {
		return muniFilter{}, nil, err
	}
	return mf, list, nil
}

// csvHeader names the export's columns.
var csvHeader = []string{"reference", "created", "municipality", "status", "surname", "given_names", "birth_date",
	"nationality", "document_type", "document_number", "entry_date", "street", "number", "box", "postcode",
	"departure_date", "phone", "email", "previous_reference", "replaced_by"}

// municipalityAddressCSV exports the filtered list as CSV with the
// conventions of every export (package sheet).
func (h *Handler) MunicipalityAddressCSV(c *fiber.Ctx) error {
	_, list, err := h.municipalityNotifications(c, "address.export")
	if err != nil {
		return err
	}
	var b strings.Builder
	w := sheet.NewWriter(&b)
	_ = w.Write(csvHeader)
	for _, n := range list {
		k, _ := h.Address.Countries().Get(n.Nationality)
		row := []string{n.Ref.String(), n.Created.In(h.Office).Format(time.RFC3339), n.Municipality, n.Status,
			n.Surname, n.GivenNames, n.BirthDate, k.Alpha3, n.DocType, n.DocNumber, n.EntryDate, n.Street, n.Number,
			n.Box, n.Postcode, n.DepartureDate, n.Phone, n.Email, n.Previous.String(), n.SupersededBy.String()}
		_ = w.Write(row)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="address-notifications.csv"`)
	return c.SendString(b.String())
}

// RequireMunicipality guards the municipality pages: a signed-in staff
// member serving at least one municipality (403 otherwise; 404 while the
// address notification is off).
func (h *Handler) RequireMunicipality(c *fiber.Ctx) error {
	if _, err := h.staff(c); err != nil {
		return err
	}
	return c.Next()
}
