package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/queue"
	"loket/server/web/kit"
)

// lookupClient is who a dossier check counts against (dossiers.Claim):
// a registered kiosk by its credential, with its own budget, instead of
// the address it shares with the other kiosks of its hall; everyone else
// by address.
func (h *Handler) lookupClient(c *fiber.Ctx) string {
	if k, ok := h.lookupKiosk(c); ok {
		return dossiers.KioskClient(k.ID)
	}
	return h.ClientIP(c)
}

// lookupKiosk is the registered kiosk a kiosk page's request comes from:
// the one RequireKiosk admitted, or the one its credential names.
func (h *Handler) lookupKiosk(c *fiber.Ctx) (queue.Kiosk, bool) {
	st := kit.StateOf(c)
	if k, ok := st.RegisteredKiosk(); ok {
		return k, true
	}
	if h.Queue == nil || st.Shell != kit.ShellKiosk || c.Cookies(CookieKiosk) == "" {
		return queue.Kiosk{}, false
	}
	k, err := h.registeredKiosk(c)
	return k, err == nil
}
