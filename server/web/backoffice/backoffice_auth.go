package backoffice

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

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
		_, found, err := h.Tokens.TokenName(dossiers.HashToken(strings.TrimSpace(plain)))
		if err != nil {
			return err
		}
		if found {
			return c.Next()
		}
	}
	c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="loket"`)
	return h.APIFail(c, fiber.StatusUnauthorized, "unauthorized", locale.NewError("error.unauthorized.text"))
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
