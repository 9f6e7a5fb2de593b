package web

import (
	"context"
	"net/url"

	"github.com/gofiber/fiber/v2"
)

// StaffIdentity is the signed-in staff member as the address views need
// it: who they are, for the audit trail, and the municipalities (codes)
// whose notifications they may see. The accounts session provides it.
type StaffIdentity interface {
	ID() string
	Municipalities() []string
}

// AuditLog appends one entry to the audit trail: every staff view of
// personal data is recorded.
type AuditLog interface {
	Append(ctx context.Context, actor, action, object string) error
}

// TokenChecker checks a back-office bearer token and names its holder.
type TokenChecker interface {
	CheckToken(ctx context.Context, token string) (client string, ok bool)
}

// pageURL is the link to a page path in the request's shell and language.
func pageURL(c *fiber.Ctx, p string) string {
	lang, _ := c.Locals(localLang).(string)
	prefix := "/" + lang
	if shell, _ := c.Locals(localShell).(string); shell == shellKiosk {
		prefix = "/kiosk" + prefix
	}
	return prefix + p
}

// postedValues reads a url-encoded form body.
func postedValues(c *fiber.Ctx) (url.Values, error) {
	v, err := url.ParseQuery(string(c.Body()))
	if err != nil {
		return nil, fiber.ErrBadRequest
	}
	return v, nil
}
