package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/contact"
)

// accessibilityReviewed is the day the accessibility statement was last
// checked against the site.
var accessibilityReviewed = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// trustPage is what the privacy and accessibility statements print: the
// administration's name in the reader's language and the review date.
type trustPage struct {
	Name     string
	Reviewed time.Time
}

// contactShow lists how to reach the helpdesk and every office.
func (h *handler) contactShow(c *fiber.Ctx) error {
	var offices []bookings.Office
	if h.Bookings != nil {
		offices = h.Bookings.Offices()
	}
	p := h.printer(c)
	return h.render(c, "contact", "trust.contact.title",
		contact.Build(p, h.Administration, offices, contact.AnswerDays(h.Config.HelpdeskSLA)))
}

// privacyShow is the privacy statement.
func (h *handler) privacyShow(c *fiber.Ctx) error {
	return h.renderStatic(c, "privacy", "trust.privacy.title", trustPage{Name: h.Administration.NameIn(h.printer(c).Lang())})
}

// accessibilityShow is the accessibility statement (EU 2016/2102).
func (h *handler) accessibilityShow(c *fiber.Ctx) error {
	return h.renderStatic(c, "accessibility", "trust.accessibility.title",
		trustPage{Name: h.Administration.NameIn(h.printer(c).Lang()), Reviewed: accessibilityReviewed})
}
