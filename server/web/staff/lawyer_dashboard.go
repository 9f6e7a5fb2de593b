package staff

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/sheet"
	"loket/server/web/kit"
)

// lawyerPage is the dashboard's data.
type lawyerPage struct {
	staffPage
	Rows []clientRow
	// Groups are Rows split: changed since the last visit first, then
	// the others, each in the chosen order.
	Groups  []clientGroup
	Changed int
	// Answers counts the helpdesk's replies to the lawyer's questions
	// since their previous visit (every reply at a first visit).
	Answers   int
	Sort      string
	Sorts     []string
	LastVisit string
	HasFeed   bool
	FeedURL   string // shown once, right after it was made
	// DigestOn: e-mail works, so the daily digest is offered; Digest: the
	// lawyer gets it.
	DigestOn, Digest bool
	// The API tokens, when the lawyer API is on: NewToken is shown once,
	// right after it was made; TokenError is a message key.
	APIOn      bool
	Tokens     []tokenRow
	NewToken   string
	TokenError string
}

// clientGroup is one table of the dashboard; Title is a message key.
type clientGroup struct {
	Title string
	Rows  []clientRow
}

// tokenRow is one API token as the dashboard lists it.
type tokenRow struct {
	ID, Name, Created, Revoked string
}

// lawyerExtras is what one dashboard answer shows besides the list.
type lawyerExtras struct {
	FeedURL, Notice, NewToken, TokenError string
}

// lawyerDashboard lists every dossier the lawyer holds a live mandate for,
// with what changed since their previous visit, and records the visit.
func (h *Handler) LawyerDashboard(c *fiber.Ctx) error {
	return h.renderLawyerDashboard(c, "", "")
}

func (h *Handler) renderLawyerDashboard(c *fiber.Ctx, feedURL, notice string) error {
	return h.renderLawyerPage(c, lawyerExtras{FeedURL: feedURL, Notice: notice})
}

// renderLawyerPage is the dashboard with x.
func (h *Handler) renderLawyerPage(c *fiber.Ctx, x lawyerExtras) error {
	me, _ := h.Account(c)
	clients, err := h.Mandates.Clients(me.ID)
	if err != nil {
		return err
	}
	prev, err := h.Mandates.Visit(me.ID, clients)
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.dashboard",
		Detail: strconv.Itoa(len(clients)) + " dossiers"}); err != nil {
		return err
	}
	hasFeed, err := h.Mandates.HasFeed(me.ID)
	if err != nil {
		return err
	}
	sortBy := c.Query("sort")
	if _, ok := clientSorts[sortBy]; !ok {
		sortBy = "changed"
	}
	pg := lawyerPage{staffPage: h.newStaffPage(c), Rows: h.clientRows(c, clients, prev, sortBy), Sort: sortBy,
		Sorts: sortNames, HasFeed: hasFeed, FeedURL: x.FeedURL, NewToken: x.NewToken, TokenError: x.TokenError}
	pg.Notice = x.Notice
	if h.Notify != nil {
		if _, email := h.Notify.Channels(); email {
			pg.DigestOn = true
			if pg.Digest, err = h.Notify.LawyerFollows(c.UserContext(), me.ID); err != nil {
				return err
			}
		}
	}
	if h.LawyerTokens != nil {
		pg.APIOn = true
		tokens, err := h.LawyerTokens.List(me.ID)
		if err != nil {
			return err
		}
		p := h.Printer(c)
		for _, t := range tokens {
			r := tokenRow{ID: t.ID, Name: t.Name, Created: p.T("lawyer.api.created", "date", p.Date(t.Created.In(h.Office)))}
			if !t.Live() {
				r.Revoked = p.T("lawyer.api.revoked_on", "date", p.Date(t.Revoked.In(h.Office)))
			}
			pg.Tokens = append(pg.Tokens, r)
		}
	}
	var changed, others []clientRow
	for _, r := range pg.Rows {
		if r.Changed {
			changed = append(changed, r)
		} else {
			others = append(others, r)
		}
	}
	pg.Changed = len(changed)
	if len(changed) > 0 {
		pg.Groups = append(pg.Groups, clientGroup{Title: "lawyer.group.changed", Rows: changed})
	}
	if len(others) > 0 {
		pg.Groups = append(pg.Groups, clientGroup{Title: "lawyer.group.unchanged", Rows: others})
	}
	if pg.Answers, err = h.answersSince(c, me.ID, clients, prev.LastVisit); err != nil {
		return err
	}
	if !prev.LastVisit.IsZero() {
		pg.LastVisit = h.Printer(c).Date(prev.LastVisit.In(h.Office)) + " " + prev.LastVisit.In(h.Office).Format("15:04")
	}
	return h.Render(c, "staff_lawyer", "lawyer.dashboard.title", pg)
}

