package public

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/mandates"
	"loket/server/web/kit"
)

// mandateCodePage shows a new code once, or confirms a revocation.
type mandateCodePage struct {
	Code    string
	Expires string
	Domain  string
}

// mandateCreate draws a code for the dossier of the browser's grant: the
// applicant gives it to their lawyer. It is shown this once.
func (h *Handler) MandateCreate(c *fiber.Ctx) error {
	number, ok := h.statusGranted(c)
	if !ok {
		return h.grantExpired(c)
	}
	if err := h.admitWrite(c, writeLawyerCode, c.FormValue("pow_token"), c.FormValue("pow_solution")); err != nil {
		return err
	}
	code, exp, err := h.Mandates.CreateCode(number)
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: "-", Action: "mandate.code_create", Object: number}); err != nil {
		return err
	}
	kit.Private(c)
	p := h.Printer(c)
	return h.Render(c, "mandate_code", "mandate.code.title", mandateCodePage{Code: code, Expires: p.Date(exp.In(h.Office))})
}

// mandateRevoke ends one of the dossier's mandates for the applicant.
func (h *Handler) MandateRevoke(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	number, ok := h.statusGranted(c)
	if !ok {
		return h.grantExpired(c)
	}
	m, err := h.Mandates.RevokeFor(number, posted.Get("mandate"), "-")
	if errors.Is(err, mandates.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: "-", Action: audit.ActionMandateChange, Object: number,
		Detail: "revoked " + m.ID + " by applicant"}); err != nil {
		return err
	}
	kit.Private(c)
	return h.Render(c, "mandate_revoked", "mandate.revoked.title", mandateCodePage{Domain: m.EmailDomain()})
}

// mandateCodeCancel ends one of the dossier's pending codes for the
// applicant, so a code given to the wrong person, or no longer needed,
// opens nothing.
func (h *Handler) MandateCodeCancel(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	number, ok := h.statusGranted(c)
	if !ok {
		return h.grantExpired(c)
	}
	code, err := h.Mandates.CancelCode(number, posted.Get("code"))
	if errors.Is(err, mandates.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: "-", Action: audit.ActionMandateChange, Object: number,
		Detail: "code of " + code.Created.Format(time.RFC3339) + " cancelled by applicant"}); err != nil {
		return err
	}
	kit.Private(c)
	return h.Render(c, "mandate_cancelled", "mandate.cancelled.title", mandateCodePage{})
}

// grantExpired sends the applicant back to the lookup form: the result
// page was open too long, or finished.
func (h *Handler) grantExpired(c *fiber.Ctx) error {
	c.Status(fiber.StatusForbidden)
	kit.Private(c)
	return h.Render(c, "mandate_expired", "mandate.expired.title", mandateCodePage{})
}
