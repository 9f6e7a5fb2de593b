package public

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

// ContactShow lists how to reach the helpdesk and every office.
func (h *Handler) ContactShow(c *fiber.Ctx) error {
	var offices []bookings.Office
	if h.Bookings != nil {
		offices = h.Bookings.Offices()
	}
	p := h.Printer(c)
	return h.Render(c, "contact", "trust.contact.title",
		contact.Build(p, h.Administration, offices, contact.AnswerDays(h.Config.HelpdeskSLA)))
}

// PrivacyShow is the privacy statement.
func (h *Handler) PrivacyShow(c *fiber.Ctx) error {
	return h.RenderStatic(c, "privacy", "trust.privacy.title", trustPage{Name: h.Administration.NameIn(h.Printer(c).Lang())})
}

// AccessibilityShow is the accessibility statement (EU 2016/2102).
func (h *Handler) AccessibilityShow(c *fiber.Ctx) error {
	return h.RenderStatic(c, "accessibility", "trust.accessibility.title",
		trustPage{Name: h.Administration.NameIn(h.Printer(c).Lang()), Reviewed: accessibilityReviewed})
}
