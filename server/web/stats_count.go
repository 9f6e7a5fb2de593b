package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/stats"
)

// count records one self-service event with the request's channel and
// language; handlers fill the rest. It never blocks on the store.
func (h *handler) count(c *fiber.Ctx, e stats.Event) {
	if h.Stats == nil {
		return
	}
	if e.Channel == "" {
		e.Channel = statsChannel(c)
	}
	if e.Lang == "" {
		e.Lang, _ = c.Locals(localLang).(string)
	}
	h.Stats.Add(e)
}

// countLookup counts a status lookup with its outcome, and the procedure
// and office when it found a dossier.
func (h *handler) countLookup(c *fiber.Ctx, ans *dossiers.Answer, err error) {
	e := stats.Event{Name: stats.StatusLookup, Category: "found"}
	switch {
	case errors.Is(err, dossiers.ErrLocked):
		e.Category = "locked"
	case errors.Is(err, dossiers.ErrNoMatch):
		e.Category = "no_match"
	case err != nil:
		e.Category = "error"
	case ans != nil:
		e.Procedure, e.Office = ans.Procedure, ans.Office
	}
	h.count(c, e)
}

// statsChannel is pwa, kiosk or api.
func statsChannel(c *fiber.Ctx) string {
	if strings.HasPrefix(c.Path(), "/api/") {
		return stats.ChannelAPI
	}
	if h, _ := c.Locals(localShell).(string); h == shellKiosk {
		return stats.ChannelKiosk
	}
	return stats.ChannelPWA
}
