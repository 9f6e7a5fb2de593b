package kit

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const (
	CookieCSRF = "loket_csrf"
	FieldCSRF  = "_csrf"
	// csrfRefused marks a 403 for an expired form, which HandleError
	// words differently from a page the account may not see.
	csrfRefused = "csrf"
)

// csrf guards every state-changing form post. Each browser gets a random
// id in an HttpOnly cookie; forms carry HMAC(secret, id). A post from
// another site cannot read the cookie, so it cannot make the token.
// JSON API calls are exempt: requireJSON refuses cross-site bodies.
func (h *Kit) CSRF(c *fiber.Ctx) error {
	// API clients get no cookie: they never post forms, and minting one
	// per call would cost every API request a random id and an HMAC.
	if strings.HasPrefix(c.Path(), "/api/") {
		return c.Next()
	}
	id := c.Cookies(CookieCSRF)
	if len(id) < 20 {
		var b [18]byte
		_, _ = rand.Read(b[:])
		id = base64.RawURLEncoding.EncodeToString(b[:])
		c.Cookie(&fiber.Cookie{Name: CookieCSRF, Value: id, Path: "/", HTTPOnly: true, SameSite: "Lax",
			Secure: strings.HasPrefix(h.Config.BaseURL, "https://")})
	}
	token := h.csrfToken(id)
	StateOf(c).CSRF = token
	if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
		return c.Next()
	}
	// RFC 8058's one-click unsubscribe comes from a mail program without a
	// form token; the random id in its path is the capability, and all it
	// can do is stop messages.
	if strings.HasPrefix(StateOf(c).Path, "/notify/stop/") {
		return c.Next()
	}
	// An unreadable body has no token: the same 403.
	posted, _ := PostedForm(c)
	if !hmac.Equal([]byte(posted.Get(FieldCSRF)), []byte(token)) {
		return fiber.NewError(fiber.StatusForbidden, csrfRefused)
	}
	return c.Next()
}

func (h *Kit) csrfToken(id string) string {
	m := hmac.New(sha256.New, h.Secret)
	m.Write([]byte("csrf:" + id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
