package backoffice

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/dossiers"
	"loket/server/web/kit"
)

// TokenStore checks back-office bearer tokens by their hash.
type TokenStore interface {
	TokenName(hash []byte) (string, bool, error)
}

// RequireToken is the one bearer-token guard of the back office (the
// dossier feed and the address export): a token made with "loket token
// create", checked by its hash. The token's name becomes the request's
// kit.State.Bearer, the actor of its audit entries; the token itself is
// never logged. No token, or one that is not valid, answers 401.
func (h *Handler) RequireToken(c *fiber.Ctx) error {
	plain, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	plain = strings.TrimSpace(plain)
	if !ok || plain == "" || h.Tokens == nil {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="loket"`)
		return fiber.ErrUnauthorized
	}
	name, found, err := h.Tokens.TokenName(dossiers.HashToken(plain))
	if err != nil {
		return err
	}
	if !found {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="loket", error="invalid_token"`)
		return fiber.ErrUnauthorized
	}
	kit.StateOf(c).Bearer = name
	return c.Next()
}

// actor is the audit actor of a back-office call: "token:<name>".
func actor(c *fiber.Ctx) string { return "token:" + kit.StateOf(c).Bearer }

// recordPush appends the audit entry of a back-office write: the token's
// name as the actor, the dossier as the object. The write is done; when
// the entry cannot be written the call answers 500 all the same, so the
// back office retries and the trail is not silent.
func (h *Handler) recordPush(c *fiber.Ctx, number, detail string) error {
	return h.Record(c, audit.Entry{Actor: actor(c), Action: audit.ActionBackOfficePush, Object: number, Detail: detail})
}
