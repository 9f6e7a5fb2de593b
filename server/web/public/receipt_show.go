package public

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"loket/server/receipts"
	"loket/server/web/kit"
)

// receiptField is one labelled line of a receipt. LTR marks values that
// are codes or numbers, shown left to right even in a right-to-left page.
type receiptField struct {
	Label, Value string
	LTR          bool
}

// receiptPage is what receipt_show.html draws.
type receiptPage struct {
	// State is "genuine", "revoked" or "invalid": the verdict's colour.
	State   string
	Verdict string
	Message string
	Title   string
	Fields  []receiptField
	// Reason is the revocation reason's text.
	Reason string
}

// ltrFields hold codes and numbers rather than words.
var ltrFields = map[string]bool{"desk": true, "dossier": true, "ticket": true, "previous": true}

// receiptShow is the page a receipt's QR code opens: is this paper
// genuine, what does it say, does it still stand. A broken or unknown
// token gets the same "not genuine" page, with status 200 since the
// question was answered, and nothing about any other receipt.
//
// A receipt's words never change, only whether it stands: the page of a
// genuine receipt is kept per shell, language, token and revocation state,
// so a QR code scanned again (at a desk, by a municipality) costs a store
// read, not a page.
func (h *Handler) ReceiptShow(c *fiber.Ctx) error {
	token := c.Params("token")
	st, err := h.checkReceipt(c.UserContext(), token)
	if err != nil {
		return err
	}
	kit.Private(c)
	p := h.Printer(c)
	pg := receiptPage{State: "invalid", Verdict: p.T("receipt.verdict.invalid"), Message: st.message(p, h.Office)}
	if !st.Genuine {
		return h.Render(c, "receipt_show", "receipt.page.title", pg)
	}
	r := st.Receipt
	shell := kit.StateOf(c).Shell
	key := shell + "|" + p.Lang() + "|" + revocationKey(r) + "|" + token
	if b, ok := h.receiptPages.Get(key); ok {
		return h.Send(c, b)
	}
	pg.State, pg.Verdict = "genuine", p.T("receipt.verdict.genuine")
	if r.Revoked {
		pg.State, pg.Verdict = "revoked", p.T("receipt.verdict.revoked")
		pg.Reason = p.T("receipt.revoked_reason." + revokeReason(r))
	}
	pg.Title = p.T("receipt.title." + string(r.Kind))
	office := h.officeName(r.OfficeID)
	if o, _, ok := h.bookedPlace(r); ok {
		office = o.Name + ", " + o.Address
	}
	pg.Fields = receiptFields(p.T, r, when(p, r.At, h.Office), office, h.fieldValues(p.Lang(), r))
	b, err := h.RenderBytes(c, "receipt_show", "receipt.page.title", pg)
	if err != nil {
		return err
	}
	h.receiptPages.Put(key, b)
	return h.Send(c, b)
}

// receiptPagesKept bounds the verification pages kept (about 5 KB each).
const receiptPagesKept = 4096

// revocationKey is the part of a receipt that can change after it was
// issued: whether, why and when it was revoked.
func revocationKey(r receipts.Receipt) string {
	if !r.Revoked {
		return "-"
	}
	return revokeReason(r) + "@" + strconv.FormatInt(r.RevokedAt.Unix(), 10)
}

// officeName is the name people know an office by; a receipt records
// only its id, which stays when the office is unknown here.
func (h *Handler) officeName(id string) string {
	if h.Bookings != nil {
		if o, err := h.Bookings.Office(id); err == nil {
			return o.Name
		}
	}
	if h.Queue != nil {
		if o, err := h.Queue.Office(id); err == nil && o.Name != "" {
			return o.Name
		}
	}
	return id
}

// receiptFields lists a receipt's facts with translated labels and the
// values as recorded, or in words where words stands in for a code, in
// print order.
func receiptFields(t func(string, ...any) string, r receipts.Receipt, at, office string, words map[string]string) []receiptField {
	out := []receiptField{
		{t("receipt.reference"), r.Reference, true},
		{t("receipt.time"), at, false},
		{t("receipt.office"), office, true},
	}
	for _, k := range r.Kind.FieldKeys() {
		if v := r.Fields[k]; v != "" {
			if w, ok := words[k]; ok {
				v = w
			}
			out = append(out, receiptField{t("receipt.field." + k), v, ltrFields[k]})
		}
	}
	return out
}
