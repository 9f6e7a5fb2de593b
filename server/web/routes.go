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

	// Queue: kiosk registration, walk-in tickets, check-in, the phone's
	// place in the queue, the hall's call display and the staff desks.
	app.Get("/kiosk/register", h.queueOn, h.kioskRegisterShow)
	app.Post("/kiosk/register", h.queueOn, h.kioskRegister)
	app.Get("/kiosk/ticket", h.queueOn, h.requireKiosk, h.ticketServices)
	app.Post("/kiosk/ticket", h.queueOn, h.requireKiosk, h.ticketTake)
	app.Get("/kiosk/ticket/:id", h.queueOn, h.requireKiosk, h.ticketShow)
	app.Get("/kiosk/ticket/:id/pdf", h.queueOn, h.requireKiosk, h.ticketPDF)
	app.Get("/kiosk/checkin", h.queueOn, h.requireKiosk, h.checkinShow)
	app.Post("/kiosk/checkin", h.queueOn, h.requireKiosk, h.checkin)
	app.Get("/q/:token", h.queueOn, h.ticketPlace)
	app.Get("/q/:token/events", h.queueOn, h.ticketPlaceEvents)
	app.Get("/display/:office", h.queueOn, h.displayShow)
	app.Get("/display/:office/events", h.queueOn, h.displayEvents)
	app.Get("/staff/desk", h.staffOn, h.deskShow)
	app.Post("/staff/desk", h.staffOn, h.deskAction)
	app.Post("/staff/login", h.staffOn, h.staffLogin)

	// API.
	api := app.Group("/api/v1")
	api.Use(h.requireJSON)
	api.Post("/queue/call", h.staffOn, h.apiQueueCall)

	app.Use(h.notFound)
}
