package staff

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// lawyerHelpPage is what staff_lawyer_help.html prints: the form to ask
// the helpdesk about one of the lawyer's clients, and their questions
// with the answers.
type lawyerHelpPage struct {
	staffPage
	Clients []clientRow
	// Dossier and Message echo the form after a refusal; DossierError is
	// a message key, MessageError a message.
	Dossier, Message           string
	DossierError, MessageError string
	MaxMessage                 int
	Questions                  []lawyerQuestion
}

// lawyerQuestion is one of the lawyer's questions as they read it.
type lawyerQuestion struct {
	Ref, Dossier, State, Asked, Message string
	Replies                             []lawyerReply
}

// lawyerReply is a staff answer in the lawyer's language where it has one.
type lawyerReply struct {
	At, Text, Lang string
}

// LawyerHelpShow is the lawyer's help channel: ask the helpdesk about a
// client's dossier, read the answers.
func (h *Handler) LawyerHelpShow(c *fiber.Ctx) error {
	return h.renderLawyerHelp(c, lawyerHelpPage{})
}

// LawyerHelpPost sends a lawyer's question to the helpdesk inbox with their
// identity and the dossier, which must be one they hold a live mandate
// for (chosen from their clients; any other number is refused and
// audited).
func (h *Handler) LawyerHelpPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	x := lawyerHelpPage{Dossier: posted.Get("dossier"), Message: posted.Get("message")}
	_, ok, err := h.Mandates.Allowed(me.ID, x.Dossier)
	if err != nil {
		return err
	}
	if !ok {
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "dossier.view_refused", Object: trimObject(x.Dossier),
			Detail: "lawyer help"}); err != nil {
			return err
		}
		x.DossierError = "lawyer.help.error.dossier"
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLawyerHelp(c, x)
	}
	e, err := h.Helpdesk.AskAsLawyer(c.UserContext(), helpdesk.LawyerQuestion{Lawyer: me.ID, Email: me.Email,
		Dossier: x.Dossier, Message: x.Message, Lang: h.Printer(c).Lang()})
	if r, refused := refusal.As(err); refused && len(r.Fields) > 0 {
		x.MessageError = h.tr(c, r.Fields[0].Key, r.Fields[0].Args...)
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLawyerHelp(c, x)
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "helpdesk.lawyer_ask", Object: x.Dossier,
		Detail: "helpdesk " + e.Ref.String()}); err != nil {
		return err
	}
	pg := lawyerHelpPage{}
	pg.Notice = h.tr(c, "lawyer.help.sent", "ref", e.Ref.String())
	return h.renderLawyerHelp(c, pg)
}

// answersSince counts the helpdesk's replies after since to the lawyer's
// questions about the dossiers of clients; 0 without a helpdesk.
func (h *Handler) answersSince(c *fiber.Ctx, lawyer string, clients []mandates.Client, since time.Time) (int, error) {
	if h.Helpdesk == nil {
		return 0, nil
	}
	qs, err := h.Helpdesk.LawyerQuestions(c.UserContext(), lawyer, heldBy(clients))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range qs {
		for _, r := range e.Replies {
			if r.At.After(since) {
				n++
			}
		}
	}
	return n, nil
}

// heldBy reports whether a dossier is one of clients'.
func heldBy(clients []mandates.Client) func(dossier string) bool {
	return func(dossier string) bool {
		return slices.ContainsFunc(clients, func(cl mandates.Client) bool { return cl.Dossier.Number == dossier })
	}
}

// renderLawyerHelp shows the help page with what x carries.
func (h *Handler) renderLawyerHelp(c *fiber.Ctx, x lawyerHelpPage) error {
	me, _ := h.Account(c)
	clients, err := h.Mandates.Clients(me.ID)
	if err != nil {
		return err
	}
	qs, err := h.Helpdesk.LawyerQuestions(c.UserContext(), me.ID, heldBy(clients))
	if err != nil {
		return err
	}
	p := h.Printer(c)
	pg := x
	pg.staffPage = h.newStaffPage(c)
	pg.Notice, pg.Error = x.Notice, x.Error
	pg.Clients = h.clientRows(c, clients, allSeen(clients), "number")
	pg.MaxMessage = helpdesk.MaxMessage
	for _, e := range qs {
		q := lawyerQuestion{Ref: e.Ref.String(), Dossier: e.Dossier, State: e.State, Asked: h.OfficeTime(e.Created), Message: e.Message}
		for _, r := range e.Replies {
			text, lang := r.In(p.Lang())
			q.Replies = append(q.Replies, lawyerReply{At: h.OfficeTime(r.At), Text: text, Lang: lang})
		}
		pg.Questions = append(pg.Questions, q)
	}
	return h.Render(c, "staff_lawyer_help", "lawyer.help.title", pg)
}
