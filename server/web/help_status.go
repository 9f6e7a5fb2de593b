package web

import (
	"errors"
	"html/template"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/helpdesk"
	"loket/server/refusal"
)

// helpLookupPage is what help_lookup.html prints.
type helpLookupPage struct {
	Form template.HTML
}

func (h *handler) renderHelpLookup(c *fiber.Ctx, values map[string]string, errs []refusal.Field) error {
	f, ok := h.Forms.Get("help_status")
	if !ok {
		return fiber.ErrNotFound
	}
	csrf, _ := c.Locals(localCSRF).(string)
	shell, _ := c.Locals(localShell).(string)
	if len(errs) > 0 && c.Response().StatusCode() == fiber.StatusOK {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	// A PIN is never shown again.
	values = map[string]string{"reference": values["reference"]}
	html := f.Render(h.printer(c), forms.RenderOptions{Action: pageURL(c, "/help/status"), CSRF: csrf, Values: values,
		Errors: errs, Kiosk: shell == shellKiosk, Now: h.Helpdesk.Now()})
	noStore(c)
	return h.render(c, "help_lookup", f.TitleKey(), helpLookupPage{Form: html})
}

// helpStatusNew asks for the reference and PIN.
func (h *handler) helpStatusNew(c *fiber.Ctx) error {
	return h.renderHelpLookup(c, nil, nil)
}

// helpRefShow is /help/{ref}: the same form with the reference filled
// in. The escalation itself is only shown after a POST with the PIN, so a
// link or a browser history never reveals it.
func (h *handler) helpRefShow(c *fiber.Ctx) error {
	ref := strings.Clone(c.Params("ref"))
	if _, ok := helpdesk.ParseReference(ref); !ok {
		return fiber.ErrNotFound
	}
	return h.renderHelpLookup(c, map[string]string{"reference": ref}, nil)
}

// helpReplyView is one staff reply as the applicant reads it.
type helpReplyView struct {
	When, Text string
	// Lang is the language of Text; Written names it when staff wrote
	// the reply in free text in another language than the reader's.
	Lang, Written string
}

// helpStatusPage is what help_status.html prints.
type helpStatusPage struct {
	Reference, State, Category, Message, Created string
	Replies                                      []helpReplyView
}

// helpStatusShow checks the reference and PIN and shows the state and
// the replies in the applicant's language.
func (h *handler) helpStatusShow(c *fiber.Ctx) error {
	f, ok := h.Forms.Get("help_status")
	if !ok {
		return fiber.ErrNotFound
	}
	posted, err := postedValues(c)
	if err != nil {
		return err
	}
	res := f.Validate(posted, h.Helpdesk.Now())
	if !res.OK() {
		return h.renderHelpLookup(c, res.Values, res.Errors)
	}
	e, err := h.Helpdesk.Lookup(c.UserContext(), res.Values["reference"], res.Values["pin"])
	switch {
	case errors.Is(err, helpdesk.ErrLocked):
		c.Status(fiber.StatusTooManyRequests)
		return h.renderHelpLookup(c, res.Values, []refusal.Field{{Field: "reference", Key: "help.error.locked"}})
	case errors.Is(err, helpdesk.ErrNotFound), errors.Is(err, helpdesk.ErrBadPIN):
		return h.renderHelpLookup(c, res.Values, []refusal.Field{{Field: "reference", Key: "help.error.not_found"}})
	case err != nil:
		return err
	}
	p := h.printer(c)
	page := helpStatusPage{Reference: e.Ref.String(), State: e.State, Category: e.Category, Message: e.Message,
		Created: h.helpTime(e.Created)}
	names := h.languageNames()
	for _, r := range e.Replies {
		text, lang := r.In(p.Lang())
		rv := helpReplyView{When: h.helpTime(r.At), Text: text, Lang: lang}
		if lang != p.Lang() {
			rv.Written = names[lang]
		}
		page.Replies = append(page.Replies, rv)
	}
	noStore(c)
	return h.render(c, "help_status", "help.status.title", page)
}

// languageNames maps language codes to their own names.
func (h *handler) languageNames() map[string]string {
	out := map[string]string{}
	for _, m := range h.Catalogs.Languages() {
		out[m.Code] = m.Name
	}
	return out
}

// helpTime is a moment in the offices' time zone, with ASCII digits.
func (h *handler) helpTime(t time.Time) string {
	return t.In(h.office).Format("2006-01-02 15:04")
}
