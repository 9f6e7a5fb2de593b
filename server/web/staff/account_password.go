package staff

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/web/kit"
)

// accountShow shows who is signed in and the change-password form.
func (h *Handler) AccountShow(c *fiber.Ctx) error {
	d := h.newStaffPage(c)
	if me, ok := h.Account(c); ok && me.MustChangePassword {
		d.Notice = h.tr(c, "staff.account.must_change")
	}
	if c.Query("done") != "" {
		d.Notice = h.tr(c, "staff.account.changed")
	}
	return h.Render(c, "staff_account", "staff.account.title", d)
}

// accountPasswordPost changes the password. Other sessions of the account
// end; this one stays.
func (h *Handler) AccountPasswordPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	l, err := h.Session(c)
	if err != nil {
		return err
	}
	d := h.newStaffPage(c)
	next := posted.Get("new")
	switch {
	case next != posted.Get("confirm"):
		d.Error = h.tr(c, "staff.account.error.mismatch")
	default:
		err = h.Accounts.ChangePassword(c.UserContext(), l.Account.ID, posted.Get("current"), next, l.SessionID)
		switch {
		case err == nil:
			if err := h.Record(c, audit.Entry{Actor: l.Account.ID, Action: audit.ActionPassword, Object: l.Account.ID}); err != nil {
				return err
			}
			return c.Redirect(kit.URL(c, "/staff/account?done=1"), fiber.StatusSeeOther)
		case errors.Is(err, accounts.ErrWeakPassword):
			d.Error = h.tr(c, "staff.account.error.weak")
		case errors.Is(err, accounts.ErrInvalid):
			d.Error = h.tr(c, "staff.account.error.length", "min", accounts.MinPassword, "max", accounts.MaxPassword)
		case errors.Is(err, accounts.ErrBadCredentials):
			d.Error = h.tr(c, "staff.account.error.current")
		case errors.Is(err, accounts.ErrLocked):
			if err := h.Record(c, audit.Entry{Actor: l.Account.ID, Action: audit.ActionSignInLocked, Object: l.Account.ID}); err != nil {
				return err
			}
			d.Error = h.tr(c, "staff.error.locked")
		default:
			return err
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	return h.Render(c, "staff_account", "staff.account.title", d)
}
