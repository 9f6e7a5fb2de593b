package staff

import (
	"errors"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/dossiers"
	"loket/server/mandates"
	"loket/server/web/kit"
)

// staffMandatesPage lists recent mandates with a form to register one.
type staffMandatesPage struct {
	staffPage
	Mandates []mandateRow
	Dossier  string
	Email    string
}

// mandateRow is a mandate with its times in the offices' time zone, as
// every staff page shows times.
type mandateRow struct {
	mandates.Mandate
	Created, Revoked string
}

// recentMandates is how many mandates the staff page lists.
const recentMandates = 100

// staffMandates shows the register form and the latest mandates.
func (h *Handler) StaffMandates(c *fiber.Ctx) error {
	return h.renderStaffMandates(c, h.newStaffPage(c), "", "")
}

func (h *Handler) renderStaffMandates(c *fiber.Ctx, pg staffPage, dossier, email string) error {
	me, _ := h.Account(c)
	ms, err := h.Mandates.Recent(recentMandates)
	if err != nil {
		return err
	}
	rows := make([]mandateRow, 0, len(ms))
	for _, m := range ms {
		if ok, err := h.servesDossier(me, m.Dossier); err != nil {
			return err
		} else if !ok {
			continue
		}
		row := mandateRow{Mandate: m, Created: m.Created.In(h.Office).Format("2006-01-02 15:04 MST")}
		if !m.Revoked.IsZero() {
			row.Revoked = m.Revoked.In(h.Office).Format("2006-01-02")
		}
		rows = append(rows, row)
	}
	return h.Render(c, "staff_mandates", "mandate.staff.title", staffMandatesPage{staffPage: pg, Mandates: rows,
		Dossier: dossier, Email: email})
}

// staffMandateCreate registers a mandate by hand (a paper mandate shown
// at the desk) for a lawyer account given by e-mail address, for a
// dossier of one of the account's offices.
func (h *Handler) StaffMandateCreate(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	number := strings.TrimSpace(posted.Get("dossier"))
	email := strings.ToLower(strings.TrimSpace(posted.Get("email")))
	pg := h.newStaffPage(c)
	fail := func(key string) error {
		pg.Error = h.tr(c, key)
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderStaffMandates(c, pg, number, email)
	}
	if !dossiers.ValidNumber(number) {
		return fail("mandate.staff.bad_dossier")
	}
	// Another office's dossier is answered as an unknown one.
	if ok, err := h.servesDossier(me, number); err != nil {
		return err
	} else if !ok {
		return fail("mandate.staff.bad_dossier")
	}
	lawyer, err := h.Accounts.ByEmail(c.UserContext(), email)
	if errors.Is(err, accounts.ErrNotFound) || (err == nil && lawyer.Role != accounts.RoleLawyer) {
		return fail("mandate.staff.not_lawyer")
	}
	if err != nil {
		return err
	}
	m, err := h.Mandates.Register(number, lawyer.ID, lawyer.Email, me.ID)
	if errors.Is(err, mandates.ErrNoDossier) {
		return fail("mandate.staff.bad_dossier")
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionMandateChange, Object: number,
		Detail: "registered " + m.ID + " for " + lawyer.ID}); err != nil {
		return err
	}
	pg.Notice = h.tr(c, "mandate.staff.registered")
	return h.renderStaffMandates(c, pg, "", "")
}

// staffMandateRevoke ends a mandate of a dossier the account serves.
func (h *Handler) StaffMandateRevoke(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	m, found, err := h.Mandates.Get(c.Params("id"))
	if err != nil {
		return err
	}
	if ok, err := h.servesDossier(me, m.Dossier); err != nil {
		return err
	} else if !found || !ok {
		return fiber.ErrNotFound
	}
	m, err = h.Mandates.Revoke(m.ID, me.ID)
	if errors.Is(err, mandates.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionMandateChange, Object: m.Dossier,
		Detail: "revoked " + m.ID + " by staff"}); err != nil {
		return err
	}
	pg := h.newStaffPage(c)
	pg.Notice = h.tr(c, "mandate.staff.revoked")
	return h.renderStaffMandates(c, pg, "", "")
}

// servesDossier reports whether me may see and register mandates of the
// dossier: an admin any, helpdesk staff and supervisors those of their
// offices (issue 14 item 16: any office's staff registered mandates for
// any dossier and saw every office's). An unknown dossier is served by
// nobody.
func (h *Handler) servesDossier(me accounts.Account, number string) (bool, error) {
	if me.Role == accounts.RoleAdmin {
		return true, nil
	}
	a, err := h.Dossiers.Current(number)
	if errors.Is(err, dossiers.ErrNoMatch) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return slices.Contains(me.Offices, a.Office), nil
}
