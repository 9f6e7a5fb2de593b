package staff

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/web/kit"
)

// dossierPanel is an escalation's verified dossier as helpdesk staff see
// it beside the question: the status, since when, the estimate and the
// timeline, in the staff member's language. Opening the escalation is
// audited as a view of the dossier.
type dossierPanel struct {
	Procedure   string
	Status      string
	StatusLang  string
	Since       string
	Overdue     bool
	Estimate    string
	Documents   []string
	Timeline    []kit.TimelineStep
	Unavailable bool
}

// dossierPanel reads number's current answer; Unavailable when the
// dossier is no longer in the feed, nil without a dossier service.
func (h *Handler) dossierPanel(c *fiber.Ctx, number string) (*dossierPanel, error) {
	if h.Dossiers == nil || number == "" {
		return nil, nil
	}
	a, err := h.Dossiers.Current(number)
	if errors.Is(err, dossiers.ErrNoMatch) {
		return &dossierPanel{Unavailable: true}, nil
	}
	if err != nil {
		return nil, err
	}
	p := h.Printer(c)
	chain := h.Catalogs.Chain(p.Lang())
	cat := h.Dossiers.Catalog()
	t := cat.Text(chain, a.Procedure, a.Status.Code)
	d := &dossierPanel{Procedure: a.Procedure, Status: t.Title, StatusLang: t.Lang, Since: h.DateText(p, a.Entered), Overdue: a.Overdue}
	if h.Content != nil {
		if page, ok := h.Content.Page(chain, a.Procedure); ok {
			d.Procedure = page.Title
		}
	}
	if e := a.Estimate; e != nil {
		d.Estimate = p.T("status.estimate.median", "count", e.MedianWeeks()) + " " + p.T("status.estimate.p80", "count", e.P80Weeks())
	}
	for _, doc := range a.Documents {
		d.Documents = append(d.Documents, p.T("status.document."+doc.Kind)+": "+h.DateText(p, doc.Due))
	}
	for i, ev := range a.Timeline {
		et := cat.Text(chain, a.Procedure, ev.Code)
		d.Timeline = append(d.Timeline, kit.TimelineStep{Code: ev.Code, Title: et.Title, Lang: et.Lang, Date: ev.Date,
			DateText: h.DateText(p, ev.Date), Current: i == len(a.Timeline)-1})
	}
	return d, nil
}
