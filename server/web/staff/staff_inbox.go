package staff

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/helpdesk"
	"loket/server/web/kit"
)

// viewerOf is the signed-in account as the helpdesk sees it:
// administrators see every office.
func viewerOf(a accounts.Account) helpdesk.Viewer {
	return helpdesk.Viewer{ID: a.ID, Offices: a.Offices, All: a.Role == accounts.RoleAdmin}
}

// inboxAges are the age filters: at least this old.
var inboxAges = map[string]time.Duration{"1h": time.Hour, "1d": 24 * time.Hour, "2d": 48 * time.Hour, "7d": 7 * 24 * time.Hour}

// inboxFilter is the filter form as posted, echoed back.
type inboxFilter struct {
	State, Category, Lang, Channel, Age string
}

// ageView is an escalation's age against the service-level target, as
// text and as a class: never colour alone.
type ageView struct {
	Text  string
	Level string // ok, near, over
	Label string
}

// inboxRow is one line of the inbox.
type inboxRow struct {
	Ref, State, Category, Lang, LangName, Channel, Office, From, Status string
	// Lawyer is the e-mail address of the lawyer who asked from the
	// console.
	Lawyer   string
	Verified bool
	Assignee string
	Age      ageView
}

// savedFilterView is a saved filter as a link.
type savedFilterView struct {
	Name, Href string
	Current    bool
}

// staffInboxPage is what staff_inbox.html prints.
type staffInboxPage struct {
	staffPage
	Filter                              inboxFilter
	Rows                                []inboxRow
	States, Categories, Channels, Langs []string
	Ages                                []string
	LangNames                           map[string]string
	SLA                                 string
	CanEditCanned                       bool
	// Saved are the account's saved filters; Query is the current one.
	Saved      []savedFilterView
	Query      string
	Colleagues []colleague
}

// staffInbox lists the escalations the account may see, filtered.
func (h *Handler) StaffInbox(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	f := inboxFilter{State: clip(c.Query("state"), 20), Category: clip(c.Query("category"), 20),
		Lang: clip(c.Query("lang"), 8), Channel: clip(c.Query("channel"), 8), Age: clip(c.Query("age"), 4)}
	list, err := h.Helpdesk.List(c.UserContext(), viewerOf(me), helpdesk.Filter{State: f.State, Category: f.Category,
		Lang: f.Lang, Channel: f.Channel, MinAge: inboxAges[f.Age]})
	if err != nil {
		return err
	}
	users, err := h.Accounts.List(c.UserContext())
	if err != nil {
		return err
	}
	names := make(map[string]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Email
	}
	d := staffInboxPage{staffPage: h.newStaffPage(c), Filter: f, Query: f.query(),
		Colleagues: bulkColleagues(users, me), States: helpdesk.States, Categories: append(slices.Clone(helpdesk.Categories), helpdesk.CategoryLawyer),
		Channels: []string{helpdesk.ChannelPWA, helpdesk.ChannelKiosk, helpdesk.ChannelLawyer}, Langs: h.Helpdesk.Langs(),
		Ages: []string{"1h", "1d", "2d", "7d"}, LangNames: h.LanguageNames(h.Printer(c)),
		SLA: h.durationText(c, h.Helpdesk.SLA()), CanEditCanned: me.HasRole(accounts.RoleSupervisor, accounts.RoleAdmin)}
	d.Notice, d.Error = h.inboxNotice(c)
	for _, sf := range me.InboxFilters {
		d.Saved = append(d.Saved, savedFilterView{Name: sf.Name, Href: kit.URL(c, "/staff/inbox") + "?" + sf.Query, Current: sf.Query == d.Query})
	}
	for _, e := range list {
		d.Rows = append(d.Rows, inboxRow{Ref: e.Ref.String(), State: e.State, Category: e.Category, Lang: e.Lang,
			LangName: d.LangNames[e.Lang], Channel: e.Channel, Office: e.Office, From: e.From, Status: e.Status,
			Verified: e.Verified(), Assignee: names[e.Assignee], Age: h.ageOf(c, e), Lawyer: e.LawyerEmail})
	}
	return h.Render(c, "staff_inbox", "staff.inbox.title", d)
}

// ageOf is the escalation's age against the target: over when an
// unresolved one passed it, near past half of it.
func (h *Handler) ageOf(c *fiber.Ctx, e helpdesk.Escalation) ageView {
	age := h.Helpdesk.Now().Sub(e.Created)
	a := ageView{Text: h.durationText(c, age), Level: "ok"}
	switch {
	case e.State == helpdesk.StateResolved:
	case h.Helpdesk.Overdue(e):
		a.Level = "over"
	case age > h.Helpdesk.SLA()/2:
		a.Level = "near"
	}
	a.Label = h.tr(c, "staff.inbox.age."+a.Level)
	return a
}

// durationText is an age in days and hours, or minutes when short.
func (h *Handler) durationText(c *fiber.Ctx, d time.Duration) string {
	switch {
	case d < time.Hour:
		return h.tr(c, "staff.inbox.minutes", "count", int(d/time.Minute))
	case d < 48*time.Hour:
		return h.tr(c, "staff.inbox.hours", "count", int(d/time.Hour))
	}
	return h.tr(c, "staff.inbox.days", "count", int(d/(24*time.Hour)))
}
