package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"
)

// guard names who may call a route and holds the handlers that check it.
// The site map gives every route one, and names the route after it
// ("guard:<name>"), so that a test can walk the app's routes and find one
// that lost its guard.
type guard struct {
	name  string
	check []fiber.Handler
}

// guardPrefix starts the name of every route the site map registers.
const guardPrefix = "guard:"

// siteMap registers routes with their guard in front of their handler.
type siteMap struct{ app *fiber.App }

func (m siteMap) add(register func(string, ...fiber.Handler) fiber.Router, path string, g guard, h fiber.Handler) {
	register(path, append(slices.Clone(g.check), h)...).Name(guardPrefix + g.name)
}

func (m siteMap) get(path string, g guard, h fiber.Handler)    { m.add(m.app.Get, path, g, h) }
func (m siteMap) post(path string, g guard, h fiber.Handler)   { m.add(m.app.Post, path, g, h) }
func (m siteMap) put(path string, g guard, h fiber.Handler)    { m.add(m.app.Put, path, g, h) }
func (m siteMap) patch(path string, g guard, h fiber.Handler)  { m.add(m.app.Patch, path, g, h) }
func (m siteMap) delete(path string, g guard, h fiber.Handler) { m.add(m.app.Delete, path, g, h) }

// page registers a GET page in both shells: the phone app's path and the
// kiosk's (/kiosk + path), one line in the site map.
func (m siteMap) page(path string, g guard, h fiber.Handler) {
	m.get(path, g, h)
	m.get("/kiosk"+path, g, h)
}

// pagePost is page for a form's POST.
func (m siteMap) pagePost(path string, g guard, h fiber.Handler) {
	m.post(path, g, h)
	m.post("/kiosk"+path, g, h)
}

// unavailable answers 503 for a service that is switched off but whose
// links people may hold (receipts).
func unavailable(*fiber.Ctx) error { return fiber.ErrServiceUnavailable }
