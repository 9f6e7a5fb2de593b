package public

import (
	"loket/server/web/kit"
	"time"

	"github.com/gofiber/fiber/v2"
)

// receiptAnswer is the JSON form of the verification page. A genuine
// receipt carries what it says and its revocation state; a token that is
// not genuine carries only why, so it reveals nothing about any receipt.
type receiptAnswer struct {
	Genuine    bool              `json:"genuine"`
	ReasonCode string            `json:"reason_code,omitempty"`
	Kind       string            `json:"kind,omitempty"`
	Reference  string            `json:"reference,omitempty"`
	Office     string            `json:"office,omitempty"`
	At         *time.Time        `json:"at,omitempty"`
	Issued     *time.Time        `json:"issued,omitempty"`
	Expires    *time.Time        `json:"expires,omitempty"`
	Fields     map[string]string `json:"fields,omitzero"` // {} when a genuine receipt has none
	Revoked    *bool             `json:"revoked,omitempty"`
	RevokedAt  *time.Time        `json:"revoked_at,omitempty"`
	Reason     *string           `json:"reason,omitempty"`
	Message    string            `json:"message"`
}

// receiptCheck answers GET /api/v1/receipts/verify/{token} with the same
// verdict as the page, status 200 either way.
func (h *Handler) ReceiptCheck(c *fiber.Ctx) error {
	st, err := h.checkReceipt(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	kit.Private(c)
	a := receiptAnswer{Genuine: st.Genuine, ReasonCode: st.Reason, Message: st.message(h.Printer(c), h.Office)}
	if st.Genuine {
		r := st.Receipt
		at, issued, expires := r.At.UTC(), r.Created.UTC(), r.Expires.UTC()
		a.Kind, a.Reference, a.Office = string(r.Kind), r.Reference, r.OfficeID
		a.At, a.Issued, a.Expires = &at, &issued, &expires
		a.Fields = r.Fields
		if a.Fields == nil {
			a.Fields = map[string]string{}
		}
		a.Revoked = &r.Revoked
		if r.Revoked {
			revokedAt, reason := r.RevokedAt.UTC(), revokeReason(r)
			a.RevokedAt, a.Reason = &revokedAt, &reason
		}
	}
	return kit.SendJSON(c, a)
}
