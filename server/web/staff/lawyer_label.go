package staff

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/mandates"
	"loket/server/web/kit"
)

// LawyerLabelPost sets the lawyer's own label for the client of the dossier
// in the path (an empty one removes it). Only the lawyer's live mandate
// takes one; any other number answers 404 like the dossier page. The
// trail names the dossier and the mandate, never the label, which may
// hold a name.
func (h *Handler) LawyerLabelPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	number := c.Params("number")
	label := posted.Get("label")
	m, err := h.Mandates.Label(me.ID, number, label)
	switch {
	case errors.Is(err, mandates.ErrLabel):
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLawyerDossier(c, lawyerDossierPage{Label: label, LabelError: "lawyer.label.error"})
	case errors.Is(err, mandates.ErrNotFound):
		return h.refuseLawyerDossier(c, number)
	case err != nil:
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.label", Object: number, Detail: m.ID}); err != nil {
		return err
	}
	key := "lawyer.label.saved"
	if m.Label == "" {
		key = "lawyer.label.removed"
	}
	x := lawyerDossierPage{}
	x.Notice = h.tr(c, key)
	return h.renderLawyerDossier(c, x)
}
