package staff

import (
	"crypto/rand"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/web/kit"
)

type adminUsersPage struct {
	staffPage
	Users []accounts.Account
	Roles []accounts.Role
	// Form echoes the add form after a refusal; Created and Password show
	// a new account's first password, once.
	Form     newUserForm
	Created  string
	Password string
}

type newUserForm struct {
	Email, Role, Offices, Municipalities string
}

// adminUsersIndex lists the accounts with the add form.
func (h *Handler) AdminUsersIndex(c *fiber.Ctx) error {
	d := adminUsersPage{staffPage: h.newStaffPage(c)}
	if k := c.Query("done"); k == "disabled" || k == "enabled" || k == "totp_reset" {
		d.Notice = h.tr(c, "staff.users.done."+k)
	}
	return h.renderUsers(c, d)
}

func (h *Handler) renderUsers(c *fiber.Ctx, d adminUsersPage) error {
	users, err := h.Accounts.List(c.UserContext())
	if err != nil {
		return err
	}
	d.Users, d.Roles = users, accounts.Roles
	return h.Render(c, "staff_admin_users", "staff.users.title", d)
}

// adminUsersCreate adds an account with a random first password that the
// administrator passes on; the person changes it after signing in.
func (h *Handler) AdminUsersCreate(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	f := newUserForm{Email: clip(posted.Get("email"), 254), Role: clip(posted.Get("role"), 20),
		Offices: clip(posted.Get("offices"), 2000), Municipalities: clip(posted.Get("municipalities"), 2000)}
	d := adminUsersPage{staffPage: h.newStaffPage(c), Form: f}
	offices, err1 := accounts.ParseList(f.Offices)
	munis, err2 := accounts.ParseList(f.Municipalities)
	if err1 != nil || err2 != nil {
		d.Error = h.tr(c, "staff.users.error.list")
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderUsers(c, d)
	}
	pw := firstPassword()
	a, err := h.Accounts.Create(c.UserContext(), accounts.NewAccount{Email: f.Email, Role: accounts.Role(f.Role),
		Password: pw, Offices: offices, Municipalities: munis, Issued: true})
	switch {
	case errors.Is(err, accounts.ErrDuplicate):
		d.Error = h.tr(c, "staff.users.error.duplicate")
	case errors.Is(err, accounts.ErrNoOffice):
		d.Error = h.tr(c, "staff.users.error.offices")
	case errors.Is(err, accounts.ErrInvalid):
		d.Error = h.tr(c, "staff.users.error.invalid")
	case err != nil:
		return err
	}
	if err != nil {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderUsers(c, d)
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionAccountCreate, Object: a.ID, Detail: "role " + string(a.Role)}); err != nil {
		return err
	}
	d.Form, d.Created, d.Password = newUserForm{}, a.Email, pw
	return h.renderUsers(c, d)
}

// adminUserAction disables, enables or resets the second factor of one
// account. Administrators cannot disable themselves.
func (h *Handler) AdminUserAction(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	id := c.Params("id")
	var err error
	var action, done string
	switch c.Params("action") {
	case "disable":
		if id == me.ID {
			return fiber.ErrForbidden
		}
		_, err = h.Accounts.Disable(c.UserContext(), id)
		action, done = audit.ActionAccountDisable, "disabled"
	case "enable":
		_, err = h.Accounts.Enable(c.UserContext(), id)
		action, done = audit.ActionAccountEnable, "enabled"
	case "totp-reset":
		_, err = h.Accounts.ResetSecondFactor(c.UserContext(), id)
		action, done = audit.ActionTOTPReset, "totp_reset"
	default:
		return fiber.ErrNotFound
	}
	if errors.Is(err, accounts.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: action, Object: strings.Clone(id)}); err != nil {
		return err
	}
	return c.Redirect(kit.URL(c, "/staff/admin/users?done="+done), fiber.StatusSeeOther)
}

// firstPassword is a random first password (130 bits).
func firstPassword() string { return rand.Text() }

// clip cuts s to at most n bytes (a refusal follows; this only keeps huge
// input out of pages and logs) and copies it out of Fiber's buffer.
func clip(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.Clone(s)
}
