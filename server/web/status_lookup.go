package web

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/refusal"
)

// statusLookup answers the lookup form. The answer is the response to
// this POST, so the result has no URL of its own: nothing personal in the
// address bar, the history or a log. On a kiosk, the number field also
// takes a scanned letter (its URL or "number.code").
func (h *handler) statusLookup(c *fiber.Ctx) error {
	if ip := h.clientIP(c); !h.lookups.allow(ip) {
		return tooMany(c, h.lookups, ip)
	}
	values := postValues(c)
	if number, code, ok := dossiers.ParseLetter(values.Get("dossier")); ok {
		ans, err := h.Dossiers.LookupCode(number, code)
		return h.statusAnswer(c, ans, err, "status.error.no_match_code", nil)
	}
	f, ok := h.Forms.Get("status_lookup")
	if !ok {
		return fiber.ErrInternalServerError
	}
	res := f.Validate(values, h.Now().In(h.office))
	if !res.OK() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderStatusForm(c, res.Values, res.Errors)
	}
	ans, err := h.Dossiers.LookupBirth(res.Values["dossier"], res.Values["birth_date"])
	return h.statusAnswer(c, ans, err, "status.error.no_match", res.Values)
}

// statusAnswer renders a lookup's outcome: the result, the lockout page or
// the form again with one message that does not say which part was wrong.
func (h *handler) statusAnswer(c *fiber.Ctx, ans *dossiers.Answer, err error, noMatch string, values map[string]string) error {
	h.countLookup(c, ans, err)
	switch {
	case errors.Is(err, dossiers.ErrLocked):
		noStore(c)
		c.Status(fiber.StatusLocked)
		return h.render(c, "status_locked", "status.locked.title", statusForm{Minutes: int(h.Config.LookupWindow.Minutes())})
	case errors.Is(err, dossiers.ErrNoMatch):
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderStatusForm(c, values, []refusal.Field{{Key: noMatch}})
	case err != nil:
		return err
	}
	noStore(c)
	return h.render(c, "status_result", "status.title", h.newStatusView(c, ans))
}

// postValues copies the posted form fields (Fiber reuses its buffers).
func postValues(c *fiber.Ctx) url.Values {
	v := url.Values{}
	c.Request().PostArgs().VisitAll(func(k, val []byte) {
		v.Add(string(k), string(val))
	})
	return v
}
