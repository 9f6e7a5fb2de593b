package staff

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/accounts"
	"loket/server/audit"
	"loket/server/helpdesk"
	"loket/server/web/kit"
)

// inboxQuery is the inbox filter as a query string, the form a saved
// filter keeps and the bulk actions return to.
func (f inboxFilter) query() string {
	v := url.Values{}
	for k, x := range map[string]string{"state": f.State, "category": f.Category, "lang": f.Lang, "channel": f.Channel, "age": f.Age} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

// inboxBack is the inbox again with the filter of query (only the filter's
// own parameters survive) and extra parameters.
func inboxBack(c *fiber.Ctx, query string, extra url.Values) string {
	q, _ := url.ParseQuery(query)
	v := url.Values{}
	for _, k := range []string{"state", "category", "lang", "channel", "age"} {
		if x := q.Get(k); x != "" {
			v.Set(k, clip(x, 20))
		}
	}
	for k, x := range extra {
		v[k] = x
	}
	return kit.URL(c, "/staff/inbox") + "?" + v.Encode()
}

// bulkColleagues are the enabled staff accounts the inbox offers for a bulk
// assignment: those who share an office with me (every staff account for
// an administrator). The domain still refuses one who may not see every
// escalation chosen.
func bulkColleagues(users []accounts.Account, me accounts.Account) []colleague {
	return colleaguesWhere(users, func(u accounts.Account) bool {
		return u.ID != me.ID && (me.Role == accounts.RoleAdmin || u.Role == accounts.RoleAdmin ||
			slices.ContainsFunc(u.Offices, func(o string) bool { return slices.Contains(me.Offices, o) }))
	})
}

// StaffInboxBulk assigns or resolves the chosen escalations at once: one
// store transaction for all of them, one audit entry for each changed.
func (h *Handler) StaffInboxBulk(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	ctx := c.UserContext()
	refs := posted["ref"]
	back := posted.Get("back")
	if len(refs) == 0 {
		return c.Redirect(inboxBack(c, back, url.Values{"error": {"none"}}), fiber.StatusSeeOther)
	}
	var changed []helpdesk.Escalation
	var auditAction, detail string
	switch action := posted.Get("action"); action {
	case "assign":
		to := helpdesk.Viewer{}
		switch id := clip(posted.Get("to"), 64); id {
		case "":
		case "me":
			to = viewerOf(me)
		default:
			u, gerr := h.Accounts.Get(ctx, id)
			if gerr != nil || u.Disabled || !u.HasRole(accounts.StaffRoles...) {
				return c.Redirect(inboxBack(c, back, url.Values{"error": {"assignee"}}), fiber.StatusSeeOther)
			}
			to = viewerOf(u)
		}
		changed, err = h.Helpdesk.AssignMany(ctx, viewerOf(me), refs, to)
		auditAction, detail = helpdesk.ActionAssign, "bulk to "+to.ID
	case "resolve":
		changed, err = h.Helpdesk.ResolveMany(ctx, viewerOf(me), refs)
		auditAction, detail = helpdesk.ActionResolve, "bulk"
	default:
		return fiber.ErrBadRequest
	}
	switch {
	case errors.Is(err, helpdesk.ErrAssignee):
		return c.Redirect(inboxBack(c, back, url.Values{"error": {"assignee"}}), fiber.StatusSeeOther)
	case errors.Is(err, helpdesk.ErrNotFound), errors.Is(err, helpdesk.ErrInvalid):
		return c.Redirect(inboxBack(c, back, url.Values{"error": {"selection"}}), fiber.StatusSeeOther)
	case err != nil:
		return err
	}
	for _, e := range changed {
		if err := h.Record(c, audit.Entry{Actor: me.ID, Action: auditAction, Object: string(e.Ref), Detail: detail}); err != nil {
			return err
		}
	}
	return c.Redirect(inboxBack(c, back, url.Values{"done": {posted.Get("action")}, "count": {strconv.Itoa(len(changed))}}), fiber.StatusSeeOther)
}

// StaffInboxFilterSave keeps the current filter under a name for the
// signed-in account; StaffInboxFilterDelete forgets one.
func (h *Handler) StaffInboxFilterSave(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	query := inboxBack(c, posted.Get("query"), nil)
	query = query[strings.IndexByte(query, '?')+1:]
	_, err = h.Accounts.SaveFilter(c.UserContext(), me.ID, posted.Get("name"), query)
	switch {
	case errors.Is(err, accounts.ErrTooManyFilters):
		return c.Redirect(inboxBack(c, query, url.Values{"error": {"too_many"}}), fiber.StatusSeeOther)
	case errors.Is(err, accounts.ErrInvalid):
		return c.Redirect(inboxBack(c, query, url.Values{"error": {"name"}}), fiber.StatusSeeOther)
	case err != nil:
		return err
	}
	return c.Redirect(inboxBack(c, query, url.Values{"done": {"saved"}}), fiber.StatusSeeOther)
}

func (h *Handler) StaffInboxFilterDelete(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	if _, err := h.Accounts.DeleteFilter(c.UserContext(), me.ID, posted.Get("name")); err != nil {
		return err
	}
	return c.Redirect(kit.URL(c, "/staff/inbox")+"?done=deleted", fiber.StatusSeeOther)
}

// inboxNotice words what the last bulk action or filter change did, and
// inboxError what it refused; both from the address bar, so only known
// values are read.
func (h *Handler) inboxNotice(c *fiber.Ctx) (notice, refusal string) {
	switch d := c.Query("done"); d {
	case "assign", "resolve":
		n, _ := strconv.Atoi(c.Query("count"))
		notice = h.tr(c, "staff.inbox.bulk.done."+d, "count", n)
	case "saved", "deleted":
		notice = h.tr(c, "staff.inbox.saved.done."+d)
	}
	switch e := c.Query("error"); e {
	case "none", "assignee", "selection":
		refusal = h.tr(c, "staff.inbox.bulk.error."+e)
	case "too_many", "name":
		refusal = h.tr(c, "staff.inbox.saved.error."+e)
	}
	return notice, refusal
}
