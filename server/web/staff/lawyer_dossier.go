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
}

// lawyerDossier shows one dossier, only while a live mandate links it to
// the lawyer: any other number answers 404, as for a dossier that does not
// exist, and the attempt goes to the audit trail.
func (h *Handler) LawyerDossier(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	number := c.Params("number")
	cl, ok, err := h.Mandates.Allowed(me.ID, number)
	if err != nil {
		return err
	}
	if !ok {
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "dossier.view_refused", Object: trimObject(number)}); err != nil {
			return err
		}
		return fiber.ErrNotFound
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionDossierView, Object: number, Detail: cl.Mandate.ID}); err != nil {
		return err
	}
	p := h.Printer(c)
	chain := h.Catalogs.Chain(p.Lang())
	cat := h.Dossiers.Catalog()
	rows := h.clientRows(c, []mandates.Client{cl}, allSeen([]mandates.Client{cl}), "")
	pg := lawyerDossierPage{staffPage: h.newStaffPage(c), Row: rows[0]}
	for i, e := range cl.Dossier.Events {
		t := cat.Text(chain, cl.Dossier.Procedure, e.Code)
		pg.Timeline = append(pg.Timeline, kit.TimelineStep{Code: e.Code, Title: t.Title, Lang: t.Lang, Date: e.Date,
			DateText: h.DateText(p, e.Date), Current: i == len(cl.Dossier.Events)-1})
	}
	return h.Render(c, "staff_lawyer_dossier", "lawyer.dossier.title", pg)
}

// trimObject keeps a guessed value short enough for the trail.
func trimObject(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}
