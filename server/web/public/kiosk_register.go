package public

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
	"loket/server/web/kit"
)

// kioskRegisterShow asks for the enrolment code that `loket kiosk add`
// printed, and says whether this browser is registered already.
func (h *Handler) KioskRegisterShow(c *fiber.Ctx) error {
	k, err := h.registeredKiosk(c)
	data := fiber.Map{"Registered": err == nil, "Revoked": errors.Is(err, queue.ErrKioskRevoked)}
	if err == nil {
		data["Name"] = k.Name
	}
	return h.Render(c, "register", "queue.register.title", data)
}

// kioskRegister turns an enrolment code into the kiosk's credential, kept
// in an HttpOnly, SameSite=Strict cookie for years: only its hash is stored.
func (h *Handler) KioskRegister(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	k, cred, err := h.Queue.Enrol(c.UserContext(), posted.Get("code"), h.ClientIP(c))
	switch {
	case errors.Is(err, queue.ErrBadCode):
		c.Status(fiber.StatusUnprocessableEntity)
		return h.Render(c, "register", "queue.register.title", fiber.Map{"Error": queue.ErrBadCode.Key})
	case errors.Is(err, queue.ErrTooManyCodes):
		c.Status(fiber.StatusTooManyRequests)
		return h.Render(c, "register", "queue.register.title", fiber.Map{"Error": queue.ErrTooManyCodes.Key})
	}
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: CookieKiosk, Value: cred, Path: "/kiosk", MaxAge: 5 * 365 * 24 * 3600,
		HTTPOnly: true, SameSite: "Strict", Secure: h.SecureCookies()})
	return h.Render(c, "register", "queue.register.title", fiber.Map{"Registered": true, "Name": k.Name, "Done": true})
}
