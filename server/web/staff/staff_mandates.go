package staff

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/dossiers"
	"loket/server/mandates"
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
	ms, err := h.Mandates.Recent(recentMandates)
	if err != nil {
		return err
	}
	rows := make([]mandateRow, len(ms))
	for i, m := range ms {
		rows[i] = mandateRow{Mandate: m, Created: m.Created.In(h.Office).Format("2006-01-02 15:04 MST")}
		if !m.Revoked.IsZero() {
			rows[i].Revoked = m.Revoked.In(h.Office).Format("2006-01-02")
		}
	}
	return h.Render(c, "staff_mandates", "mandate.staff.title", staffMandatesPage{staffPage: pg, Mandates: rows,
		Dossier: dossier, Email: email})
}

// staffMandateCreate registers a mandate by hand (a paper mandate shown
// at the desk) for a lawyer account given by e-mail address.
func (h *Handler) StaffMandateCreate(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	number := strings.TrimSpace(c.FormValue("dossier"))
	email := strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	pg := h.newStaffPage(c)
	fail := func(key string) error {
		pg.Error = h.tr(c, key)
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderStaffMandates(c, pg, number, email)
	}
	if !dossiers.ValidNumber(number) {
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

// staffMandateRevoke ends a mandate.
func (h *Handler) StaffMandateRevoke(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	m, err := h.Mandates.Revoke(c.Params("id"), me.ID)
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
