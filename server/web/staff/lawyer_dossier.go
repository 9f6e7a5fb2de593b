package staff

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/mandates"
	"loket/server/web/kit"
)

// lawyerDossierPage is one client's dossier for their lawyer.
type lawyerDossierPage struct {
	staffPage
	Row      clientRow
	Timeline []kit.TimelineStep
	// Label is the lawyer's reference as typed (kept after a refusal);
	// LabelError a message key.
	Label, LabelError string
}

// lawyerDossier shows one dossier, only while a live mandate links it to
// the lawyer: any other number answers 404, as for a dossier that does not
// exist, and the attempt goes to the audit trail.
func (h *Handler) LawyerDossier(c *fiber.Ctx) error {
	return h.renderLawyerDossier(c, lawyerDossierPage{})
}

// renderLawyerDossier shows the dossier of the path with what x says
// besides (a notice, a refused label).
func (h *Handler) renderLawyerDossier(c *fiber.Ctx, x lawyerDossierPage) error {
	me, _ := h.Account(c)
	number := c.Params("number")
	cl, ok, err := h.Mandates.Allowed(me.ID, number)
	if err != nil {
		return err
	}
	if !ok {
		return h.refuseLawyerDossier(c, number)
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionDossierView, Object: number, Detail: cl.Mandate.ID}); err != nil {
		return err
	}
	p := h.Printer(c)
	chain := h.Catalogs.Chain(p.Lang())
	cat := h.Dossiers.Catalog()
	rows := h.clientRows(c, []mandates.Client{cl}, allSeen([]mandates.Client{cl}), "")
	pg := lawyerDossierPage{staffPage: h.newStaffPage(c), Row: rows[0], Label: cl.Mandate.Label, LabelError: x.LabelError}
	if x.LabelError != "" {
		pg.Label = x.Label
	}
	pg.Notice = x.Notice
	for i, e := range cl.Dossier.Events {
		t := cat.Text(chain, cl.Dossier.Procedure, e.Code)
		pg.Timeline = append(pg.Timeline, kit.TimelineStep{Code: e.Code, Title: t.Title, Lang: t.Lang, Date: e.Date,
			DateText: h.DateText(p, e.Date), Current: i == len(cl.Dossier.Events)-1})
	}
	return h.Render(c, "staff_lawyer_dossier", "lawyer.dossier.title", pg)
}

// refuseLawyerDossier answers 404 for a dossier the lawyer holds no live
// mandate for, as for one that does not exist, and records the attempt.
func (h *Handler) refuseLawyerDossier(c *fiber.Ctx, number string) error {
	me, _ := h.Account(c)
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "dossier.view_refused", Object: trimObject(number)}); err != nil {
		return err
	}
	return fiber.ErrNotFound
}

// trimObject keeps a guessed value short enough for the trail.
func trimObject(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}
