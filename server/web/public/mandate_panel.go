package public

import (
	"loket/server/locale"
	"loket/server/mandates"
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// lawyerAccess is the status result's "give my lawyer access" section:
// the dossier's live mandates (the forms rely on the browser's grant).
type lawyerAccess struct {
	Mandates []mandateRow
}

// mandateRow is a mandate as the applicant sees it: the firm's domain and
// the date, not the lawyer's whole address.
type mandateRow struct {
	ID     string
	Domain string
	Since  string
}

// lawyerAccess builds the section for a status result page; nil (no
// section) on a kiosk, without mandates, or when the list cannot be read.
func (h *Handler) lawyerAccess(c *fiber.Ctx, sv *statusView) *lawyerAccess {
	if h.Mandates == nil || kit.StateOf(c).Kiosk() {
		return nil
	}
	ms, err := h.Mandates.ForDossier(sv.Dossier)
	if err != nil {
		h.Log.Error("mandates not read", "err", err)
		return nil
	}
	return &lawyerAccess{Mandates: h.mandateRows(h.Printer(c), ms)}
}

func (h *Handler) mandateRows(p *locale.Printer, ms []mandates.Mandate) []mandateRow {
	rows := make([]mandateRow, 0, len(ms))
	for _, m := range ms {
		rows = append(rows, mandateRow{ID: m.ID, Domain: m.EmailDomain(), Since: p.Date(m.Created.In(h.Office))})
	}
	return rows
}
