package public

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/receipts"
	"loket/server/web/kit"
)

// statusReceipt prints the status a person has just looked up, as proof
// for a desk, an employer or a lawyer: the dossier number, the first-name
// initial and the status, signed like every receipt. The browser holds a
// short-lived grant from the lookup, so the secret is not asked again.
// A4 on the phone, downloaded as a file so the result page stays; the
// 80 mm roll on a kiosk, opened for its printer.
func (h *Handler) StatusReceipt(c *fiber.Ctx) error {
	if h.Receipts == nil || h.Dossiers == nil {
		return fiber.ErrServiceUnavailable
	}
	number, ok := h.statusGranted(c)
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
	format, disposition := receipts.FormatA4, "attachment"
	if kit.StateOf(c).Kiosk() {
		format, disposition = receipts.FormatRoll80, "inline"
	}
	pdf, err := h.Receipts.PDF(c.UserContext(), r.ID, format, h.ReceiptDocument(h.Printer(c), r))
	if err != nil {
		return err
	}
	kit.Private(c)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, disposition+`; filename="loket-status.pdf"`)
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
