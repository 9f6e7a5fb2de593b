package kit

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
)

// record appends an entry to the audit trail with the request's channel
// and the keyed hash of its client address (never the address itself).
// Handlers that show personal data must not answer when it fails.
func (h *Kit) Record(c *fiber.Ctx, e audit.Entry) error {
	if h.Audit == nil {
		return nil
	}
	if e.Channel == "" {
		e.Channel = ChannelOf(c)
	}
	e.Client = audit.ClientHash(h.AuditKey, h.ClientIP(c))
	if err := h.Audit.Append(c.UserContext(), e); err != nil {
		h.Log.Error("audit append failed", "rid", StateOf(c).RequestID, "action", e.Action, "err", err)
		return err
	}
	return nil
}

// ChannelOf names where a request came from, for the audit trail.
func ChannelOf(c *fiber.Ctx) string {
	p := c.Path()
	switch {
	case StateOf(c).Kiosk():
		return audit.ChannelKiosk
	case strings.HasPrefix(p, "/api/"):
		return audit.ChannelAPI
	case strings.HasPrefix(p, "/staff"):
		if a := StateOf(c).account; a != nil && a.Account.Role == accounts.RoleLawyer {
			return audit.ChannelLawyer
		}
		return audit.ChannelStaff
	}
	return audit.ChannelPhone
}
