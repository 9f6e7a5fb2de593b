package web

import (
	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/web/backoffice"
	"loket/server/web/kit"
	"loket/server/web/public"
	"loket/server/web/staff"
)

// routes is the site map: every line names its path, its guard (who may
// call it) and the package that serves it (k: kit, pub: public, st:
// staff, bo: backoffice). Pages exist in two shells: the phone app at the
// root and the kiosk under /kiosk. The locate middleware strips /kiosk
// and an optional /{lang} like one another, so "/fr/info", "/kiosk/info"
// and "/kiosk/fr/info" reach the route "/info". The verb says the shells:
// m.page and m.pagePost serve both, m.kiosk and m.kioskPost the kiosk
// alone (its registration, tickets and check-in), m.get, m.post, m.put,
// m.patch and m.delete the phone, the staff and the APIs alone.
// Feature switches are decided here, once: a service that is off leaves
// its routes out (404), except receipts, which answer 503.
func routes(app *fiber.App, d Deps, k *kit.Kit, pub *public.Handler, st *staff.Handler, bo *backoffice.Handler) {
	m := siteMap{app}
	// Guards. Each names who may call a route; the guard test checks
	// that nothing under /staff, /municipality, /api/v1/backoffice or
	// /metrics is anonymous.
	anonymous := guard{name: "anonymous"}
	kiosk := guard{"registered kiosk", []fiber.Handler{pub.RequireKiosk}}
	kioskScreen := guard{"kiosk screen", nil} // anonymous, under /kiosk only
	signingIn := guard{"signing in", []fiber.Handler{k.StaffNoStore}}
	staffOf := func(roles ...accounts.Role) guard {
		name := "staff"
		for _, r := range roles {
			name += " " + string(r)
		}
		return guard{name, []fiber.Handler{k.StaffNoStore, k.RequireRole(roles...)}}
	}
	anyStaff := staffOf(accounts.StaffRoles...)
	signedIn := staffOf()
	desk := staffOf(accounts.RoleHelpdesk, accounts.RoleSupervisor, accounts.RoleAdmin)
	supervisors := staffOf(accounts.RoleSupervisor, accounts.RoleAdmin)
	admin := staffOf(accounts.RoleAdmin)
	lawyer := staffOf(accounts.RoleLawyer)
	municipality := guard{"municipality staff", []fiber.Handler{st.RequireMunicipality}}
	bearer := guard{"bearer token", []fiber.Handler{bo.RequireToken}}
	metricsToken := guard{"metrics token", []fiber.Handler{k.RequireMetricsToken}}
	feedSecret := guard{"feed secret in the URL", nil}
	receipts := func(h fiber.Handler) fiber.Handler {
		if d.Receipts == nil {
			return unavailable
		}
		return h
	}

	// Operations and static files: hashed assets, the service worker, the manifest.
	m.get("/healthz", anonymous, k.HealthShow)
	if d.Config.MetricsToken != "" {
		m.get("/metrics", metricsToken, k.MetricsShow)
	}
	m.get("/assets/:name", anonymous, k.AssetShow)
	m.get("/sw.js", anonymous, k.ServiceWorkerShow)
	m.get("/manifest.webmanifest", anonymous, k.ManifestShow)
	m.get("/robots.txt", anonymous, k.RobotsShow)

	// Applicants' pages, phone and kiosk (public).
	m.page("/", anonymous, pub.HomeShow) // the kiosk's is its attract screen
	m.kiosk("/home", kioskScreen, pub.HomeShow)
	m.kiosk("/diagnostics", kioskScreen, pub.KioskDiagnostics)
	m.get("/offline", anonymous, pub.OfflineShow)
	m.get("/sent", anonymous, pub.SentShow)
	m.page("/contact", anonymous, pub.ContactShow)
	m.page("/privacy", anonymous, pub.PrivacyShow)
	m.page("/accessibility", anonymous, pub.AccessibilityShow)
	if d.Dossiers != nil {
		m.page("/processing-times", anonymous, pub.ProcessingTimes)
		m.get("/processing-times.csv", anonymous, pub.ProcessingTimesCSV)
	}
	m.page("/info", anonymous, pub.InfoIndex)
	m.page("/info/search", anonymous, pub.InfoSearch)
	m.page("/info/:key", anonymous, pub.InfoShow)
	m.page("/status", anonymous, pub.StatusShow)
	m.pagePost("/status", anonymous, pub.StatusLookup)
	m.page("/status/result", anonymous, pub.StatusResult)
	m.pagePost("/status/finish", anonymous, pub.StatusFinish)
	m.page("/status/letter", anonymous, pub.StatusLetterShow)
	m.pagePost("/status/letter", anonymous, pub.StatusLetterLookup)
	m.pagePost("/status/receipt", anonymous, pub.StatusReceipt)

	// Appointments (see README "Appointments") and the staff's day sheet.
	if d.Bookings != nil {
		m.page("/appointments", anonymous, pub.OfficeIndex)
		m.page("/appointments/manage", anonymous, pub.BookingManage)
		m.pagePost("/appointments/manage", anonymous, pub.BookingManageShow)
		m.pagePost("/appointments/manage/move", anonymous, pub.BookingMove)
		m.pagePost("/appointments/manage/cancel", anonymous, pub.BookingCancel)
		m.pagePost("/appointments/receipt", anonymous, pub.BookingReceipt)
		m.pagePost("/appointments/calendar", anonymous, pub.BookingCalendar)
		m.page("/appointments/:office/:service", anonymous, pub.SlotIndex)
		m.page("/appointments/:office/:service/book", anonymous, pub.BookingNew)
		m.pagePost("/appointments/:office/:service/book", anonymous, pub.BookingCreate)
		if d.Accounts != nil {
			m.get("/staff/bookings", anyStaff, st.StaffBookings)
			m.post("/staff/bookings/cancel", anyStaff, st.StaffBookingCancel)
			// Office administration: hours, call display, services and
			// closures, without a restart. Supervisors change their own
			// offices only (the handlers check the office: 403), admins
			// every office.
			m.get("/staff/offices", supervisors, st.OfficesIndex)
			m.get("/staff/offices/:office", supervisors, st.OfficeShow)
			m.post("/staff/offices/:office", supervisors, st.OfficeSave)
			m.get("/staff/offices/:office/services", supervisors, st.OfficeServiceNew)
			m.post("/staff/offices/:office/services", supervisors, st.OfficeServiceSave)
			m.get("/staff/offices/:office/services/:service", supervisors, st.OfficeServiceShow)
			m.post("/staff/offices/:office/services/:service", supervisors, st.OfficeServiceSave)
			m.post("/staff/offices/:office/closures", supervisors, st.OfficeClose)
			m.post("/staff/offices/:office/closures/reopen", supervisors, st.OfficeReopen)
		}
	}

	// Receipts: the page a receipt's QR code opens, the form that leads
	// there, the public keys (the API is below).
	m.page("/r/:token", anonymous, receipts(pub.ReceiptShow))
	m.page("/verify", anonymous, pub.ReceiptVerifyForm)
	m.pagePost("/verify", anonymous, pub.ReceiptVerifySubmit)
	m.get("/.well-known/loket-receipt-keys.json", anonymous, receipts(pub.ReceiptKeys))

	// Staff console (staff). Every page is no-store.
	if d.Accounts != nil {
		m.get("/staff/signin", signingIn, st.StaffSigninShow)
		m.post("/staff/signin", signingIn, st.StaffSigninPost)
		m.get("/staff/totp", signingIn, st.StaffTOTPShow)
		m.post("/staff/totp", signingIn, st.StaffTOTPPost)
		m.post("/staff/signout", signingIn, st.StaffSignoutPost)
		m.get("/staff/", signedIn, st.StaffHome)
		m.get("/staff/account", signedIn, st.AccountShow)
		m.post("/staff/account", signedIn, st.AccountPasswordPost)
		m.get("/staff/admin/users", admin, st.AdminUsersIndex)
		m.post("/staff/admin/users", admin, st.AdminUsersCreate)
		m.post("/staff/admin/users/:id/:action", admin, st.AdminUserAction)
		m.get("/staff/admin/audit", admin, st.AdminAuditIndex)
		m.get("/staff/admin/audit.csv", admin, st.AdminAuditCSV)
	}

	// Content editor (staff editor, admin): pages and status texts per
	// language, with preview, review, publish, history and revert.
	if d.Accounts != nil && d.Editor != nil && d.Dossiers != nil {
		editors := staffOf(accounts.RoleEditor, accounts.RoleAdmin)
		m.get("/staff/content", editors, st.ContentIndex)
		m.get("/staff/content/edit", editors, st.ContentEdit)
		m.post("/staff/content/edit", editors, st.ContentPost)
		m.post("/staff/content/preview", editors, st.ContentPreview)
	}

	// Lawyers: the applicant gives and takes back a lawyer's access from
	// the status result (public); a lawyer links a code and follows their
	// clients; staff register and revoke mandates (staff). See README "Lawyers".
	if d.Mandates != nil {
		m.post("/status/mandate", anonymous, pub.MandateCreate)
		m.post("/status/mandate/revoke", anonymous, pub.MandateRevoke)
		m.post("/status/mandate/cancel", anonymous, pub.MandateCodeCancel)
		m.get("/feeds/lawyer/:secret.atom", feedSecret, st.LawyerFeed)
		if d.Accounts != nil {
			m.get("/staff/lawyer", lawyer, st.LawyerDashboard)
			m.get("/staff/lawyer/clients.csv", lawyer, st.LawyerCSV)
			m.post("/staff/lawyer/feed", lawyer, st.LawyerFeedPost)
			if d.Notify != nil {
				m.post("/staff/lawyer/digest", lawyer, st.LawyerDigestPost)
			}
			m.get("/staff/lawyer/link", lawyer, st.LawyerLinkShow)
			m.post("/staff/lawyer/link", lawyer, st.LawyerLinkPost)
			m.get("/staff/lawyer/dossiers/:number", lawyer, st.LawyerDossier)
			m.post("/staff/lawyer/dossiers/:number/label", lawyer, st.LawyerLabelPost)
			if d.LawyerTokens != nil {
				m.post("/staff/lawyer/tokens", lawyer, st.LawyerTokenPost)
			}
			m.get("/staff/mandates", desk, st.StaffMandates)
			m.post("/staff/mandates", desk, st.StaffMandateCreate)
			m.post("/staff/mandates/:id/revoke", desk, st.StaffMandateRevoke)
		}
	}

	// Statistics: the supervisors' dashboard (staff). See README "Statistics".
	if d.Accounts != nil && d.Stats != nil {
		m.get("/staff/stats", supervisors, st.StatsDashboard)
		m.get("/staff/stats.csv", supervisors, st.StatsCSV)
	}

	// Address notification: visitors on the phone and the kiosk (public),
	// the municipality's staff (staff); the back office's export is below.
	m.page("/address", anonymous, pub.AddressNew)
	m.pagePost("/address", anonymous, pub.AddressCreate)
	m.page("/address/change", anonymous, pub.AddressChangeNew)
	m.pagePost("/address/change", anonymous, pub.AddressChangeStart)
	m.page("/address/status", anonymous, pub.AddressStatusNew)
	m.pagePost("/address/status", anonymous, pub.AddressStatusShow)
	m.get("/municipality/address", municipality, st.MunicipalityAddressList)
	m.get("/municipality/address.csv", municipality, st.MunicipalityAddressCSV)
	m.get("/municipality/address/:ref", municipality, st.MunicipalityAddressShow)
	m.post("/municipality/address/:ref/status", municipality, st.MunicipalityAddressStatus)

	// Queue: kiosk registration, walk-in tickets, check-in, the phone's
	// place in the queue, the hall's call display (public) and the staff
	// desks (staff).
	if d.Queue != nil {
		m.kiosk("/register", kioskScreen, pub.KioskRegisterShow)
		m.kioskPost("/register", kioskScreen, pub.KioskRegister)
		m.kiosk("/ticket", kiosk, pub.TicketServices)
		m.kioskPost("/ticket", kiosk, pub.TicketTake)
		m.kiosk("/ticket/:id", kiosk, pub.TicketShow)
		m.kiosk("/ticket/:id/pdf", kiosk, pub.TicketPDF)
		m.kiosk("/checkin", kiosk, pub.CheckinShow)
		m.kioskPost("/checkin", kiosk, pub.Checkin)
		m.kiosk("/checkin/dossier", kiosk, pub.CheckinDossierShow)
		m.kioskPost("/checkin/dossier", kiosk, pub.CheckinDossier)
		m.get("/q/:token", anonymous, pub.TicketPlace)
		m.get("/q/:token/events", anonymous, pub.TicketPlaceEvents)
		m.get("/display/:office", anonymous, pub.DisplayShow)
		m.get("/display/:office/events", anonymous, pub.DisplayEvents)
		m.get("/display/:office/call.wav", anonymous, pub.DisplayCallAudio)
		if d.Accounts != nil {
			m.get("/staff/desk", anyStaff, st.DeskShow)
			m.post("/staff/desk", anyStaff, st.DeskAction)
			m.get("/staff/desk/overview", supervisors, st.DeskOverview)
			m.get("/staff/desk/ticket", supervisors, st.DeskTicketHistory)
		}
	}

	// Helpdesk: "I need help" from every page of both shells, the
	// applicant's status page (reference + PIN, never the answer in a GET)
	// (public), and the staff inbox, escalations and canned answers (staff).
	if d.Helpdesk != nil {
		m.page("/help", anonymous, pub.HelpNew)
		m.pagePost("/help", anonymous, pub.HelpCreate)
		m.page("/help/status", anonymous, pub.HelpStatusNew)
		m.pagePost("/help/status", anonymous, pub.HelpStatusShow)
		m.page("/help/:ref", anonymous, pub.HelpRefShow)
		if d.Accounts != nil {
			m.get("/staff/inbox", desk, st.StaffInbox)
			m.post("/staff/inbox/bulk", desk, st.StaffInboxBulk)
			m.post("/staff/inbox/filters", desk, st.StaffInboxFilterSave)
			m.post("/staff/inbox/filters/delete", desk, st.StaffInboxFilterDelete)
			m.get("/staff/escalations/:ref", desk, st.StaffEscalationShow)
			if d.Mandates != nil {
				m.get("/staff/lawyer/help", lawyer, st.LawyerHelpShow)
				m.post("/staff/lawyer/help", lawyer, st.LawyerHelpPost)
			}
			m.post("/staff/escalations/:ref/:action", desk, st.StaffEscalationAction)
			m.get("/staff/tickets/:ref", desk, st.EscalationMoved)
			m.get("/staff/canned", supervisors, st.StaffCannedIndex)
			m.post("/staff/canned", supervisors, st.StaffCannedSave)
			m.post("/staff/canned/:id/delete", supervisors, st.StaffCannedDelete)
		}
	}

	// Notifications: "tell me when this changes" from the status result and
	// the booking confirmation, the push key, and the one-tap unsubscribe
	// (public). See README "Notifications".
	if d.Notify != nil {
		m.get("/.well-known/loket-push-key.json", anonymous, pub.NotifyKey)
		m.pagePost("/notify/email", anonymous, pub.NotifyEmail)
		m.page("/notify/stop/:id", anonymous, pub.NotifyStopShow)
		m.pagePost("/notify/stop/:id", anonymous, pub.NotifyStop)
		if d.Accounts != nil {
			m.get("/staff/outbox", supervisors, st.OutboxShow)
			m.post("/staff/outbox/notice", supervisors, st.OutboxNotice)
		}
	}

	// JSON API: every write must be JSON, nothing is cached. Its OpenAPI
	// document, and the same as a page.
	m.get("/api/docs", anonymous, pub.APIDocsShow)
	app.Use("/api/v1", k.RequireJSON)
	m.get("/api/v1/openapi.json", anonymous, pub.OpenAPIShow)
	m.get("/api/v1/receipts/verify/:token", anonymous, receipts(pub.ReceiptCheck))
	m.get("/api/v1/receipts/:id.pdf", anonymous, receipts(pub.ReceiptPDF))
	m.post("/api/v1/status/lookup", anonymous, pub.StatusAPILookup)
	m.get("/api/v1/challenge", anonymous, pub.WriteChallenge)
	if d.Dossiers != nil {
		m.get("/api/v1/processing-times", anonymous, pub.ProcessingTimesJSON)
	}
	if d.Notify != nil {
		m.post("/api/v1/notify/push", anonymous, pub.NotifyPushAPI)
	}
	if d.Bookings != nil {
		m.get("/api/v1/offices", anonymous, pub.OfficeIndexAPI)
		m.get("/api/v1/offices/:id/services", anonymous, pub.OfficeServicesAPI)
		m.get("/api/v1/slots", anonymous, pub.SlotIndexAPI)
		m.post("/api/v1/bookings", anonymous, pub.BookingCreateAPI)
		m.get("/api/v1/bookings/challenge", anonymous, pub.BookingChallenge)
		m.get("/api/v1/bookings/:ref.ics", anonymous, pub.BookingCalendarAPI)
		m.get("/api/v1/bookings/:ref", anonymous, pub.BookingShowAPI)
		m.patch("/api/v1/bookings/:ref", anonymous, pub.BookingUpdateAPI)
		m.delete("/api/v1/bookings/:ref", anonymous, pub.BookingCancelAPI)
	}
	if d.Accounts != nil && d.Queue != nil {
		m.post("/api/v1/queue/call", anyStaff, st.APIQueueCall)
	}
	// Lawyers' software: their clients' dossiers, with a lawyer API token.
	if d.Mandates != nil && d.LawyerTokens != nil {
		lawyerToken := guard{"lawyer API token", []fiber.Handler{st.RequireLawyerToken}}
		m.get("/api/v1/lawyer/dossiers", lawyerToken, st.LawyerAPIDossiers)
		m.get("/api/v1/lawyer/dossiers/:number", lawyerToken, st.LawyerAPIDossier)
	}

	// Back office (backoffice): the dossier feed and the address export,
	// bearer tokens from "loket token create".
	if d.Address != nil {
		m.get("/api/v1/backoffice/address-notifications", bearer, bo.BackofficeAddressExport)
		m.put("/api/v1/backoffice/address-notifications/:ref/status", bearer, bo.BackofficeAddressStatus)
		m.post("/api/v1/backoffice/address-notifications/:ref/status", bearer, bo.BackofficeAddressStatus)
	}
	m.put("/api/v1/backoffice/dossiers/:number", bearer, bo.BackofficeDossierPut)
	m.post("/api/v1/backoffice/dossiers/:number/events", bearer, bo.BackofficeEventCreate)

	app.Use(k.MethodNotAllowed, k.NotFound)
}
