package public

import (
	"errors"
	"math"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// statusLookup answers the lookup form. A match sends the browser on to
// /status/result with a grant in a cookie (see grantStatus), so Back,
// reload and another language show the result again, and nothing
// personal is in the address bar, the history or a log. On a kiosk, the
// number field also takes a scanned letter (its URL or "number.code"). A
// language switch from a refused form shows it again, filled in.
func (h *Handler) StatusLookup(c *fiber.Ctx) error {
	values, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	f := h.form("status_lookup")
	if kit.LanguageSwitch(values) {
		// The form again in another language: no lookup, nothing counted.
		res := f.Validate(values, h.Now().In(h.Office))
		if !res.OK() {
			c.Status(fiber.StatusUnprocessableEntity)
		}
		return h.renderStatusForm(c, res.Values, res.Errors)
	}
	if number, code, ok := dossiers.ParseLetter(values.Get("dossier")); ok {
		ans, err := h.verify(c, number, dossiers.ByCode, code)
		return h.statusAnswer(c, ans, err, "status.error.no_match_code", nil)
	}
	res := f.Validate(values, h.Now().In(h.Office))
	if !res.OK() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderStatusForm(c, res.Values, res.Errors)
	}
	ans, err := h.verify(c, res.Values["dossier"], dossiers.ByBirth, res.Values["birth_date"])
	return h.statusAnswer(c, ans, err, "status.error.no_match", res.Values)
}

// verify checks a dossier secret through the one guard, counted against
// the client (see lookupClient).
func (h *Handler) verify(c *fiber.Ctx, number, by, secret string) (*dossiers.Answer, error) {
	ans, err := h.Dossiers.Verify(dossiers.Claim{Number: number, By: by, Secret: secret, Client: h.lookupClient(c)})
	var held *dossiers.Held
	if errors.As(err, &held) {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(held.Retry.Seconds()))))
	}
	return ans, err
}

// lockedPage is the lockout page of a held lookup: for how long, and
// whether the letter's access code still opens the dossier.
func lockedPage(err error) statusForm {
	var held *dossiers.Held
	errors.As(err, &held)
	return statusForm{Minutes: int(math.Ceil(held.Retry.Minutes())), Paused: errors.Is(err, dossiers.ErrPaused)}
}

// statusAnswer answers a lookup's outcome: on to the result, the lockout
// page or the form again with one message that does not say which part
// was wrong.
func (h *Handler) statusAnswer(c *fiber.Ctx, ans *dossiers.Answer, err error, noMatch string, values map[string]string) error {
	h.CountLookup(c, ans, err)
	switch {
	case errors.Is(err, dossiers.ErrLocked), errors.Is(err, dossiers.ErrPaused):
		kit.Private(c)
		c.Status(fiber.StatusLocked)
		return h.Render(c, "status_locked", "status.locked.title", lockedPage(err))
	case errors.Is(err, dossiers.ErrNoMatch):
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderStatusForm(c, values, []refusal.Field{{Key: noMatch}})
	case err != nil:
		return err
	}
	h.grantStatus(c, ans.Number)
	return c.Redirect(kit.URL(c, "/status/result"), fiber.StatusSeeOther)
}