// lawyerCSV exports the dashboard (without marking the visit).
func (h *Handler) LawyerCSV(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	clients, err := h.Mandates.Clients(me.ID)
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.export",
		Detail: strconv.Itoa(len(clients)) + " dossiers"}); err != nil {
		return err
	}
	var b strings.Builder
	w := sheet.NewWriter(&b)
	_ = w.Write([]string{"dossier", "initial", "label", "procedure", "status", "since", "next_deadline", "documents", "appointment"})
	for _, r := range h.clientRows(c, clients, allSeen(clients), c.Query("sort")) {
		docs := make([]string, 0, len(r.Documents))
		for _, d := range r.Documents {
			docs = append(docs, d.Name+" ("+d.Due+")")
		}
		appt := ""
		if !r.ApptAt.IsZero() {
			appt = r.ApptAt.In(h.Office).Format("2006-01-02 15:04")
		}
		_ = w.Write([]string{r.Number, r.Initial, r.Label, r.Procedure, r.Status, r.Since, r.NextDue, strings.Join(docs, "; "), appt})
	}
	if err := w.Flush(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="loket-clients.csv"`)
	return c.SendString(b.String())
}

// lawyerFeedPost makes a new feed secret (action "new") or revokes it
// ("stop"); a new URL is shown once on the dashboard.
func (h *Handler) LawyerFeedPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	switch posted.Get("action") {
	case "new":
		secret, err := h.Mandates.NewFeed(me.ID)
		if err != nil {
			return err
		}
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.feed_new"}); err != nil {
			return err
		}
		// The address carries the lawyer's language: feed readers send none.
		return h.renderLawyerDashboard(c, h.Config.BaseURL+"/"+h.Printer(c).Lang()+"/feeds/lawyer/"+secret+".atom", "")
	case "stop":
		if err := h.Mandates.StopFeed(me.ID); err != nil {
			return err
		}
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.feed_stop"}); err != nil {
			return err
		}
		return h.renderLawyerDashboard(c, "", h.tr(c, "lawyer.feed.stopped"))
	}
	return fiber.ErrBadRequest
}

// LawyerDigestPost turns the daily e-mail digest on ("on": to the account's
// address, in the page's language, from what the lawyer sees now) or off
// ("off").
func (h *Handler) LawyerDigestPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	ctx := c.UserContext()
	switch posted.Get("action") {
	case "on":
		if err := h.Mandates.DigestSent(me.ID, ""); err != nil {
			return err
		}
		if _, err := h.Notify.FollowLawyer(ctx, me.ID, me.Email, h.Printer(c).Lang()); err != nil {
			return err
		}
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.digest_on"}); err != nil {
			return err
		}
		return h.renderLawyerDashboard(c, "", h.tr(c, "lawyer.digest.started"))
	case "off":
		if err := h.Notify.StopLawyer(ctx, me.ID); err != nil {
			return err
		}
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: "lawyer.digest_off"}); err != nil {
			return err
		}
		return h.renderLawyerDashboard(c, "", h.tr(c, "lawyer.digest.stopped"))
	}
	return fiber.ErrBadRequest
}
