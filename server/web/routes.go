package web

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
)

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
	app.Get("/contact", h.contactShow)
	app.Get("/privacy", h.privacyShow)
	app.Get("/accessibility", h.accessibilityShow)
	if h.Dossiers != nil {
		app.Get("/processing-times", h.processingTimes)
		app.Get("/processing-times.csv", h.processingTimesCSV)
	}
	app.Get("/status", h.statusShow)
	app.Post("/status", h.statusLookup)
	app.Get("/status/letter", h.statusLetterShow)
	app.Post("/status/letter", h.statusLetterLookup)
	app.Post("/status/receipt", h.statusReceipt)
	app.Post("/kiosk/status/receipt", h.statusReceipt)

	// Appointments, in both shells (see README "Appointments"), and the
	// staff's day sheet (staff accounts of the office).
	if h.Bookings != nil {
		for _, shell := range []string{"", "/kiosk"} {
			app.Get(shell+"/appointments", h.officeIndex)
			app.Get(shell+"/appointments/manage", h.bookingManage)
			app.Post(shell+"/appointments/manage", h.bookingManageShow)
			app.Post(shell+"/appointments/manage/move", h.bookingMove)
			app.Post(shell+"/appointments/manage/cancel", h.bookingCancel)
			app.Post(shell+"/appointments/receipt", h.bookingReceipt)
			app.Get(shell+"/appointments/:office/:service", h.slotIndex)
			app.Get(shell+"/appointments/:office/:service/book", h.bookingNew)
			app.Post(shell+"/appointments/:office/:service/book", h.bookingCreate)
		}
		if h.Accounts != nil {
			staff := h.requireRole(accounts.StaffRoles...)
			app.Get("/staff/bookings", h.staffNoStore, staff, h.staffBookings)
			app.Post("/staff/bookings/cancel", h.staffNoStore, staff, h.staffBookingCancel)
		}
	}

	// Kiosk pages.
	app.Get("/kiosk", h.kioskAttract)
	app.Get("/kiosk/home", h.homeShow)
	app.Get("/kiosk/info", h.infoIndex)
	app.Get("/kiosk/info/:key", h.infoShow)
	app.Get("/kiosk/status", h.statusShow)
	app.Post("/kiosk/status", h.statusLookup)
	app.Get("/kiosk/status/letter", h.statusLetterShow)
	app.Post("/kiosk/status/letter", h.statusLetterLookup)

	// Receipts: the page a receipt's QR code opens (also under /kiosk and
	// /{lang}), the form that leads there, the public keys, and the API.
	app.Get("/r/:token", h.needReceipts, h.receiptShow)
	app.Get("/kiosk/r/:token", h.needReceipts, h.receiptShow)
	app.Get("/verify", h.receiptVerifyForm)
	app.Post("/verify", h.receiptVerifySubmit)
	app.Get("/kiosk/verify", h.receiptVerifyForm)
	app.Post("/kiosk/verify", h.receiptVerifySubmit)
	app.Get("/.well-known/loket-receipt-keys.json", h.needReceipts, h.receiptKeys)
	// Staff console (also lawyers, later municipalities). Every page is
	// no-store; requireRole guards all but sign-in and the second factor.
	if h.Accounts != nil {
		staff := app.Group("/staff", h.staffNoStore)
		staff.Get("/signin", h.staffSigninShow)
		staff.Post("/signin", h.staffSigninPost)
		staff.Get("/totp", h.staffTOTPShow)
		staff.Post("/totp", h.staffTOTPPost)
		staff.Post("/signout", h.staffSignoutPost)
		staff.Get("/", h.requireRole(), h.staffHome)
		staff.Get("/account", h.requireRole(), h.accountShow)
		staff.Post("/account", h.requireRole(), h.accountPasswordPost)
		admin := staff.Group("/admin", h.requireRole(accounts.RoleAdmin))
		admin.Get("/users", h.adminUsersIndex)
		admin.Post("/users", h.adminUsersCreate)
		admin.Post("/users/:id/:action", h.adminUserAction)
		admin.Get("/audit", h.adminAuditIndex)
		admin.Get("/audit.csv", h.adminAuditCSV)
	}
	// Lawyers: the applicant gives and takes back a lawyer's access from
	// the status result; a lawyer links a code and follows their clients;
	// staff register and revoke mandates by hand. See README "Lawyers".
	if h.Mandates != nil {
		app.Post("/status/mandate", h.mandateCreate)
		app.Post("/status/mandate/revoke", h.mandateRevoke)
		app.Get("/feeds/lawyer/:secret.atom", h.lawyerFeed)
		if h.Accounts != nil {
			lawyer := h.requireRole(accounts.RoleLawyer)
			app.Get("/staff/lawyer", lawyer, h.lawyerDashboard)
			app.Get("/staff/lawyer/clients.csv", lawyer, h.lawyerCSV)
			app.Post("/staff/lawyer/feed", lawyer, h.lawyerFeedPost)
			app.Get("/staff/lawyer/link", lawyer, h.lawyerLinkShow)
			app.Post("/staff/lawyer/link", lawyer, h.lawyerLinkPost)
			app.Get("/staff/lawyer/dossiers/:number", lawyer, h.lawyerDossier)
			desk := h.requireRole(accounts.RoleHelpdesk, accounts.RoleSupervisor, accounts.RoleAdmin)
			app.Get("/staff/mandates", desk, h.staffMandates)
			app.Post("/staff/mandates", desk, h.staffMandateCreate)
			app.Post("/staff/mandates/:id/revoke", desk, h.staffMandateRevoke)
		}
	}

	// Statistics: the supervisors' dashboard of self-service use and the
	// Prometheus metrics (only with -metrics-token). See README "Statistics".
	app.Get("/metrics", h.metricsShow)
	if h.Accounts != nil && h.Stats != nil {
		sup := h.requireRole(accounts.RoleSupervisor, accounts.RoleAdmin)
		app.Get("/staff/stats", sup, h.statsDashboard)
		app.Get("/staff/stats.csv", sup, h.statsCSV)
	}

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

	// Queue: kiosk registration, walk-in tickets, check-in, the phone's
	// place in the queue, the hall's call display and the staff desks
	// (staff accounts of the office; the API takes their session cookie).
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
	if h.Accounts != nil && h.Queue != nil {
		staff := h.requireRole(accounts.StaffRoles...)
		app.Get("/staff/desk", h.staffNoStore, staff, h.deskShow)
		app.Post("/staff/desk", h.staffNoStore, staff, h.deskAction)
	}

	// Helpdesk: "I need help" from every page of both shells, the
	// applicant's status page (reference + PIN, never the answer in a GET),
	// and the staff inbox, tickets and canned answers (see README "Helpdesk").
	for _, shell := range []string{"", "/kiosk"} {
		app.Get(shell+"/help", h.helpOn, h.helpNew)
		app.Post(shell+"/help", h.helpOn, h.helpCreate)
		app.Get(shell+"/help/status", h.helpOn, h.helpStatusNew)
		app.Post(shell+"/help/status", h.helpOn, h.helpStatusShow)
		app.Get(shell+"/help/:ref", h.helpOn, h.helpRefShow)
	}
	if h.Accounts != nil && h.Helpdesk != nil {
		desk := h.requireRole(accounts.RoleHelpdesk, accounts.RoleSupervisor, accounts.RoleAdmin)
		app.Get("/staff/inbox", desk, h.staffInbox)
		app.Get("/staff/tickets/:ref", desk, h.staffTicketShow)
		app.Post("/staff/tickets/:ref/:action", desk, h.staffTicketAction)
		canned := h.requireRole(accounts.RoleSupervisor, accounts.RoleAdmin)
		app.Get("/staff/canned", canned, h.staffCannedIndex)
		app.Post("/staff/canned", canned, h.staffCannedSave)
		app.Post("/staff/canned/:id/delete", canned, h.staffCannedDelete)
	}

	// API.
	api := app.Group("/api/v1")
	api.Use(h.requireJSON)
	api.Get("/receipts/verify/:token", h.needReceipts, h.receiptCheck)
	if h.Dossiers != nil {
		api.Get("/processing-times", h.processingTimesJSON)
	}
	api.Get("/receipts/:id.pdf", h.needReceipts, h.receiptPDF)
	api.Get("/backoffice/address-notifications", h.backofficeAddressExport)
	api.Put("/backoffice/address-notifications/:ref/status", h.backofficeAddressStatus)
	api.Post("/backoffice/address-notifications/:ref/status", h.backofficeAddressStatus)

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
	api.Post("/status/lookup", h.statusAPILookup)

	// Back-office feed (bearer tokens from "loket token create").
	bo := api.Group("/backoffice", h.requireToken)
	bo.Put("/dossiers/:number", h.backofficeDossierPut)
	bo.Post("/dossiers/:number/events", h.backofficeEventCreate)
	if h.Accounts != nil && h.Queue != nil {
		api.Post("/queue/call", h.staffNoStore, h.requireRole(accounts.StaffRoles...), h.apiQueueCall)
	}

	app.Use(h.notFound)
}
