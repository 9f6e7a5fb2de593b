package kit

import (
	"errors"
	"loket/server/audit"

	"github.com/gofiber/fiber/v2"
)

// RecordView appends to the audit trail; a view that cannot be recorded is
// not shown.
func (h *Kit) RecordView(c *fiber.Ctx, actor, action, object string) error {
	switch {
	case h.AddressAudit != nil:
		return h.AddressAudit.Append(c.UserContext(), actor, action, object)
	case h.Audit != nil:
		return h.Record(c, audit.Entry{Actor: actor, Action: action, Object: object})
	}
	return errors.New("web: no audit trail configured")
}
