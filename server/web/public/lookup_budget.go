package public

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/queue"
	"loket/server/web/kit"
)

// spendLookup takes one lookup from the client's budget, or answers 429
// with Retry-After. A registered kiosk has its own budget, keyed by its
// credential (KioskLookupLimit an hour) instead of the address it shares
// with the other kiosks of its hall; everyone else counts by address.
// Wrong answers still lock the dossier number, whoever asks.
func (h *Handler) spendLookup(c *fiber.Ctx) error {
	l, key := h.lookups, h.ClientIP(c)
	if k, ok := h.lookupKiosk(c); ok {
		l, key = h.kioskLookups, "kiosk "+k.ID
	}
	if !l.Allow(key) {
		return kit.TooMany(c, l, key)
	}
	return nil
}

// kioskLookupWindow is the period of KioskLookupLimit.
const kioskLookupWindow = time.Hour

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
