package public

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/notify"
	"loket/server/web/kit"
)

// StatusResult shows the dossier this browser looked up a moment ago (see
// grantStatus), in the page's language, as often as it is opened: after
// Back, a reload or a language switch. Without a grant (expired,
// finished, another browser) it is the lookup form with a word why.
func (h *Handler) StatusResult(c *fiber.Ctx) error {
	number, ok := h.statusGranted(c)
	if !ok {
		return h.renderStatusFormNote(c, nil, nil, "status.result.expired")
	}
	ans, err := h.Dossiers.Current(number)
	if errors.Is(err, dossiers.ErrNoMatch) {
		h.endStatusGrant(c)
		return h.renderStatusFormNote(c, nil, nil, "status.result.expired")
	}
	if err != nil {
		return err
	}
	kit.Private(c)
	sv := h.newStatusView(c, ans)
	sv.PrintoutPoW = h.needsProof(c, writePrintout)
	sv.LawyerAccess = h.lawyerAccess(c, sv)
	sv.Follow = h.follow(c, notify.Subject{Kind: notify.KindDossier, ID: sv.Dossier})
	return h.Render(c, "status_result", "status.title", sv)
}

// StatusFinish ends the grant ("I am done"): on a shared phone the next
// person cannot open the result with Back.
func (h *Handler) StatusFinish(c *fiber.Ctx) error {
	h.endStatusGrant(c)
	return c.Redirect(kit.URL(c, "/status"), fiber.StatusSeeOther)
}
