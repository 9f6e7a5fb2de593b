package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/locale"
)

const (
	// cookieSession holds the staff session id. Path "/" because pages
	// may carry a language prefix (/fr/staff/...); SameSite=Strict so no
	// other site can make a signed-in request.
	cookieSession = "loket_staff"
	localAccount  = "account"
)

// accountLocal is what h.account caches in the request's Locals.
type accountLocal struct {
	account   accounts.Account
	session   accounts.Session
	sessionID string
}

// setSession sets the session cookie. It lives as long as the browser;
// the server ends the session itself (idle and absolute limits).
func (h *handler) setSession(c *fiber.Ctx, id string) {
	c.Cookie(&fiber.Cookie{Name: cookieSession, Value: id, Path: "/", HTTPOnly: true, SameSite: "Strict",
		Secure: strings.HasPrefix(h.Config.BaseURL, "https://")})
}

func (h *handler) clearSession(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: cookieSession, Value: "", Path: "/", Expires: time.Unix(1, 0), HTTPOnly: true, SameSite: "Strict",
		Secure: strings.HasPrefix(h.Config.BaseURL, "https://")})
}

// session looks up the request's session, complete or not; it caches the
// answer for the request. err is accounts.ErrNoSession without a cookie.
func (h *handler) session(c *fiber.Ctx) (*accountLocal, error) {
	if l, ok := c.Locals(localAccount).(*accountLocal); ok {
		return l, nil
	}
	if h.Accounts == nil {
		return nil, accounts.ErrNoSession
	}
	id := strings.Clone(c.Cookies(cookieSession))
	if id == "" {
		return nil, accounts.ErrNoSession
	}
	sess, a, err := h.Accounts.Authenticate(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	l := &accountLocal{account: a, session: sess, sessionID: id}
	c.Locals(localAccount, l)
	return l, nil
}

// account returns the signed-in account of a request with a complete
// session (password and, where the role needs it, second factor). Other
// handlers use it after requireRole to know who acts, for the audit trail
// and for what to show (Account.Offices, Account.Role).
func (h *handler) account(c *fiber.Ctx) (accounts.Account, bool) {
	l, err := h.session(c)
	if err != nil || !l.session.Complete {
		return accounts.Account{}, false
	}
	return l.account, true
}

// requireRole guards a route: without a complete session a page redirects
// to the sign-in page (which then says why) and an API call gets 401 JSON;
// a signed-in account without one of roles gets 403. No roles means any
// signed-in account.
func (h *handler) requireRole(roles ...accounts.Role) fiber.Handler {
	return func(c *fiber.Ctx) error {
		a, ok := h.account(c)
		if !ok {
			if strings.HasPrefix(c.Path(), "/api/") {
				return h.apiFail(c, fiber.StatusUnauthorized, "unauthorized", locale.NewError("staff.error.signin_required"))
			}
			if l, err := h.session(c); err == nil && !l.session.Complete {
				return c.Redirect(h.staffURL(c, "/staff/totp"), fiber.StatusSeeOther)
			}
			// A cookie without a live session: it ended (idle, too old,
			// account disabled, signed out elsewhere).
			return h.toSignin(c, c.Cookies(cookieSession) != "")
		}
		if len(roles) > 0 && !a.HasRole(roles...) {
			return fiber.ErrForbidden
		}
		return c.Next()
	}
}

// toSignin redirects to the sign-in page in the request's language.
func (h *handler) toSignin(c *fiber.Ctx, expired bool) error {
	u := h.staffURL(c, "/staff/signin")
	if expired {
		h.clearSession(c)
		u += "?ended=1"
	}
	return c.Redirect(u, fiber.StatusSeeOther)
}

// staffURL is a staff path with the request's language prefix.
func (h *handler) staffURL(c *fiber.Ctx, p string) string {
	lang, _ := c.Locals(localLang).(string)
	return "/" + lang + p
}

// staffNoStore keeps every staff page and answer out of every cache.
func (h *handler) staffNoStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}
