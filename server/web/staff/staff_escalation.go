package staff

import (
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/helpdesk"
	"loket/server/web/kit"
)

// colleague is an account an escalation can be assigned to.
type colleague struct {
	ID, Email string
}

// noteView and replyView are a ticket's history as staff read it.
type noteView struct {
	When, Author, Text string
}

type replyView struct {
	When, Author, Text, Lang, LangName, Canned string
}

// staffEscalationPage is what staff_escalation.html prints.
type staffEscalationPage struct {
	staffPage
	Ref, State, Category, Message, Lang, LangName, Channel, Office string
	From, Status, Dossier, Contact, ContactValue, Created          string
	// LawyerEmail names the lawyer who asked from their console about
	// Dossier, which they held a live mandate for.
	LawyerEmail string
	// Unverified is a dossier number given with a birth date that did
	// not match it: shown as such, never looked up.
	Unverified              string
	Assignee, AssigneeEmail string
	Age                     ageView
	Notes                   []noteView
	Replies                 []replyView
	Colleagues              []colleague
	Canned                  []helpdesk.Canned
	Langs                   []string
	LangNames               map[string]string
	Me                      string
	Resolved                bool
	// DossierInfo is the verified dossier's status and timeline (nil:
	// no verified dossier).
	DossierInfo *dossierPanel
	// ReplyText and ReplyLang fill the reply form: the asker's language
	// by default, what was typed after a refusal. LangWarning asks to
	// confirm a reply in another language than the asker's.
	ReplyText, ReplyLang, LangWarning string
}

// staffEscalationShow shows one escalation with its context, history and the
// forms to act on it. Another office's escalation answers 404. A view of
// an escalation with a verified dossier is a view of personal data of
// that dossier and goes to the audit trail.
func (h *Handler) StaffEscalationShow(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	e, err := h.Helpdesk.Get(c.UserContext(), viewerOf(me), strings.Clone(c.Params("ref")))
	if errors.Is(err, helpdesk.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if e.Verified() {
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionDossierView, Object: e.Dossier,
			Detail: "helpdesk " + string(e.Ref)}); err != nil {
			return err
		}
	}
	d, err := h.ticketData(c, me, e)
	if err != nil {
		return err
	}
	switch k := c.Query("done"); k {
	case "assign", "note", "reply", "resolve", "reopen":
		d.Notice = h.tr(c, "staff.escalation.done."+k)
	}
	return h.Render(c, "staff_escalation", "staff.escalation.title", d)
}

func (h *Handler) ticketData(c *fiber.Ctx, me accounts.Account, e helpdesk.Escalation) (staffEscalationPage, error) {
	users, err := h.Accounts.List(c.UserContext())
	if err != nil {
		return staffEscalationPage{}, err
	}
	emails := map[string]string{}
	for _, u := range users {
		emails[u.ID] = u.Email
	}
	canned, err := h.Helpdesk.CannedAnswers(c.UserContext())
	if err != nil {
		return staffEscalationPage{}, err
	}
	slices.SortFunc(canned, func(a, b helpdesk.Canned) int { return strings.Compare(a.Title, b.Title) })
	names := h.LanguageNames(h.Printer(c))
	d := staffEscalationPage{staffPage: h.newStaffPage(c), Ref: e.Ref.String(), State: e.State, Category: e.Category,
		Message: e.Message, Lang: e.Lang, LangName: names[e.Lang], Channel: e.Channel, Office: e.Office, From: e.From,
		Status: e.Status, Dossier: e.Dossier, Unverified: e.Unverified, Contact: e.Contact, ContactValue: e.ContactValue,
		LawyerEmail: e.LawyerEmail,
		Created:     h.OfficeTime(e.Created), Assignee: e.Assignee, AssigneeEmail: emails[e.Assignee], Age: h.ageOf(c, e),
		Colleagues: colleaguesFor(users, e), Canned: canned, Langs: h.Helpdesk.Langs(), LangNames: names, Me: me.ID,
		Resolved: e.State == helpdesk.StateResolved, ReplyLang: "en"}
	if slices.Contains(d.Langs, e.Lang) {
		d.ReplyLang = e.Lang
	}
	if e.Verified() {
		if d.DossierInfo, err = h.dossierPanel(c, e.Dossier); err != nil {
			return staffEscalationPage{}, err
		}
	}
	for _, n := range e.Notes {
		d.Notes = append(d.Notes, noteView{When: h.OfficeTime(n.At), Author: emails[n.Author], Text: n.Text})
	}
	for _, r := range e.Replies {
		text, lang := r.In(e.Lang)
		rv := replyView{When: h.OfficeTime(r.At), Author: emails[r.Author], Text: text, Lang: lang, LangName: names[lang]}
		if r.Canned != "" {
			rv.Canned = r.Canned
			for _, cn := range canned {
				if cn.ID == r.Canned {
					rv.Canned = cn.Title
				}
			}
		}
		d.Replies = append(d.Replies, rv)
	}
	return d, nil
}

// colleaguesFor lists the enabled staff accounts that may see e, by e-mail.
func colleaguesFor(users []accounts.Account, e helpdesk.Escalation) []colleague {
	return colleaguesWhere(users, func(u accounts.Account) bool { return viewerOf(u).CanSee(e) })
}

