package kit

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// robotsDisallowed are the path prefixes crawlers are asked to leave
// alone, with and without a language in front: forms and answers for one
// person, the weeks of free times (a calendar that goes on forever), the
// kiosk, the hall display and everything behind a sign-in or a token.
// Matching is by prefix (RFC 9309), so the short ones end in a slash.
var robotsDisallowed = []string{
	"/status", "/appointments", "/address", "/help", "/verify", "/ticket", "/checkin", "/notify",
	"/q/", "/r/", "/staff", "/municipality", "/api/", "/kiosk", "/display", "/feeds/", "/metrics",
}

// RobotsShow is robots.txt: the home, information, contact and trust
// pages may be indexed, the rest is disallowed. Pages for one person also
// say noindex themselves; this keeps crawlers from asking at all.
func (h *Kit) RobotsShow(c *fiber.Ctx) error {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	prefixes := []string{""}
	for _, m := range h.Catalogs.Languages() {
		prefixes = append(prefixes, "/"+m.Code)
	}
	for _, lang := range prefixes {
		for _, p := range robotsDisallowed {
			b.WriteString("Disallow: " + lang + p + "\n")
		}
	}
	c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.SendString(b.String())
}
