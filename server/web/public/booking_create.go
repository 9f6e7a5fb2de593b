package public

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"html/template"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/bookings"
	"loket/server/locale"
	"loket/server/notify"
	"loket/server/refusal"
	"loket/server/stats"
	"loket/server/web/kit"
)

// bookAttempt is one booking submission from the API or a form.
type bookAttempt struct {
	req                   bookings.Request
	powToken, powSolution string
	// noJS allows a submission without proof of work (a browser without
	// JavaScript) under the stricter no-JS limit.
	noJS bool
}

// submitBooking applies the per-address limits and the proof of work, then books.
func (h *Handler) submitBooking(c *fiber.Ctx, a bookAttempt) (bookings.Confirmation, error) {
	ip := h.ClientIP(c)
	if !h.book.create.Allow(ip) {
		return bookings.Confirmation{}, kit.TooMany(c, h.book.create, ip)
	}
	if h.Config.BookingPoW {
		switch {
		case a.powToken == "" && a.noJS:
			if !h.book.createNoJS.Allow(ip) {
				return bookings.Confirmation{}, kit.TooMany(c, h.book.createNoJS, ip)
			}
		case a.powToken == "":
			// No proof where one is needed: the same answer as a wrong one.
			return bookings.Confirmation{}, bookings.ErrChallengeInvalid
		case h.book.pow.seen(a.powToken, a.req.IdempotencyKey):
			// The same form again: its idempotency key finds the booking.
		default:
			if err := h.Bookings.VerifyPoW(a.powToken, a.powSolution); err != nil {
				return bookings.Confirmation{}, err
			}
			if err := h.useProof(c.UserContext(), a.powToken, a.req.IdempotencyKey); err != nil {
				return bookings.Confirmation{}, err
			}
			h.book.pow.remember(a.powToken, a.req.IdempotencyKey, h.Now(), powTTL)
		}
	}
	a.req.Client = ip
	a.req.Lang = h.Printer(c).Lang()
	return h.Bookings.Book(c.UserContext(), a.req)
}

// ProofLedger records which form (idempotency key) each proof of work
// served, for all instances: UseProof returns the form the proof served
// first, this one if none (see postgres.Store.UseProof).
type ProofLedger interface {
	UseProof(ctx context.Context, token, form string, now, expires time.Time) (string, error)
}

// useProof checks a verified proof against the other instances' use of
// it: a proof that served another form is a replay; the same form again
// passes on to the booking's idempotency check. A form without an
// idempotency key counts as a form of its own.
func (h *Handler) useProof(ctx context.Context, token, form string) error {
	if h.Proofs == nil {
		return nil
	}
	if form == "" {
		form = "once:" + rand.Text()
	}
	now := h.Now()
	first, err := h.Proofs.UseProof(ctx, token, form, now, now.Add(powTTL))
	if err != nil {
		return err
	}
	if first != form {
		return bookings.ErrChallengeReplayed
	}
	return nil
}

