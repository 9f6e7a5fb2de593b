package public

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/contact"
	"loket/server/content"
	"loket/server/stats"
)

// infoPage is what info_show.html prints: the page, its metadata and
// links, and for a page about a service the offices that offer it.
type infoPage struct {
	*content.Page
	Related []*content.Page
	Flows   []flowLink
	Offices []serviceOffice
}

type flowLink struct{ Path, Label string }

// serviceOffice is an office offering the page's service, with the
// service's own opening hours (the office's when it has none).
type serviceOffice struct {
	ID, Name, Address, MapURL, Accessibility, AccessibilityLang string
	Hours                                                       []contact.Day
	BookPath                                                    string
}

// flowPaths are the app's journeys a page may link to (content.Flows).
var flowPaths = map[string]string{"status": "/status", "appointments": "/appointments", "address": "/address", "help": "/help"}

// infoShow is one information page (a procedure's or a topic's), in the
// person's language or the nearest one in its fallback chain, with when
// it was last checked, its sources, related pages and flows.
func (h *Handler) InfoShow(c *fiber.Ctx) error {
	key := c.Params("key")
	if !h.Content.Has(key) {
		return fiber.ErrNotFound
	}
	if err := h.RenderStaticBuilt(c, "info_show", func() (string, any, error) { return h.infoPage(c, key) }); err != nil {
		return err
	}
	h.Count(c, stats.Event{Name: stats.InfoView, Procedure: key})
	return nil
}

// infoPage is the model of an information page in the request's language:
// made once per page, language and shell, when the page is first kept.
func (h *Handler) infoPage(c *fiber.Ctx, key string) (string, any, error) {
	p := h.Printer(c)
	chain := h.Catalogs.Chain(p.Lang())
	page, ok := h.Content.Page(chain, key)
	if !ok {
		return "", nil, fiber.ErrNotFound
	}
	d := infoPage{Page: page, Related: h.Content.Related(chain, key)}
	for _, f := range page.Meta.Flows {
		if f == "appointments" && h.Bookings == nil || f == "help" && h.Helpdesk == nil || f == "address" && h.Address == nil {
			continue // a switched-off feature has no link
		}
		d.Flows = append(d.Flows, flowLink{Path: flowPaths[f], Label: p.T("info.flow." + f)})
	}
	if svc := page.Meta.Service; svc != "" && h.Bookings != nil {
		for _, o := range h.Bookings.Offices() {
			for _, s := range o.Services {
				if s.ID != svc || s.Inactive {
					continue
				}
				hours := s.Hours
				if hours == nil {
					hours = o.Hours
				}
				so := serviceOffice{ID: o.ID, Name: o.Name, Address: o.Address, MapURL: mapURL(o),
					Hours: contact.Week(p, hours), BookPath: "/appointments/" + o.ID + "/" + s.ID}
				so.Accessibility, so.AccessibilityLang = o.AccessibilityIn(p.Lang())
				d.Offices = append(d.Offices, so)
			}
		}
	}
	return page.Title, d, nil
}

// TextReviewed: a page a translator checked in the content editor drops
// the layout's "not yet checked" notice.
func (d infoPage) TextReviewed() bool { return d.Page.Reviewed }
