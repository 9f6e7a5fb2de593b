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

	// Kiosk pages.
	app.Get("/kiosk", h.kioskAttract)
	app.Get("/kiosk/home", h.homeShow)
	app.Get("/kiosk/info", h.infoIndex)
	app.Get("/kiosk/info/:key", h.infoShow)

	// Address notification: visitors on the phone and the kiosk, the
	// municipality's staff, and the back office's export.
	for _, shell := range []string{"", "/kiosk"} {
		app.Get(shell+"/address", h.addressNew)
		app.Post(shell+"/address", h.addressCreate)
		app.Get(shell+"/address/change", h.addressChangeNew)
		app.Post(shell+"/address/change", h.addressChangeStart)
		app.Get(shell+"/address/status", h.addressStatusNew)
		app.Post(shell+"/address/status", h.addressStatusShow)
	}
	app.Get("/municipality/address", h.municipalityAddressList)
	app.Get("/municipality/address.csv", h.municipalityAddressCSV)
	app.Get("/municipality/address/:ref", h.municipalityAddressShow)
	app.Post("/municipality/address/:ref/status", h.municipalityAddressStatus)

	// API.
	api := app.Group("/api/v1")
	api.Use(h.requireJSON)
	api.Get("/backoffice/address-notifications", h.backofficeAddressExport)
	api.Put("/backoffice/address-notifications/:ref/status", h.backofficeAddressStatus)
	api.Post("/backoffice/address-notifications/:ref/status", h.backofficeAddressStatus)

	app.Use(h.notFound)
}
