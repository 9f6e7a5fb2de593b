package web

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
)

const formReceiptVerify = "receipt_verify"

// receiptVerifyForm is the "Verify a receipt" page: one field that takes
// the link from a receipt's QR code or the code alone. On a kiosk a USB QR
// scanner types the link into the field and presses Enter.
func (h *handler) receiptVerifyForm(c *fiber.Ctx) error {
	return h.renderReceiptVerify(c, forms.Result{})
}

// receiptVerifySubmit sends a valid entry on to its verification page
// (303, so reloading does not post again) and shows the form again with
// the errors otherwise.
func (h *handler) receiptVerifySubmit(c *fiber.Ctx) error {
	f, ok := h.Forms.Get(formReceiptVerify)
	if !ok {
		return fiber.ErrNotFound
	}
	values := url.Values{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) { values.Add(string(k), string(v)) })
	res := f.Validate(values, h.Now())
	if !res.OK() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderReceiptVerify(c, res)
	}
	return c.Redirect(h.shellURL(c, "/r/"+receiptToken(res.Values["code"])), fiber.StatusSeeOther)
}

func (h *handler) renderReceiptVerify(c *fiber.Ctx, res forms.Result) error {
	f, ok := h.Forms.Get(formReceiptVerify)
	if !ok {
		return fiber.ErrNotFound
	}
	v := h.newView(c, "receipt_verify", f.TitleKey(), nil)
	html := f.Render(v.Printer, forms.RenderOptions{Action: v.URL("/verify"), CSRF: v.CSRF,
		Values: res.Values, Errors: res.Errors, Kiosk: v.Kiosk(), Now: h.Now()})
	return h.render(c, "receipt_verify", f.TitleKey(), template.HTML(html))
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

// shellURL is a path in the request's shell and language.
func (h *handler) shellURL(c *fiber.Ctx, p string) string {
	return h.newView(c, "", "", nil).URL(p)
}
