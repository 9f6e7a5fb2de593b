package web

import "github.com/gofiber/fiber/v2"

// routes is the site map. Pages exist in two shells: the phone PWA at the
// root and the kiosk under /kiosk; the locate middleware strips an optional
// /{lang} after either, so "/fr/info" and "/kiosk/fr/info" reach the same
// handlers as "/info" and "/kiosk/info".
func (h *handler) routes(app *fiber.App) {
	// Operations.
	app.Get("/healthz", h.healthShow)

	// Static files: hashed assets, the service worker, the manifest.
	app.Get("/assets/:name", h.assetShow)
	app.Get("/sw.js", h.serviceWorkerShow)
	app.Get("/manifest.webmanifest", h.manifestShow)

	// Phone pages.
	app.Get("/", h.homeShow)
	app.Get("/info", h.infoIndex)
	app.Get("/info/:key", h.infoShow)
	app.Get("/offline", h.offlineShow)
	app.Get("/status", h.statusShow)
	app.Post("/status", h.statusLookup)
	app.Get("/status/letter", h.statusLetterShow)
	app.Post("/status/letter", h.statusLetterLookup)

	// Kiosk pages.
	app.Get("/kiosk", h.kioskAttract)
	app.Get("/kiosk/home", h.homeShow)
	app.Get("/kiosk/info", h.infoIndex)
	app.Get("/kiosk/info/:key", h.infoShow)
	app.Get("/kiosk/status", h.statusShow)
	app.Post("/kiosk/status", h.statusLookup)
	app.Get("/kiosk/status/letter", h.statusLetterShow)
	app.Post("/kiosk/status/letter", h.statusLetterLookup)

	// API.
	api := app.Group("/api/v1")
	api.Use(h.requireJSON)
	api.Post("/status/lookup", h.statusAPILookup)

	// Back-office feed (bearer tokens from "loket token create").
	bo := api.Group("/backoffice", h.requireToken)
	bo.Put("/dossiers/:number", h.backofficeDossierPut)
	bo.Post("/dossiers/:number/events", h.backofficeEventCreate)

	app.Use(h.notFound)
}
