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

	// Appointments, in both shells (see README "Appointments"). The staff
	// day sheet is guarded by a shared token until it moves to staff accounts.
	if h.Bookings != nil {
		for _, shell := range []string{"", "/kiosk"} {
			app.Get(shell+"/appointments", h.officeIndex)
			app.Get(shell+"/appointments/manage", h.bookingManage)
			app.Post(shell+"/appointments/manage", h.bookingManageShow)
			app.Post(shell+"/appointments/manage/move", h.bookingMove)
			app.Post(shell+"/appointments/manage/cancel", h.bookingCancel)
			app.Get(shell+"/appointments/:office/:service", h.slotIndex)
			app.Get(shell+"/appointments/:office/:service/book", h.bookingNew)
			app.Post(shell+"/appointments/:office/:service/book", h.bookingCreate)
		}
		if h.Config.StaffToken != "" {
			app.Get("/staff/bookings", h.staffAuth, h.staffBookings)
			app.Post("/staff/bookings/cancel", h.staffAuth, h.staffBookingCancel)
		}
	}

	// Kiosk pages.
	app.Get("/kiosk", h.kioskAttract)
	app.Get("/kiosk/home", h.homeShow)
	app.Get("/kiosk/info", h.infoIndex)
	app.Get("/kiosk/info/:key", h.infoShow)

	// API.
	api := app.Group("/api/v1")
	api.Use(h.requireJSON)

	// Appointments API.
	if h.Bookings != nil {
		api.Get("/offices", h.officeIndexAPI)
		api.Get("/offices/:id/services", h.officeServicesAPI)
		api.Get("/slots", h.slotIndexAPI)
		api.Post("/bookings", h.bookingCreateAPI)
		api.Get("/bookings/challenge", h.bookingChallenge)
		api.Get("/bookings/:ref.ics", h.bookingCalendarAPI)
		api.Get("/bookings/:ref", h.bookingShowAPI)
		api.Patch("/bookings/:ref", h.bookingUpdateAPI)
		api.Delete("/bookings/:ref", h.bookingCancelAPI)
	}

	app.Use(h.notFound)
}
