package backoffice

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/dossiers"
	"loket/server/locale"
)

// TokenStore checks back-office bearer tokens by their hash.
type TokenStore interface {
	TokenName(hash []byte) (string, bool, error)
}

// requireToken admits back-office calls that carry a valid bearer token
// (made with "loket token create"). The token itself is never logged.
func (h *Handler) RequireToken(c *fiber.Ctx) error {
	auth := c.Get(fiber.HeaderAuthorization)
	plain, ok := strings.CutPrefix(auth, "Bearer ")
	if ok && plain != "" {
		name, found, err := h.Tokens.TokenName(dossiers.HashToken(strings.TrimSpace(plain)))
		if err != nil {
			return err
		}
		if found {
			c.Locals(tokenNameKey{}, name)
			return c.Next()
		}
	}
	c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="loket"`)
	return h.APIFail(c, fiber.StatusUnauthorized, "unauthorized", locale.NewError("error.unauthorized.text"))
}

// tokenNameKey keeps the name of the request's bearer token in its locals.
type tokenNameKey struct{}

// recordPush appends the audit entry of a back-office write: the token's
// name as the actor ("token:<name>"), the dossier as the object. The
// write is done; when the entry cannot be written the call answers 500
// all the same, so the back office retries and the trail is not silent.
func (h *Handler) recordPush(c *fiber.Ctx, number, detail string) error {
	name, _ := c.Locals(tokenNameKey{}).(string)
	return h.Record(c, audit.Entry{Actor: "token:" + name, Action: audit.ActionBackOfficePush, Object: number, Detail: detail})
}

// tokenCheck is the kit.TokenChecker of the address export: the same
// back-office tokens, named by their holder.
type tokenCheck struct{ tokens TokenStore }

func (t tokenCheck) CheckToken(_ context.Context, token string) (string, bool) {
	name, ok, err := t.tokens.TokenName(dossiers.HashToken(strings.TrimSpace(token)))
	if err != nil || !ok {
		return "", false
	}
	return name, true
}
