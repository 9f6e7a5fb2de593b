// Package staff serves the people who work with Loket: the staff console
// (sign-in, inbox, escalations, desk, day sheet, mandates, statistics,
// administration), the lawyers' pages and the municipalities' address
// list. Every route is behind a guard in the site map (web/routes.go).
package staff

import (
	"loket/server/address"
	"loket/server/bookings"
	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/notify"
	"loket/server/ratelimit"
	"loket/server/stats"
	"loket/server/web/kit"

	"github.com/gofiber/fiber/v2"
)

// Handler serves the staff, lawyer and municipality pages. Set the
// exported fields, then call Init.
type Handler struct {
	*kit.Kit
	Content *content.Library
	// Editor is the content editor's workflow; nil leaves its pages out.
	Editor   *editor.Service
	Bookings *bookings.Manager
	Address  *address.Service
	Dossiers *dossiers.Service
	Mandates *mandates.Service
	// LawyerTokens are the lawyers' API tokens (nil: no lawyer API).
	LawyerTokens *mandates.Tokens
	Helpdesk     *helpdesk.Service
	// Notify is the notification outbox (nil: its page is out).
	Notify *notify.Service
	// CurrentStaff is the signed-in staff member of a request, for the
	// municipality pages; Init defaults it to the accounts session.
	CurrentStaff func(*fiber.Ctx) (kit.StaffIdentity, bool)
	// Escalations reports the helpdesk's escalations to the statistics
	// page (nil: "no escalations recorded").
	Escalations stats.EscalationCounter

	// signinLimit counts sign-in attempts per client address;
	// signinPairs password attempts per e-mail and address, and
	// signinAccounts per e-mail from every address.
	signinLimit    *ratelimit.Limiter
	signinPairs    *ratelimit.Limiter
	signinAccounts *ratelimit.Limiter
	// linkTries limits the codes one lawyer may try.
	linkTries *ratelimit.Limiter
}

// Init sets up the handler's own state.
func (h *Handler) Init() {
	h.signinLimit = ratelimit.New(SigninPerAddress, SigninWindow, ratelimit.MaxKeys, h.Now)
	h.signinPairs = ratelimit.New(SigninPerAccountAddress, SigninAccountWindow, ratelimit.MaxKeys, h.Now)
	h.signinAccounts = ratelimit.New(SigninPerAccount, SigninAccountWindow, ratelimit.MaxKeys, h.Now)
	h.linkTries = ratelimit.New(LinkTriesPerWindow, LinkTriesWindow, ratelimit.MaxKeys, h.Now)
	if h.CurrentStaff == nil && h.Accounts != nil {
		h.CurrentStaff = h.MunicipalityStaff
	}
}
