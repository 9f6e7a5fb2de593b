package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
)

// record appends an entry to the audit trail with the request's channel
// and the keyed hash of its client address (never the address itself).
// Handlers that show personal data must not answer when it fails.
func (h *handler) record(c *fiber.Ctx, e audit.Entry) error {
	if h.Audit == nil {
		return nil
	}
	if e.Channel == "" {
		e.Channel = channelOf(c)
	}
	e.Client = audit.ClientHash(h.AuditKey, h.clientIP(c))
	if err := h.Audit.Append(c.UserContext(), e); err != nil {
		h.Log.Error("audit append failed", "rid", c.Locals(localRequestID), "action", e.Action, "err", err)
		return err
	}
	return nil
}

// channelOf names where a request came from, for the audit trail.
func channelOf(c *fiber.Ctx) string {
	p := c.Path()
	switch {
	case strings.HasPrefix(p, "/api/"):
		return audit.ChannelAPI
	case strings.HasPrefix(p, "/staff"):
		if a, ok := c.Locals(localAccount).(*accountLocal); ok && a.account.Role == accounts.RoleLawyer {
			return audit.ChannelLawyer
		}
		return audit.ChannelStaff
	case strings.HasPrefix(p, "/kiosk"):
		return audit.ChannelKiosk
	}
	return audit.ChannelPhone
}
