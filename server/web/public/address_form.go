package public

import (
	"errors"
	"html/template"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/address"
	"loket/server/refusal"
	"loket/server/stats"
	"loket/server/web/kit"
)

// addressFormPage is what address_form.html prints.
type addressFormPage struct {
	Form     template.HTML
	LongStay bool
	// Changing is the reference of the notification being replaced.
	Changing string
	// PoW says the form needs a proof of work (see admitWrite).
	PoW bool
}

// addressFields maps form fields to the domain's input.
func addressInput(v map[string]string, lang string) address.Input {
	return address.Input{
		Surname: v["surname"], GivenNames: v["given_names"], BirthDate: v["birth_date"],
		Nationality: v["nationality"], DocType: v["doc_type"], DocNumber: v["doc_number"],
		EntryDate: v["entry_date"], Street: v["street"], Number: v["number"], Box: v["box"],
		Postcode: v["postcode"], Municipality: v["municipality"], DepartureDate: v["departure_date"],
		Phone: v["phone"], Email: v["email"], Lang: lang,
	}
}

func addressValues(in address.Input) map[string]string {
	return map[string]string{
		"surname": in.Surname, "given_names": in.GivenNames, "birth_date": in.BirthDate,
		"nationality": in.Nationality, "doc_type": in.DocType, "doc_number": in.DocNumber,
		"entry_date": in.EntryDate, "street": in.Street, "number": in.Number, "box": in.Box,
		"postcode": in.Postcode, "municipality": in.Municipality, "departure_date": in.DepartureDate,
		"phone": in.Phone, "email": in.Email,
	}
}

// addressChoices are the country and municipality lists in the reader's
// language.
func (h *Handler) addressChoices(lang string) map[string][]forms.Choice {
	conv := func(opts []address.Option) []forms.Choice {
		out := make([]forms.Choice, len(opts))
		for i, o := range opts {
			out[i] = forms.Choice{Value: o.Code, Label: o.Name}
		}
		return out
	}
	return map[string][]forms.Choice{
		"nationality":  conv(h.Address.Countries().Options(lang)),
		"municipality": conv(h.Address.Directory().Options(lang)),
	}
}

func (h *Handler) addressForm() (*forms.Form, error) {
	if h.Address == nil {
		return nil, fiber.ErrNotFound
	}
	return h.form("address_notification"), nil
}

// renderAddressForm draws the notification form with values and errors;
// hidden carries an address change's previous reference and PIN.
func (h *Handler) renderAddressForm(c *fiber.Ctx, values map[string]string, errs []refusal.Field, longStay bool, hidden map[string]string) error {
	f, err := h.addressForm()
	if err != nil {
		return err
	}
	p := h.Printer(c)
	csrf := kit.StateOf(c).CSRF
	shell := kit.StateOf(c).Shell
	html := f.Render(p, forms.RenderOptions{
		Action: kit.URL(c, "/address"), CSRF: csrf, Values: values, Errors: errs, Kiosk: shell == kit.ShellKiosk,
		ExtraHidden: withPoWFields(hidden), Now: h.Address.Now(), Choices: h.addressChoices(p.Lang()),
	})
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		kit.KeepOnLanguageSwitch(c, "form-address_notification")
	}
	kit.Private(c)
	return h.Render(c, "address_form", f.TitleKey(), addressFormPage{Form: html, LongStay: longStay, Changing: hidden["previous_ref"],
		PoW: h.needsProof(c, writeAddress)})
}

// addressNew shows the empty form.
func (h *Handler) AddressNew(c *fiber.Ctx) error {
	return h.renderAddressForm(c, nil, nil, false, map[string]string{"idempotency_key": newFormToken()})
}

// addressCreate records a notification, or an address change when the
// post carries the previous reference and PIN, and shows the receipt.
// A refused post shows the form again with every value kept, and so does
// a language switch from that page.
func (h *Handler) AddressCreate(c *fiber.Ctx) error {
	f, err := h.addressForm()
	if err != nil {
		return err
	}
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	res := f.Validate(posted, h.Address.Now())
	p := h.Printer(c)
	in := addressInput(res.Values, p.Lang())
	hidden := map[string]string{"idempotency_key": postedFormToken(posted)}
	in.IdempotencyKey = hidden["idempotency_key"]
	prev, pin := posted.Get("previous_ref"), posted.Get("previous_pin")
	if prev != "" {
		hidden["previous_ref"], hidden["previous_pin"] = prev, pin
	}
	errs := res.Errors
	v := h.Address.Check(in)
	errs = refusal.Merge(errs, v)
	longStay := address.LongStay(v)
	if len(errs) > 0 || kit.LanguageSwitch(posted) {
		return h.renderAddressForm(c, res.Values, errs, longStay, hidden)
	}
	if err := h.admitWrite(c, writeAddress, posted.Get("pow_token"), posted.Get("pow_solution")); err != nil {
		return err
	}
	var sub address.Submission
	if prev != "" {
		sub, err = h.Address.Change(c.UserContext(), prev, pin, in)
	} else {
		sub, err = h.Address.Submit(c.UserContext(), in)
	}
	switch {
	case errors.Is(err, address.ErrInvalid):
		v, _ := refusal.As(err)
		return h.renderAddressForm(c, res.Values, v.Fields, address.LongStay(v), hidden)
	case errors.Is(err, address.ErrSuperseded), errors.Is(err, address.ErrBadPIN), errors.Is(err, address.ErrLocked), errors.Is(err, address.ErrNotFound):
		return h.renderAddressForm(c, res.Values, []refusal.Field{{Field: "surname", Key: addressLookupKey(err)}}, false, hidden)
	case err != nil:
		return err
	}
	if !sub.Replayed {
		h.Count(c, stats.Event{Name: stats.AddressNotice})
	}
	return h.renderAddressDone(c, sub)
}

