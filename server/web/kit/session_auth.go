package kit

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/locale"
)

const (
	// CookieSession holds the staff session id. Path "/" because pages
	// may carry a language prefix (/fr/staff/...); SameSite=Strict so no
	// other site can make a signed-in request.
	CookieSession = "loket_staff"
)

// AccountLocal is what h.Account caches in the request's Locals.
type AccountLocal struct {
	Account   accounts.Account
	Session   accounts.Session
	SessionID string
}

// setSession sets the session cookie. It lives as long as the browser;
// the server ends the session itself (idle and absolute limits).
func (h *Kit) SetSession(c *fiber.Ctx, id string) {
	c.Cookie(&fiber.Cookie{Name: CookieSession, Value: id, Path: "/", HTTPOnly: true, SameSite: "Strict",
		Secure: strings.HasPrefix(h.Config.BaseURL, "https://")})
}

func (h *Kit) ClearSession(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: CookieSession, Value: "", Path: "/", Expires: time.Unix(1, 0), HTTPOnly: true, SameSite: "Strict",
		Secure: strings.HasPrefix(h.Config.BaseURL, "https://")})
}

// session looks up the request's session, complete or not; it caches the
// answer for the request. err is accounts.ErrNoSession without a cookie.
func (h *Kit) Session(c *fiber.Ctx) (*AccountLocal, error) {
	st := StateOf(c)
	if st.account != nil {
		return st.account, nil
	}
	if h.Accounts == nil {
		return nil, accounts.ErrNoSession
	}
	id := strings.Clone(c.Cookies(CookieSession))
	if id == "" {
		return nil, accounts.ErrNoSession
	}
	sess, a, err := h.Accounts.Authenticate(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	l := &AccountLocal{Account: a, Session: sess, SessionID: id}
	st.account = l
	return l, nil
}

// account returns the signed-in account of a request with a complete
// session (password and, where the role needs it, second factor). Other
// handlers use it after requireRole to know who acts, for the audit trail
// and for what to show (Account.Offices, Account.Role).
func (h *Kit) Account(c *fiber.Ctx) (accounts.Account, bool) {
	l, err := h.Session(c)
	if err != nil || !l.Session.Complete {
		return accounts.Account{}, false
	}
	return l.Account, true
}

// requireRole guards a route: without a complete session a page redirects
// to the sign-in page (which then says why) and an API call gets 401 JSON;
// a signed-in account without one of roles gets 403. No roles means any
// signed-in account. An account that must change its password is sent to
// the password form first.
func (h *Kit) RequireRole(roles ...accounts.Role) fiber.Handler {
	return func(c *fiber.Ctx) error {
		a, ok := h.Account(c)
		if !ok {
			if strings.HasPrefix(c.Path(), "/api/") {
				return h.APIFail(c, fiber.StatusUnauthorized, "unauthorized", locale.NewError("staff.error.signin_required"))
			}
			if l, err := h.Session(c); err == nil && !l.Session.Complete {
				return c.Redirect(URL(c, "/staff/totp"), fiber.StatusSeeOther)
			}
			// A cookie without a live session: it ended (idle, too old,
			// account disabled, signed out elsewhere).
			return h.ToSignin(c, c.Cookies(CookieSession) != "")
		}
		// A password someone else chose leads to the password form, and
		// nowhere else, until it is changed.
		if a.MustChangePassword && !strings.HasSuffix(c.Path(), "/staff/account") {
			if strings.HasPrefix(c.Path(), "/api/") {
				return h.APIFail(c, fiber.StatusForbidden, "password_change_required", locale.NewError("staff.account.must_change"))
			}
			return c.Redirect(URL(c, "/staff/account"), fiber.StatusSeeOther)
		}
		if len(roles) > 0 && !a.HasRole(roles...) {
			return fiber.ErrForbidden
		}
		return c.Next()
	}
}

// toSignin redirects to the sign-in page in the request's language.
func (h *Kit) ToSignin(c *fiber.Ctx, expired bool) error {
	u := URL(c, "/staff/signin")
	if expired {
		h.ClearSession(c)
		u += "?ended=1"
	}
	return c.Redirect(u, fiber.StatusSeeOther)
}

// staffNoStore keeps every staff page and answer out of every cache.
func (h *Kit) StaffNoStore(c *fiber.Ctx) error {
	Private(c)
	return c.Next()
}
