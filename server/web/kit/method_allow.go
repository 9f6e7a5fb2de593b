package kit

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/locale"
)

// MethodNotAllowed answers a request under /api/ that no route took: 405
// with the methods its path accepts in Allow (RFC 9110 15.5.6) when there
// are any, else on to the 404. It reads the app's routes, which are fixed
// once the server runs.
func (h *Kit) MethodNotAllowed(c *fiber.Ctx) error {
	if !strings.HasPrefix(c.Path(), "/api/") {
		return c.Next()
	}
	var allow []string
	for _, routes := range c.App().Stack() {
		for _, r := range routes {
			if r.Method == c.Method() || slices.Contains(allow, r.Method) {
				continue
			}
			if routeMatches(r.Path, c.Path()) {
				allow = append(allow, r.Method)
			}
		}
	}
	if len(allow) == 0 {
		return c.Next()
	}
	slices.SortFunc(allow, func(a, b string) int { return methodRank(a) - methodRank(b) })
	c.Set(fiber.HeaderAllow, strings.Join(allow, ", "))
	return h.APIFail(c, fiber.StatusMethodNotAllowed, "method", locale.NewError("error.method.text"))
}

// methodRank orders Allow as people read it.
func methodRank(m string) int {
	if i := slices.Index([]string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}, m); i >= 0 {
		return i
	}
	return 99
}

// routeMatches reports whether path fits a route pattern of the kinds
// Loket's API uses: literal segments, and ":name" segments with an
// optional literal suffix (":ref.ics"), each matching one non-empty
// segment.
func routeMatches(pattern, path string) bool {
	ps, xs := strings.Split(strings.Trim(pattern, "/"), "/"), strings.Split(strings.Trim(path, "/"), "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		x := xs[i]
		if !strings.HasPrefix(p, ":") {
			if p != x {
				return false
			}
			continue
		}
		suffix := ""
		if j := strings.IndexByte(p, '.'); j >= 0 {
			suffix = p[j:]
		}
		if len(x) <= len(suffix) || !strings.HasSuffix(x, suffix) {
			return false
		}
	}
	return true
}
