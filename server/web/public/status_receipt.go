package public

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/receipts"
	"loket/server/web/kit"
)

// statusReceipt prints the status a person has just looked up, as proof
// for a desk, an employer or a lawyer: the dossier number, the first-name
// initial and the status, signed like every receipt. The status result
// page carries a short-lived grant, so the secret is not asked again.
// A4 on the phone, the 80 mm roll on a kiosk.
func (h *Handler) StatusReceipt(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	if h.Receipts == nil || h.Dossiers == nil {
		return fiber.ErrServiceUnavailable
	}
	number, ok := h.checkGrant(posted.Get("grant"))
	if !ok {
		return h.grantExpired(c)
	}
	if err := h.admitWrite(c, writePrintout, c.FormValue("pow_token"), c.FormValue("pow_solution")); err != nil {
		return err
	}
	a, err := h.Dossiers.Current(number)
	if err != nil {
		return err
	}
	fields := map[string]string{"dossier": number, "status": a.Procedure + "." + a.Status.Code}
	if a.Initial != "" {
		fields["initial"] = a.Initial
	}
	office := a.Office
	if office == "" {
		office = "loket"
	}
	r, _, err := h.Receipts.Issue(c.UserContext(), receipts.Input{Kind: receipts.KindStatusPrintout, Reference: number,
		At: h.Now(), OfficeID: office, Fields: fields})
	if err != nil {
		return err
	}
	format := receipts.FormatA4
	if kit.StateOf(c).Kiosk() {
		format = receipts.FormatRoll80
	}
	pdf, err := h.Receipts.PDF(c.UserContext(), r.ID, format, h.ReceiptDocument(h.Printer(c), r))
	if err != nil {
		return err
	}
	kit.Private(c)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="loket-status.pdf"`)
	return c.Send(pdf)
}

// statusTitle is a status printout's "procedure.code" as the status's
// title in the reader's language.
func (h *Handler) statusTitle(lang, value string) string {
	procedure, code, ok := strings.Cut(value, ".")
	if !ok || h.Dossiers == nil {
		return value
	}
	t := h.Dossiers.Catalog().Text(h.Catalogs.Chain(lang), procedure, code)
	if t.Title == "" {
		return value
	}
	return t.Title
}