// bookingRequestJSON is the API's booking body.
type bookingRequestJSON struct {
	Office         string `json:"office"`
	Service        string `json:"service"`
	Start          string `json:"start"`
	Dossier        string `json:"dossier"`
	BirthDate      string `json:"birth_date"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	IdempotencyKey string `json:"idempotency_key"`
	PoWToken       string `json:"pow_token"`
	PoWSolution    string `json:"pow_solution"`
}

// bookingCreateAPI books a slot: 201 with the reference, the PIN (shown
// this once) and the booking; the same idempotency key again gives 200
// and the same booking. A slot taken meanwhile is a 409 with the next free
// slots.
func (h *Handler) BookingCreateAPI(c *fiber.Ctx) error {
	var in bookingRequestJSON
	if ok, err := h.DecodeJSON(c, &in); !ok {
		return err
	}
	var fields []refusal.Field
	p := h.Printer(c)
	need := func(field, value string) {
		if value == "" {
			fields = append(fields, refusal.Field{Field: field, Code: "required", Key: "form.error.required"})
		}
	}
	need("office", in.Office)
	need("service", in.Service)
	need("start", in.Start)
	start, err := time.Parse(time.RFC3339, in.Start)
	if in.Start != "" && err != nil {
		fields = append(fields, refusal.Field{Field: "start", Code: "date_format", Key: "booking.error.start_format"})
	}
	var birth bookings.Date
	if in.BirthDate != "" {
		if birth, err = bookings.ParseDate(in.BirthDate); err != nil {
			fields = append(fields, refusal.Field{Field: "birth_date", Code: "date_format", Key: "form.error.date_format"})
		}
	}
	if len(fields) > 0 {
		return h.APIFail(c, fiber.StatusUnprocessableEntity, "invalid", locale.NewError("error.invalid.text"), fields...)
	}
	conf, err := h.submitBooking(c, bookAttempt{
		req: bookings.Request{OfficeID: in.Office, ServiceID: in.Service, Start: start, Dossier: in.Dossier,
			BirthDate: birth, Phone: in.Phone, Email: in.Email, IdempotencyKey: in.IdempotencyKey},
		powToken: in.PoWToken, powSolution: in.PoWSolution,
	})
	if errors.Is(err, bookings.ErrSlotFull) {
		return h.slotFullAPI(c, in.Office, in.Service, start)
	}
	if err != nil {
		return h.bookingAPIFail(c, err)
	}
	kit.Private(c)
	status := fiber.StatusCreated
	if conf.Replayed {
		status = fiber.StatusOK
	}
	return kit.SendJSON(c.Status(status), fiber.Map{"reference": conf.Booking.Ref.String(), "pin": conf.PIN,
		"booking": h.newBookingView(conf.Booking, p)})
}

// slotFullBody is the 409 of a full slot: the error and what to try next.
type slotFullBody struct {
	kit.APIError
	Next []slotJSON `json:"next"`
}

func (h *Handler) slotFullAPI(c *fiber.Ctx, officeID, serviceID string, after time.Time) error {
	slots, err := h.Bookings.NextFree(c.UserContext(), officeID, serviceID, after, NextFreeCount)
	if err != nil {
		return err
	}
	p := h.Printer(c)
	msg := p.T(bookings.ErrSlotFull.Key)
	rid := kit.StateOf(c).RequestID
	body := slotFullBody{APIError: kit.APIError{Error: kit.APIErrorBody{Code: "slot_full", Message: msg, RequestID: rid,
		Fields: []kit.APIField{{Field: "start", Code: "slot_full", Message: msg}}}}, Next: []slotJSON{}}
	for _, s := range slots {
		body.Next = append(body.Next, slotJSON{Start: s.Start, Time: s.Local.Format("15:04"), Remaining: s.Remaining})
	}
	return kit.SendJSON(c.Status(fiber.StatusConflict), body)
}

// bookingFormID is the form for a service: with dossier number and birth
// date when the service requires them.
func bookingFormID(s bookings.Service) string {
	if s.DossierRequired {
		return "booking_dossier"
	}
	return "booking"
}

// bookingFormPage is what the booking form page shows.
type bookingFormPage struct {
	Office  officeView
	Service serviceView
	Slot    slotLink
	Form    any
	// Full is set when the chosen time was taken meanwhile; Next then
	// offers the next free times.
	Full bool
	Next []slotLink
	// SlotsPath leads back to the slot page.
	SlotsPath string
	// PoW tells booking.js to solve a proof of work before the form is sent.
	PoW bool
}

// newFormToken is the idempotency key a form carries: the same form sent
// twice (a double tap, a reload, a phone's replay once back online) makes
// one booking, help request or address notification.
func newFormToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// postedFormToken is the idempotency key a form was sent with, or a fresh
// one when it carries none fit for use.
func postedFormToken(posted url.Values) string {
	if t := posted.Get("idempotency_key"); t != "" && len(t) <= 64 {
		return t
	}
	return newFormToken()
}

// bookingNew shows the booking form for one slot.
func (h *Handler) BookingNew(c *fiber.Ctx) error {
	o, s, ok := h.officeService(c)
	if !ok {
		return fiber.ErrNotFound
	}
	start, err := time.Parse(time.RFC3339, c.Query("start"))
	if err != nil {
		// No time chosen (a language switch or a bookmark without one):
		// the list of free times, not a dead end.
		return c.Redirect(kit.URL(c, "/appointments/"+o.ID+"/"+s.ID), fiber.StatusSeeOther)
	}
	values := map[string]string{"slot": start.UTC().Format(time.RFC3339)}
	return h.renderBookingForm(c, o, s, start, values, nil, newFormToken(), false)
}

// renderBookingForm draws the form with the slot chosen, errors if any,
// and a fresh or the posted idempotency key.
func (h *Handler) renderBookingForm(c *fiber.Ctx, o bookings.Office, s bookings.Service, start time.Time,
	values map[string]string, errs []refusal.Field, token string, full bool) error {
	p := h.Printer(c)
	loc, err := o.Location()
	if err != nil {
		return err
	}
	form := h.form(bookingFormID(s))
	csrf := kit.StateOf(c).CSRF
	shell := kit.StateOf(c).Shell
	data := bookingFormPage{
		Office: newOfficeView(o, p), Service: newServiceView(s, p), Full: full, PoW: h.Config.BookingPoW,
		Slot:      newSlotLink(o, s.ID, bookings.Slot{Start: start, Local: start.In(loc)}, p),
		SlotsPath: "/appointments/" + o.ID + "/" + s.ID,
	}
	if len(errs) > 0 {
		kit.KeepOnLanguageSwitch(c, "form-"+bookingFormID(s))
	}
	data.Form = form.Render(p, forms.RenderOptions{CSRF: csrf, Values: values, Errors: errs, Kiosk: shell == kit.ShellKiosk,
		Now: h.Now().In(loc), ExtraHidden: map[string]string{"idempotency_key": token, "pow_token": "", "pow_solution": ""}})
	if full {
		if data.Next, err = h.nextFree(c, o, s.ID, p); err != nil {
			return err
		}
	}
	kit.Private(c)
	return h.Render(c, "booking_form", form.TitleKey(), data)
}

// formFields maps the domain's fields to the form's.
var formFields = map[string]string{"start": "slot", "dossier": "dossier", "phone": "phone"}

// bookingCreate takes the booking form. Without JavaScript there is no
// proof of work; such posts pass under the stricter no-JS limit. A
// language switch from a refused form shows it again, filled in.
func (h *Handler) BookingCreate(c *fiber.Ctx) error {
	o, s, ok := h.officeService(c)
	if !ok {
		return fiber.ErrNotFound
	}
	loc, err := o.Location()
	if err != nil {
		return err
	}
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	form := h.form(bookingFormID(s))
	res := form.Validate(posted, h.Now().In(loc))
	token := postedFormToken(posted)
	start, err := time.Parse(time.RFC3339, res.Values["slot"])
	if err != nil {
		return fiber.ErrBadRequest
	}
	if !res.OK() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderBookingForm(c, o, s, start, res.Values, res.Errors, token, false)
	}
	if kit.LanguageSwitch(posted) {
		return h.renderBookingForm(c, o, s, start, res.Values, nil, token, false)
	}
	birth, _ := bookings.ParseDate(res.Values["birth_date"])
	conf, err := h.submitBooking(c, bookAttempt{
		req: bookings.Request{OfficeID: o.ID, ServiceID: s.ID, Start: start, Dossier: res.Values["dossier"], BirthDate: birth,
			Phone: res.Values["phone"], Email: res.Values["email"], IdempotencyKey: token},
		powToken: posted.Get("pow_token"), powSolution: posted.Get("pow_solution"), noJS: true,
	})
	if err != nil {
		be, f, ok := kit.BookingRefusal(err)
		if !ok {
			return err
		}
		field := formFields[f.Field]
		if field == "" {
			field = "slot"
		}
		c.Status(f.Status)
		return h.renderBookingForm(c, o, s, start, res.Values, []refusal.Field{{Field: field, Key: be.Key}}, token,
			errors.Is(err, bookings.ErrSlotFull))
	}
	h.Count(c, stats.Event{Name: stats.BookingCreate, Office: o.ID, Category: s.ID})
	return h.renderConfirmation(c, conf)
}

// confirmPage is the confirmation page: the code and PIN to keep.
type confirmPage struct {
	Booking bookingView
	PIN     string
	// Follow offers reminders and changes by push or e-mail (nil: none).
	Follow *followView
	// QR is what the kiosk scans to check in (see bookingQR).
	QR template.HTML
}

func (h *Handler) renderConfirmation(c *fiber.Ctx, conf bookings.Confirmation) error {
	qr, err := h.bookingQR(c, conf.Booking)
	if err != nil {
		return err
	}
	kit.Private(c)
	c.Status(fiber.StatusOK)
	return h.Render(c, "booking_confirm", "booking.confirm.heading", confirmPage{
		Booking: h.newBookingView(conf.Booking, h.Printer(c)), PIN: conf.PIN, QR: qr,
		Follow: h.follow(c, notify.BookingSubject(conf.Booking.Ref)),
	})
}