// addressLookupKey is the message for a failed reference and PIN check.
func addressLookupKey(err error) string {
	switch {
	case errors.Is(err, address.ErrLocked):
		return "address.error.locked"
	case errors.Is(err, address.ErrSuperseded):
		return "address.error.superseded"
	}
	return "address.error.not_found"
}

// addressDonePage is what address_done.html prints.
type addressDonePage struct {
	Reference, PIN, Municipality, ReceiptURL string
}

func (h *Handler) renderAddressDone(c *fiber.Ctx, sub address.Submission) error {
	p := h.Printer(c)
	m, _ := h.Address.Municipality(sub.Notification.Municipality)
	kit.Private(c)
	return h.Render(c, "address_done", "address.done.title", addressDonePage{
		Reference: sub.Notification.Ref.String(), PIN: sub.PIN, Municipality: m.Name(p.Lang()),
		ReceiptURL: receiptPDFURL(sub.Receipt.ID, sub.Notification.ReceiptToken, p.Lang()),
	})
}

// receiptPDFURL is the receipts route's download link,
// GET /api/v1/receipts/{id}.pdf?token=..., behind the /{lang} prefix that
// every route takes, so the PDF comes in the reader's language.
func receiptPDFURL(id, token, lang string) string {
	return "/" + lang + "/api/v1/receipts/" + url.PathEscape(id) + ".pdf?" + url.Values{"token": {token}}.Encode()
}

// addressChangeNew asks for the reference and PIN of the notification to
// replace.
func (h *Handler) AddressChangeNew(c *fiber.Ctx) error {
	return h.renderLookupForm(c, "address_change", "/address/change", nil, nil)
}

// addressChangeStart checks the reference and PIN, then shows the
// notification form prefilled with the first notification's answers.
func (h *Handler) AddressChangeStart(c *fiber.Ctx) error {
	res, n, err := h.addressLookup(c, "address_change")
	if err != nil {
		return err
	}
	if !res.OK() {
		return h.renderLookupForm(c, "address_change", "/address/change", res.Values, res.Errors)
	}
	if n.SupersededBy != "" {
		return h.renderLookupForm(c, "address_change", "/address/change", res.Values,
			[]refusal.Field{{Field: "reference", Key: "address.error.superseded"}})
	}
	values := addressValues(n.Input())
	return h.renderAddressForm(c, values, nil, false, map[string]string{"previous_ref": n.Ref.String(), "previous_pin": res.Values["pin"],
		"idempotency_key": newFormToken()})
}

// addressLookup validates a reference + PIN form and looks the
// notification up; a failed lookup comes back as a field error.
func (h *Handler) addressLookup(c *fiber.Ctx, formID string) (forms.Result, address.Notification, error) {
	if h.Address == nil {
		return forms.Result{}, address.Notification{}, fiber.ErrNotFound
	}
	f := h.form(formID)
	posted, err := kit.PostedForm(c)
	if err != nil {
		return forms.Result{}, address.Notification{}, err
	}
	res := f.Validate(posted, h.Address.Now())
	if !res.OK() {
		return res, address.Notification{}, nil
	}
	n, err := h.Address.Lookup(c.UserContext(), res.Values["reference"], res.Values["pin"])
	switch {
	case errors.Is(err, address.ErrNotFound), errors.Is(err, address.ErrBadPIN), errors.Is(err, address.ErrLocked):
		res.Errors = []refusal.Field{{Field: "reference", Key: addressLookupKey(err)}}
		return res, n, nil
	case err != nil:
		return res, n, err
	}
	return res, n, nil
}

// lookupPage is what address_lookup.html prints.
type lookupPage struct {
	Form template.HTML
}

func (h *Handler) renderLookupForm(c *fiber.Ctx, formID, action string, values map[string]string, errs []refusal.Field) error {
	if h.Address == nil {
		return fiber.ErrNotFound
	}
	f := h.form(formID)
	csrf := kit.StateOf(c).CSRF
	shell := kit.StateOf(c).Shell
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		// A PIN is never shown again.
		values = map[string]string{"reference": values["reference"]}
	}
	html := f.Render(h.Printer(c), forms.RenderOptions{Action: kit.URL(c, action), CSRF: csrf, Values: values,
		Errors: errs, Kiosk: shell == kit.ShellKiosk, Now: h.Address.Now()})
	kit.Private(c)
	return h.Render(c, "address_lookup", f.TitleKey(), lookupPage{Form: html})
}
