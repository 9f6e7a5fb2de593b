package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/web/kit"
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
// The locate middleware strips /kiosk like a language, so one route
// serves a path in both shells; the site map says which shells each route
// answers in: get, post, put, patch and delete the phone's alone (under
// /kiosk they are not found), page and pagePost both, kiosk and
// kioskPost the kiosk's alone.
type siteMap struct{ app *fiber.App }

func (m siteMap) add(register func(string, ...fiber.Handler) fiber.Router, path string, shell fiber.Handler, g guard, h fiber.Handler) {
	if path == "/kiosk" || strings.HasPrefix(path, "/kiosk/") {
		// No request reaches such a route: say so at start-up.
		panic("site map: " + path + ": /kiosk is stripped like a language; register the kiosk's page as m.kiosk(\"" +
			strings.TrimPrefix(path, "/kiosk") + "\", ...) or a page of both shells as m.page")
	}
	handlers := make([]fiber.Handler, 0, len(g.check)+2)
	if shell != nil {
		handlers = append(handlers, shell)
	}
	handlers = append(append(handlers, g.check...), h)
	register(path, handlers...).Name(guardPrefix + g.name)
}

func (m siteMap) get(path string, g guard, h fiber.Handler) {
	m.add(m.app.Get, path, kit.PhoneOnly, g, h)
}
func (m siteMap) post(path string, g guard, h fiber.Handler) {
	m.add(m.app.Post, path, kit.PhoneOnly, g, h)
}
func (m siteMap) put(path string, g guard, h fiber.Handler) {
	m.add(m.app.Put, path, kit.PhoneOnly, g, h)
}
func (m siteMap) patch(path string, g guard, h fiber.Handler) {
	m.add(m.app.Patch, path, kit.PhoneOnly, g, h)
}
func (m siteMap) delete(path string, g guard, h fiber.Handler) {
	m.add(m.app.Delete, path, kit.PhoneOnly, g, h)
}

// page registers a GET page of both shells: "/info" serves "/info" and
// "/kiosk/info" (each also with a language segment), one line in the
// site map.
func (m siteMap) page(path string, g guard, h fiber.Handler) { m.add(m.app.Get, path, nil, g, h) }

// pagePost is page for a form's POST.
func (m siteMap) pagePost(path string, g guard, h fiber.Handler) { m.add(m.app.Post, path, nil, g, h) }

// kiosk registers a GET page of the kiosk alone: "/ticket" serves
// "/kiosk/ticket" and is not found on the phone.
func (m siteMap) kiosk(path string, g guard, h fiber.Handler) {
	m.add(m.app.Get, path, kit.KioskOnly, g, h)
}

// kioskPost is kiosk for a form's POST.
func (m siteMap) kioskPost(path string, g guard, h fiber.Handler) {
	m.add(m.app.Post, path, kit.KioskOnly, g, h)
}

// unavailable answers 503 for a service that is switched off but whose
// links people may hold (receipts).
func unavailable(*fiber.Ctx) error { return fiber.ErrServiceUnavailable }
