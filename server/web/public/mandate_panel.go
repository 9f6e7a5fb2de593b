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
	// Pending are the codes drawn and not redeemed yet, which the
	// applicant may cancel.
	Pending []codeRow
	// PoW says a new code needs a proof of work (see admitWrite).
	PoW bool
}

// codeRow is a pending code as the applicant sees it: when it was drawn
// and until when it works, never the code.
type codeRow struct {
	ID, Made, Until string
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
	codes, err := h.Mandates.PendingCodes(sv.Dossier)
	if err != nil {
		h.Log.Error("mandate codes not read", "err", err)
		return nil
	}
	p := h.Printer(c)
	la := &lawyerAccess{Mandates: h.mandateRows(p, ms), PoW: h.needsProof(c, writeLawyerCode)}
	for _, code := range codes {
		la.Pending = append(la.Pending, codeRow{ID: code.ID(), Made: p.Date(code.Created.In(h.Office)), Until: p.Date(code.Expires.In(h.Office))})
	}
	return la
}

func (h *Handler) mandateRows(p *locale.Printer, ms []mandates.Mandate) []mandateRow {
	rows := make([]mandateRow, 0, len(ms))
	for _, m := range ms {
		rows = append(rows, mandateRow{ID: m.ID, Domain: m.EmailDomain(), Since: p.Date(m.Created.In(h.Office))})
	}
	return rows
}
