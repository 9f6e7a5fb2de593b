package staff

import (
	"encoding/base64"
	"errors"
	"html/template"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/receipts"
	"loket/server/web/kit"
)

type totpPage struct {
	staffPage
	Enrol  bool
	QR     template.URL // data: URL of the otpauth:// QR code
	Secret string       // the same secret, to type in
}

type recoveryPage struct {
	staffPage
	Codes []string
}

// halfSession returns the session of someone between password and second
// factor; a missing or ended one goes back to the sign-in page.
func (h *Handler) halfSession(c *fiber.Ctx) (*kit.AccountLocal, error) {
	l, err := h.Session(c)
	if err != nil {
		if errors.Is(err, accounts.ErrNoSession) || errors.Is(err, accounts.ErrExpired) || errors.Is(err, accounts.ErrDisabled) {
			return nil, h.ToSignin(c, !errors.Is(err, accounts.ErrNoSession))
		}
		return nil, err
	}
	if l.Session.Complete {
		return nil, c.Redirect(kit.URL(c, "/staff/"), fiber.StatusSeeOther)
	}
	return l, nil
}

// staffTOTPShow asks for the code, first showing the QR code and secret
// when the account has no second factor yet.
func (h *Handler) StaffTOTPShow(c *fiber.Ctx) error {
	l, err := h.halfSession(c)
	if l == nil {
		return err
	}
	d, err := h.newTOTPPage(c, l.Account)
	if err != nil {
		return err
	}
	return h.Render(c, "staff_totp", d.title(), d)
}

func (d totpPage) title() string {
	if d.Enrol {
		return "staff.totp.enrol.title"
	}
	return "staff.totp.title"
}

func (h *Handler) newTOTPPage(c *fiber.Ctx, a accounts.Account) (totpPage, error) {
	if a.Enrolled() {
		return totpPage{}, nil
	}
	secret, err := h.Accounts.Enrolment(c.UserContext(), a.ID)
	if err != nil {
		return totpPage{}, err
	}
	png, err := receipts.QRPNG(accounts.OTPAuthURI(h.Accounts.Policy().Issuer, a.Email, secret), 240)
	if err != nil {
		return totpPage{}, err
	}
	return totpPage{Enrol: true, Secret: accounts.SecretText(secret),
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}, nil
}

// staffTOTPPost checks the code. A first right code confirms enrolment and
// shows the recovery codes, once.
func (h *Handler) StaffTOTPPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	l, err := h.halfSession(c)
	if l == nil {
		return err
	}
	if !h.signinLimit.Allow(h.ClientIP(c)) {
		return h.totpRefused(c, l.Account, "staff.error.too_many", fiber.StatusTooManyRequests)
	}
	id, codes, usedRecovery, a, err := h.Accounts.SecondFactor(c.UserContext(), l.SessionID, posted.Get("code"))
	switch {
	case errors.Is(err, accounts.ErrBadCode):
		if err := h.Record(c, audit.Entry{Actor: a.ID, Action: audit.ActionCodeFailure, Object: a.ID}); err != nil {
			return err
		}
		return h.totpRefused(c, a, "staff.error.code", fiber.StatusUnauthorized)
	case errors.Is(err, accounts.ErrLocked):
		if err := h.Record(c, audit.Entry{Actor: a.ID, Action: audit.ActionSignInLocked, Object: a.ID}); err != nil {
			return err
		}
		return h.totpRefused(c, a, "staff.error.locked", fiber.StatusTooManyRequests)
	case errors.Is(err, accounts.ErrNoSession), errors.Is(err, accounts.ErrExpired), errors.Is(err, accounts.ErrDisabled):
		return h.ToSignin(c, true)
	case err != nil:
		return err
	}
	h.SetSession(c, id)
	kit.StateOf(c).ForgetAccount()
	entries := []audit.Entry{{Actor: a.ID, Action: audit.ActionSignIn, Object: a.ID}}
	if codes != nil {
		entries = append([]audit.Entry{{Actor: a.ID, Action: audit.ActionTOTPEnrolled, Object: a.ID}}, entries...)
	}
	if usedRecovery {
		entries = append(entries, audit.Entry{Actor: a.ID, Action: audit.ActionRecoveryUsed, Object: a.ID,
			Detail: "left " + strconv.Itoa(len(a.RecoveryHashes))})
	}
	for _, e := range entries {
		if err := h.Record(c, e); err != nil {
			return err
		}
	}
	if codes == nil {
		return c.Redirect(kit.URL(c, "/staff/"), fiber.StatusSeeOther)
	}
	return h.Render(c, "staff_recovery", "staff.recovery.title", recoveryPage{staffPage: staffPage{Account: &a}, Codes: codes})
}

// totpRefused shows the code form again with a message.
func (h *Handler) totpRefused(c *fiber.Ctx, a accounts.Account, key string, status int) error {
	d := totpPage{}
	if a.ID != "" {
		fresh, err := h.Accounts.Get(c.UserContext(), a.ID)
		if err != nil {
			return err
		}
		if d, err = h.newTOTPPage(c, fresh); err != nil {
			return err
		}
	}
	d.Error = h.tr(c, key)
	c.Status(status)
	return h.Render(c, "staff_totp", d.title(), d)
}
