package staff

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/ratelimit"
	"loket/server/web/kit"
)

// Sign-in attempts (password and code posts) one client address may make
// per window. Generous enough for an office behind one NAT address, far
// too few for guessing.
const (
	SigninPerAddress = 30
	SigninWindow     = 10 * time.Minute
)

// Password attempts for one e-mail address: SigninPerAccountAddress from
// one client address, and SigninPerAccount from all addresses together
// (a slower brake on guessing from many), per SigninAccountWindow. Both
// count whether or not the address has an account, and answer alike, so
// they tell nobody which addresses exist; and a stranger's guesses lock
// out only the stranger's own address (issue 14 item 10). A signed-in
// session is never touched by them.
const (
	SigninPerAccountAddress = 5
	SigninPerAccount        = 50
	SigninAccountWindow     = 15 * time.Minute
)

type signinPage struct {
	staffPage
	Email string
}

// staffSigninShow is the sign-in form. A complete session goes home; the
// query tells why someone landed here (session ended, signed out).
func (h *Handler) StaffSigninShow(c *fiber.Ctx) error {
	if _, ok := h.Account(c); ok {
		return c.Redirect(kit.URL(c, "/staff/"), fiber.StatusSeeOther)
	}
	d := signinPage{}
	switch {
	case c.Query("ended") != "":
		d.Notice = h.tr(c, "staff.signin.ended")
	case c.Query("out") != "":
		d.Notice = h.tr(c, "staff.signin.signed_out")
	}
	return h.Render(c, "staff_signin", "staff.signin.title", d)
}

// staffSigninPost checks the e-mail address and password. The answer for
// a wrong password and for an unknown address is the same; both, and
// every other refusal, go into the audit trail.
func (h *Handler) StaffSigninPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	email := strings.TrimSpace(posted.Get("email"))
	if len(email) > 254 {
		email = ""
	}
	d := signinPage{Email: email}
	ip := h.ClientIP(c)
	if !h.signinLimit.Allow(ip) {
		d.Error = h.tr(c, "staff.error.too_many")
		c.Status(fiber.StatusTooManyRequests)
		return h.Render(c, "staff_signin", "staff.signin.title", d)
	}
	account := strings.ToLower(email)
	if !h.signinPairs.Allow(account+"|"+ratelimit.Key(ip)) || !h.signinAccounts.Allow(account) {
		return h.signinRefused(c, d, accounts.Account{}, accounts.ErrLocked)
	}
	id, a, err := h.Accounts.SignIn(c.UserContext(), email, posted.Get("password"))
	if err != nil {
		return h.signinRefused(c, d, a, err)
	}
	h.SetSession(c, id)
	if a.Role.NeedsSecondFactor() {
		return c.Redirect(kit.URL(c, "/staff/totp"), fiber.StatusSeeOther)
	}
	if err := h.Record(c, audit.Entry{Actor: a.ID, Action: audit.ActionSignIn, Object: a.ID}); err != nil {
		return err
	}
	return c.Redirect(kit.URL(c, "/staff/"), fiber.StatusSeeOther)
}

// signinRefused logs a refused sign-in and shows the form again with the
// reason people may know.
func (h *Handler) signinRefused(c *fiber.Ctx, d signinPage, a accounts.Account, err error) error {
	actor := a.ID
	if actor == "" {
		actor = "-"
	}
	var action, key string
	status := fiber.StatusUnauthorized
	switch {
	case errors.Is(err, accounts.ErrBadCredentials):
		action, key = audit.ActionSignInFailure, "staff.error.credentials"
	case errors.Is(err, accounts.ErrLocked):
		action, key, status = audit.ActionSignInLocked, "staff.error.locked", fiber.StatusTooManyRequests
	case errors.Is(err, accounts.ErrDisabled):
		action, key, status = audit.ActionSignInDisabled, "staff.error.disabled", fiber.StatusForbidden
	default:
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: actor, Action: action, Object: a.ID}); err != nil {
		return err
	}
	d.Error = h.tr(c, key)
	c.Status(status)
	return h.Render(c, "staff_signin", "staff.signin.title", d)
}

// staffSignoutPost ends the session.
func (h *Handler) StaffSignoutPost(c *fiber.Ctx) error {
	if l, err := h.Session(c); err == nil {
		if err := h.Accounts.SignOut(c.UserContext(), l.SessionID); err != nil {
			return err
		}
		if err := h.Record(c, audit.Entry{Actor: l.Account.ID, Action: audit.ActionSignOut, Object: l.Account.ID}); err != nil {
			return err
		}
	}
	h.ClearSession(c)
	return c.Redirect(kit.URL(c, "/staff/signin?out=1"), fiber.StatusSeeOther)
}
