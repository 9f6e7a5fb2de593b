package public

import (
	"errors"
	"html/template"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/forms"
	"loket/server/helpdesk"
	"loket/server/notify"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// helpFormPage is what help_form.html prints.
type helpFormPage struct {
	Form template.HTML
	// PoW says the form needs a proof of work (see admitWrite).
	PoW bool
}

// helpContext is what the page the applicant came from passes on: its
// key and the status code it showed. Only short identifiers pass.
func helpContext(from, status string) map[string]string {
	ctx := map[string]string{}
	for k, v := range map[string]string{"from": from, "status": status} {
		if v = strings.TrimSpace(v); v != "" && len(v) <= 40 && strings.Trim(v, "abcdefghijklmnopqrstuvwxyz0123456789_") == "" {
			ctx[k] = v
		}
	}
	return ctx
}

// languageChoices are the languages in their own names, for "answer me in".
func (h *Handler) languageChoices() []forms.Choice {
	var out []forms.Choice
	for _, m := range h.Catalogs.Languages() {
		out = append(out, forms.Choice{Value: m.Code, Label: m.Name})
	}
	return out
}

func (h *Handler) renderHelpForm(c *fiber.Ctx, values map[string]string, errs []refusal.Field, hidden map[string]string) error {
	f := h.form("escalation")
	csrf := kit.StateOf(c).CSRF
	shell := kit.StateOf(c).Shell
	html := f.Render(h.Printer(c), forms.RenderOptions{
		Action: kit.URL(c, "/help"), CSRF: csrf, Values: values, Errors: errs, Kiosk: shell == kit.ShellKiosk,
		ExtraHidden: withPoWFields(hidden), Now: h.Helpdesk.Now(), Choices: map[string][]forms.Choice{"lang": h.languageChoices()},
	})
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		kit.KeepOnLanguageSwitch(c, "form-escalation")
	}
	kit.Private(c)
	return h.Render(c, "help_form", f.TitleKey(), helpFormPage{Form: html, PoW: h.needsProof(c, writeHelp)})
}

// helpNew shows the form, with the category of the page the applicant
// came from (?from=) and their language already chosen.
func (h *Handler) HelpNew(c *fiber.Ctx) error {
	hidden := helpContext(c.Query("from"), c.Query("status"))
	hidden["idempotency_key"] = newFormToken()
	values := map[string]string{"lang": h.Printer(c).Lang(), "contact": helpdesk.ContactApp,
		"category": helpdesk.CategoryFor(hidden["from"])}
	return h.renderHelpForm(c, values, nil, hidden)
}

// helpCreate records the escalation with its context and shows the
// reference, PIN and receipt. A refused post shows the form again with
// every value kept, and so does a language switch from that page.
func (h *Handler) HelpCreate(c *fiber.Ctx) error {
	f := h.form("escalation")
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	hidden := helpContext(posted.Get("from"), posted.Get("status"))
	hidden["idempotency_key"] = postedFormToken(posted)
	res := f.Validate(posted, h.Helpdesk.Now())
	v := res.Values
	in := helpdesk.Input{Category: v["category"], Message: v["message"], Lang: v["lang"],
		DossierNumber: v["dossier"], BirthDate: v["birth_date"], Contact: v["contact"], Phone: v["phone"], Email: v["email"],
		Channel: helpdesk.ChannelPWA, From: hidden["from"], Status: hidden["status"], Client: h.lookupClient(c),
		IdempotencyKey: hidden["idempotency_key"]}
	if kit.StateOf(c).Kiosk() {
		in.Channel = helpdesk.ChannelKiosk
		if h.Queue != nil {
			if k, err := h.registeredKiosk(c); err == nil {
				in.Office = k.OfficeID
			}
		}
	}
	errs := res.Errors
	errs = refusal.Merge(errs, h.Helpdesk.Check(in))
	if len(errs) > 0 || kit.LanguageSwitch(posted) {
		return h.renderHelpForm(c, v, errs, hidden)
	}
	if err := h.admitWrite(c, writeHelp, posted.Get("pow_token"), posted.Get("pow_solution")); err != nil {
		return err
	}
	sub, err := h.Helpdesk.Create(c.UserContext(), in)
	switch {
	case errors.Is(err, helpdesk.ErrInvalid):
		ve, _ := refusal.As(err)
		return h.renderHelpForm(c, v, ve.Fields, hidden)
	case err != nil:
		return err
	}
	p := h.Printer(c)
	kit.Private(c)
	return h.Render(c, "help_done", "help.done.title", helpDonePage{
		Reference: sub.Escalation.Ref.String(), PIN: sub.PIN,
		ReceiptURL: receiptPDFURL(sub.Receipt.ID, sub.Escalation.ReceiptToken, p.Lang()),
		StatusURL:  kit.URL(c, "/help/"+url.PathEscape(sub.Escalation.Ref.String())),
		AnswerBy:   p.T("help.done.answer_by", "date", h.Helpdesk.AnswerBy(sub.Escalation).In(h.Office)),
		Follow:     h.follow(c, notify.Subject{Kind: notify.KindHelp, ID: string(sub.Escalation.Ref)}),
	})
}

// helpDonePage is what help_done.html prints.
type helpDonePage struct {
	Reference, PIN, ReceiptURL, StatusURL string
	// AnswerBy says by when staff answer (their service-level target).
	AnswerBy string
	// Follow offers "tell me when you answer" (nil: none).
	Follow *followView
}
