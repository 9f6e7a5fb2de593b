package public

import (
	"crypto/subtle"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/server/receipts"
	"loket/server/web/kit"
)

// receiptGuard reports whether a request may download the PDF of the
// receipt with this id. The receipt's own token is the first guard; a
// booking PIN or a staff session are later ones, appended in New.
type receiptGuard func(c *fiber.Ctx, id string) (bool, error)

// receiptTokenGuard admits a request whose ?token= verifies and names
// this very receipt (compared in constant time).
func (h *Handler) receiptTokenGuard(c *fiber.Ctx, id string) (bool, error) {
	token := c.Query("token")
	if token == "" {
		return false, nil
	}
	st, err := h.checkReceipt(c.UserContext(), token)
	if err != nil || !st.Genuine {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(st.Receipt.ID), []byte(id)) == 1, nil
}

// receiptPDF serves GET /api/v1/receipts/{id}.pdf?format=a4|80mm&token=…
// in the reader's language, with the key facts again in the office's
// language. Without a guard's consent the answer is 404, whether or not
// the id exists.
func (h *Handler) ReceiptPDF(c *fiber.Ctx) error {
	format, err := receipts.ParseFormat(c.Query("format", string(receipts.FormatA4)))
	if err != nil {
		return h.APIFail(c, fiber.StatusBadRequest, "format", locale.NewError("receipt.pdf.format"))
	}
	id := strings.Clone(c.Params("id"))
	allowed := false
	for _, guard := range h.receiptGuards {
		ok, err := guard(c, id)
		if err != nil {
			return err
		}
		if ok {
			allowed = true
			break
		}
	}
	if !allowed {
		return fiber.ErrNotFound
	}
	r, err := h.Receipts.Get(c.UserContext(), id)
	if errors.Is(err, receipts.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	b, err := h.Receipts.PDF(c.UserContext(), id, format, h.ReceiptDocument(h.Printer(c), r))
	if errors.Is(err, receipts.ErrRevoked) {
		return h.APIFail(c, fiber.StatusGone, "revoked", locale.NewError("receipt.pdf.revoked"))
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+ReceiptFilename(r.Reference)+`"`)
	kit.Private(c)
	return c.Send(b)
}

// ReceiptFilename is "receipt-<reference>.pdf" with only safe bytes: a
// reference may hold '/', which no file name may.
func ReceiptFilename(ref string) string {
	clean := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '-'
	}, ref)
	return "receipt-" + clean + ".pdf"
}

// bringKinds are the receipts for a visit to the office: they list what to
// bring.
var bringKinds = map[receipts.Kind]bool{
	receipts.KindBookingConfirmed: true, receipts.KindBookingMoved: true, receipts.KindKioskCheckIn: true,
}

// BringKeys are the lines of "what to bring" for a visit whose service
// is not known (a check-in, an older booking receipt).
var BringKeys = []string{"receipt.bring.id", "receipt.bring.letters", "receipt.bring.receipt"}

// ReceiptDocument is the receipt's text in p's language and the office
// block in Dutch or French.
func (h *Handler) ReceiptDocument(p *locale.Printer, r receipts.Receipt) receipts.Document {
	if d, ok := h.AddressReceiptDocument(p.Lang(), r); ok {
		return d
	}
	labels := map[string]string{}
	for _, k := range r.Kind.FieldKeys() {
		labels[k] = p.T("receipt.field." + k)
	}
	d := receipts.Document{
		Lang: p.Lang(), RTL: p.Dir() == "rtl",
		OfficeName:     p.T("receipt.issuer"),
		Title:          p.T("receipt.title." + string(r.Kind)),
		ReferenceLabel: p.T("receipt.reference"),
		TimeLabel:      p.T("receipt.time"),
		When:           when(p, r.At, h.Office),
		FieldLabels:    labels,
		FieldValues:    h.fieldValues(p.Lang(), r),
		VerifyHint:     p.T("receipt.verify_hint"),
	}
	if o, sv, ok := h.bookedPlace(r); ok {
		// A booking's receipt says where and what to bring in the words
		// of the booking page.
		d.AddressLabel, d.Address = p.T("booking.label.office"), []string{o.Name, o.Address}
		d.BringLabel = p.T("booking.label.bring")
		for _, k := range sv.Checklist {
			d.Bring = append(d.Bring, p.T(k))
		}
	} else if bringKinds[r.Kind] {
		d.BringLabel = p.T("receipt.bring")
		for _, k := range BringKeys {
			d.Bring = append(d.Bring, p.T(k))
		}
	}
	op := h.Catalogs.Printer(h.officeLang(r))
	officeLabels := map[string]string{}
	for _, k := range r.Kind.FieldKeys() {
		officeLabels[k] = op.T("receipt.field." + k)
	}
	d.Office = receipts.OfficeText{
		Lang:           op.Lang(),
		Title:          op.T("receipt.title." + string(r.Kind)),
		ReferenceLabel: op.T("receipt.reference"),
		TimeLabel:      op.T("receipt.time"),
		When:           when(op, r.At, h.Office),
		FieldLabels:    officeLabels,
		FieldValues:    h.fieldValues(op.Lang(), r),
		VerifyHint:     op.T("receipt.verify_hint"),
	}
	return d
}

// bookedPlace is the office and service of a booking receipt that names
// both, as the offices are configured now.
func (h *Handler) bookedPlace(r receipts.Receipt) (bookings.Office, bookings.Service, bool) {
	if h.Bookings == nil || (r.Kind != receipts.KindBookingConfirmed && r.Kind != receipts.KindBookingMoved) {
		return bookings.Office{}, bookings.Service{}, false
	}
	o, err := h.Bookings.Office(r.OfficeID)
	if err != nil {
		return bookings.Office{}, bookings.Service{}, false
	}
	s, ok := o.Service(r.Fields["service"])
	return o, s, ok
}

// fieldValues replaces recorded codes with words in lang: a procedure code
// ("family") with its name from the information pages' titles, a status
// printout's "procedure.code" with the status's title, a help topic or a
// queue service with its name; nil when there is nothing to replace.
func (h *Handler) fieldValues(lang string, r receipts.Receipt) map[string]string {
	out := map[string]string{}
	if code := r.Fields["procedure"]; dossiers.IsProcedure(code) {
		if page, ok := h.Content.Page(h.Catalogs.Chain(lang), code); ok {
			out["procedure"] = page.Title
		}
	}
	if st := r.Fields["status"]; st != "" && r.Kind == receipts.KindStatusPrintout {
		out["status"] = h.statusTitle(lang, st)
	}
	p := h.Catalogs.Printer(lang)
	for field, key := range codedFields {
		if v := r.Fields[field]; v != "" && p.Has(key(v)) {
			out[field] = p.T(key(v))
		}
	}
	if _, s, ok := h.bookedPlace(r); ok {
		out["service"] = s.NameIn(p) // as staff named it
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// codedFields are receipt fields that record a code whose words are a
// catalog message: the key for a code.
var codedFields = map[string]func(string) string{
	"topic":   func(code string) string { return "help.category." + code },
	"service": serviceKey,
}

// officeLang is the language desk staff read: the receipt's "office_lang"
// field when a flow records one, else the server's default language, and
// Dutch when that is neither Dutch nor French.
func (h *Handler) officeLang(r receipts.Receipt) string {
	for _, l := range []string{r.Fields["office_lang"], h.Config.DefaultLang} {
		if l == "nl" || l == "fr" {
			return l
		}
	}
	return "nl"
}
