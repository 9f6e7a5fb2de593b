package public

import (
	"errors"
	"html/template"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/helpdesk"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// helpLookupPage is what help_lookup.html prints.
type helpLookupPage struct {
	Form template.HTML
}

func (h *Handler) renderHelpLookup(c *fiber.Ctx, values map[string]string, errs []refusal.Field) error {
	f := h.form("help_status")
	csrf := kit.StateOf(c).CSRF
	shell := kit.StateOf(c).Shell
	if len(errs) > 0 && c.Response().StatusCode() == fiber.StatusOK {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	// A PIN is never shown again.
	values = map[string]string{"reference": values["reference"]}
	html := f.Render(h.Printer(c), forms.RenderOptions{Action: kit.URL(c, "/help/status"), CSRF: csrf, Values: values,
		Errors: errs, Kiosk: shell == kit.ShellKiosk, Now: h.Helpdesk.Now()})
	kit.Private(c)
	return h.Render(c, "help_lookup", f.TitleKey(), helpLookupPage{Form: html})
}

// helpStatusNew asks for the reference and PIN.
func (h *Handler) HelpStatusNew(c *fiber.Ctx) error {
	return h.renderHelpLookup(c, nil, nil)
}

// helpRefShow is /help/{ref}: the same form with the reference filled
// in. The escalation itself is only shown after a POST with the PIN, so a
// link or a browser history never reveals it.
func (h *Handler) HelpRefShow(c *fiber.Ctx) error {
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
func (h *Handler) HelpStatusShow(c *fiber.Ctx) error {
	f := h.form("help_status")
	posted, err := kit.PostedForm(c)
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
	p := h.Printer(c)
	page := helpStatusPage{Reference: e.Ref.String(), State: e.State, Category: e.Category, Message: e.Message,
		Created: h.OfficeTime(e.Created)}
	names := h.LanguageNames(h.Printer(c))
	for _, r := range e.Replies {
		text, lang := r.In(p.Lang())
		rv := helpReplyView{When: h.OfficeTime(r.At), Text: text, Lang: lang}
		if lang != p.Lang() {
			rv.Written = names[lang]
		}
		page.Replies = append(page.Replies, rv)
	}
	kit.Private(c)
	return h.Render(c, "help_status", "help.status.title", page)
}