// colleaguesWhere lists the enabled staff accounts that keep accepts, by
// e-mail.
func colleaguesWhere(users []accounts.Account, keep func(accounts.Account) bool) []colleague {
	var out []colleague
	for _, u := range users {
		if u.Disabled || !u.HasRole(accounts.StaffRoles...) || !keep(u) {
			continue
		}
		out = append(out, colleague{ID: u.ID, Email: u.Email})
	}
	slices.SortFunc(out, func(a, b colleague) int { return strings.Compare(a.Email, b.Email) })
	return out
}

// staffEscalationAction runs one action from the ticket page (assign, note,
// reply, resolve, reopen), records it in the audit trail and goes back
// to the ticket (post, redirect, get).
func (h *Handler) StaffEscalationAction(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	v := viewerOf(me)
	ctx := c.UserContext()
	ref := strings.Clone(c.Params("ref"))
	action := strings.Clone(c.Params("action"))
	e, err := h.Helpdesk.Get(ctx, v, ref)
	if errors.Is(err, helpdesk.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	var auditAction, detail string
	switch action {
	case "assign":
		to := clip(posted.Get("to"), 64)
		if to == "me" {
			to = me.ID
		}
		users, lerr := h.Accounts.List(ctx)
		if lerr != nil {
			return lerr
		}
		if to != "" && !slices.ContainsFunc(colleaguesFor(users, e), func(x colleague) bool { return x.ID == to }) {
			return h.escalationRefusal(c, me, e, "staff.escalation.error.assignee")
		}
		_, err = h.Helpdesk.Assign(ctx, v, ref, to)
		auditAction, detail = helpdesk.ActionAssign, "to "+to
	case "note":
		_, err = h.Helpdesk.AddNote(ctx, v, ref, clip(posted.Get("text"), 8*helpdesk.MaxMessage))
		auditAction = helpdesk.ActionNote
	case "reply":
		if id := clip(posted.Get("canned"), 64); id != "" {
			_, err = h.Helpdesk.ReplyCanned(ctx, v, ref, id)
			detail = "canned " + id
		} else {
			lang := clip(posted.Get("lang"), 8)
			text := clip(posted.Get("text"), 8*helpdesk.MaxMessage)
			if lang != e.Lang && posted.Get("other_lang") != "yes" && strings.TrimSpace(text) != "" {
				return h.otherLanguageWarning(c, me, e, text, lang)
			}
			_, err = h.Helpdesk.Reply(ctx, v, ref, text, lang)
			detail = "free text " + lang
		}
		auditAction = helpdesk.ActionReply
	case "resolve":
		_, err = h.Helpdesk.Resolve(ctx, v, ref)
		auditAction = helpdesk.ActionResolve
	case "reopen":
		_, err = h.Helpdesk.Reopen(ctx, v, ref)
		auditAction = helpdesk.ActionReopen
	default:
		return fiber.ErrNotFound
	}
	switch {
	case errors.Is(err, helpdesk.ErrInvalid), errors.Is(err, helpdesk.ErrCannedNotFound):
		return h.escalationRefusal(c, me, e, "staff.escalation.error.invalid")
	case errors.Is(err, helpdesk.ErrBadState):
		return h.escalationRefusal(c, me, e, "staff.escalation.error.state")
	case errors.Is(err, helpdesk.ErrNotFound):
		return fiber.ErrNotFound
	case err != nil:
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: auditAction, Object: string(e.Ref), Detail: detail}); err != nil {
		return err
	}
	return c.Redirect(kit.URL(c, "/staff/escalations/"+string(e.Ref)+"?done="+action), fiber.StatusSeeOther)
}

// escalationRefusal shows the ticket again with a message (422).
func (h *Handler) escalationRefusal(c *fiber.Ctx, me accounts.Account, e helpdesk.Escalation, key string) error {
	d, err := h.ticketData(c, me, e)
	if err != nil {
		return err
	}
	d.Error = h.tr(c, key)
	c.Status(fiber.StatusUnprocessableEntity)
	return h.Render(c, "staff_escalation", "staff.escalation.title", d)
}

// otherLanguageWarning shows the ticket again with the reply as typed and
// a warning: the asker wrote in another language. Ticking "send anyway"
// sends it; the applicant sees it marked as written in that language.
func (h *Handler) otherLanguageWarning(c *fiber.Ctx, me accounts.Account, e helpdesk.Escalation, text, lang string) error {
	d, err := h.ticketData(c, me, e)
	if err != nil {
		return err
	}
	d.ReplyText, d.ReplyLang = text, lang
	d.LangWarning = h.tr(c, "staff.escalation.other_lang", "asker", d.LangNames[e.Lang], "chosen", d.LangNames[lang])
	c.Status(fiber.StatusUnprocessableEntity)
	return h.Render(c, "staff_escalation", "staff.escalation.title", d)
}

// EscalationMoved sends an escalation's old address (/staff/tickets/{ref},
// from when escalations were called tickets) to its new one: "ticket" now
// means a queue ticket only.
func (h *Handler) EscalationMoved(c *fiber.Ctx) error {
	return c.Redirect(kit.URL(c, "/staff/escalations/"+url.PathEscape(c.Params("ref"))), fiber.StatusMovedPermanently)
}
