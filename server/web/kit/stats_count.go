package kit

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/stats"
)

// Count records one self-service event with the request's channel and
// language; handlers fill the rest. It never blocks on the store.
// Statistics count people's actions, so a machine fetch (see MachineFetch)
// is never counted.
func (h *Kit) Count(c *fiber.Ctx, e stats.Event) {
	if h.Stats == nil || MachineFetch(c) {
		return
	}
	if e.Channel == "" {
		e.Channel = StatsChannel(c)
	}
	if e.Lang == "" {
		e.Lang = StateOf(c).Lang
	}
	h.Stats.Add(e)
}

// MachineFetch reports whether nobody asked for this page yet: the service
// worker keeping pages for offline reading marks its fetches with
// "Loket-Fetch: keep", and browsers mark link prefetches with Sec-Purpose
// (or the older Purpose) "prefetch".
func MachineFetch(c *fiber.Ctx) bool {
	if c.Get("Loket-Fetch") != "" {
		return true
	}
	return strings.Contains(c.Get("Sec-Purpose"), "prefetch") || strings.Contains(c.Get("Purpose"), "prefetch")
}

// CountLookup counts a status lookup with its outcome, and the procedure
// and office when it found a dossier.
func (h *Kit) CountLookup(c *fiber.Ctx, ans *dossiers.Answer, err error) {
	e := stats.Event{Name: stats.StatusLookup, Category: "found"}
	switch {
	case errors.Is(err, dossiers.ErrTooMany):
		return // refused before any dossier was looked at
	case errors.Is(err, dossiers.ErrLocked), errors.Is(err, dossiers.ErrPaused):
		e.Category = "locked"
	case errors.Is(err, dossiers.ErrNoMatch):
		e.Category = "no_match"
	case err != nil:
		e.Category = "error"
	case ans != nil:
		e.Procedure, e.Office = ans.Procedure, ans.Office
	}
	h.Count(c, e)
}

// StatsChannel is pwa, kiosk or api.
func StatsChannel(c *fiber.Ctx) string {
	if strings.HasPrefix(c.Path(), "/api/") {
		return stats.ChannelAPI
	}
	if StateOf(c).Kiosk() {
		return stats.ChannelKiosk
	}
	return stats.ChannelPWA
}
