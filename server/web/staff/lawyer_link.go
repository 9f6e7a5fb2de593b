package staff

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/mandates"
	"loket/server/web/kit"
)

// A lawyer may try LinkTriesPerWindow codes per LinkTriesWindow: with 50
// random bits a code cannot be guessed anyway, but a script trying is
// stopped and shows up in the audit trail.
const (
	LinkTriesPerWindow = 20
	LinkTriesWindow    = 10 * time.Minute
)

// errTooManyTries is a link refused before the code was looked at.
var errTooManyTries = errors.New("web: too many codes tried")

// lawyerLinkShow is the form where a lawyer enters a client's code.
func (h *Handler) LawyerLinkShow(c *fiber.Ctx) error {
	return h.Render(c, "staff_lawyer_link", "lawyer.link.title", h.newStaffPage(c))
}

// lawyerLinkPost redeems a code. Every refusal is audit-logged, so
// someone trying codes shows up in the trail.
func (h *Handler) LawyerLinkPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	var m mandates.Mandate
	err = errTooManyTries
	if h.linkTries.Allow(me.ID) {
		m, err = h.Mandates.Redeem(me.ID, me.Email, posted.Get("code"))
	}
	if err != nil {
		key, status := "lawyer.link.invalid", fiber.StatusUnprocessableEntity
		switch {
		case errors.Is(err, errTooManyTries):
			key, status = "lawyer.link.too_many", fiber.StatusTooManyRequests
		case errors.Is(err, mandates.ErrCodeExpired):
			key = "lawyer.link.expired"
		case errors.Is(err, mandates.ErrCodeUsed):
			key = "lawyer.link.used"
		case !errors.Is(err, mandates.ErrCodeInvalid):
			return err
		}
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "mandate.link_refused", Detail: key}); err != nil {
			return err
		}
		pg := h.newStaffPage(c)
		pg.Error = h.tr(c, key)
		c.Status(status)
		return h.Render(c, "staff_lawyer_link", "lawyer.link.title", pg)
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionMandateChange, Object: m.Dossier,
		Detail: "linked " + m.ID + " with applicant code"}); err != nil {
		return err
	}
	return c.Redirect(kit.URL(c, "/staff/lawyer"), fiber.StatusSeeOther)
}
