package public

import (
	"html/template"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/web/kit"
)

const formReceiptVerify = "receipt_verify"

// receiptVerifyForm is the "Verify a receipt" page: one field that takes
// the link from a receipt's QR code or the code alone. On a kiosk a USB QR
// scanner types the link into the field and presses Enter.
func (h *Handler) ReceiptVerifyForm(c *fiber.Ctx) error {
	return h.renderReceiptVerify(c, forms.Result{})
}

// receiptVerifySubmit sends a valid entry on to its verification page
// (303, so reloading does not post again) and shows the form again with
// the errors otherwise.
func (h *Handler) ReceiptVerifySubmit(c *fiber.Ctx) error {
	f := h.form(formReceiptVerify)
	values, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	res := f.Validate(values, h.Now())
	if !res.OK() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderReceiptVerify(c, res)
	}
	return c.Redirect(kit.URL(c, "/r/"+receiptToken(res.Values["code"])), fiber.StatusSeeOther)
}

func (h *Handler) renderReceiptVerify(c *fiber.Ctx, res forms.Result) error {
	f := h.form(formReceiptVerify)
	v := h.NewView(c, "receipt_verify", f.TitleKey(), nil)
	html := f.Render(v.Printer, forms.RenderOptions{Action: v.URL("/verify"), CSRF: v.CSRF,
		Values: res.Values, Errors: res.Errors, Kiosk: v.Kiosk(), Now: h.Now()})
	return h.Render(c, "receipt_verify", f.TitleKey(), template.HTML(html))
}

// receiptToken is the token in what was typed or scanned: the part after
// the last "/r/" of a link, or the whole entry. The form's pattern already
// allows only token characters there.
func receiptToken(entry string) string {
	if i := strings.LastIndex(entry, "/r/"); i >= 0 {
		return entry[i+len("/r/"):]
	}
	return entry
}
