package staff

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/sheet"
	"loket/server/web/kit"
)

type adminAuditPage struct {
	staffPage
	Query   auditQuery
	Entries []auditRow
	// More is true when the list stopped at its limit.
	More   bool
	CSVURL string
}

type auditQuery struct {
	Actor, Action, Object, From, To string
}

type auditRow struct {
	audit.Entry
	ActorName string // the e-mail address of an account id, for reading
	When      string // the time in Brussels, to the second
}

const auditPageLimit = 200

// filter turns the query into an audit.Filter; dates are whole days in
// Brussels, To inclusive. Account e-mail addresses are accepted as actors.
func (h *Handler) auditFilter(c *fiber.Ctx) (auditQuery, audit.Filter, bool) {
	q := auditQuery{Actor: clip(strings.TrimSpace(c.Query("actor")), 254), Action: clip(strings.TrimSpace(c.Query("action")), 100),
		Object: clip(strings.TrimSpace(c.Query("object")), 100), From: clip(c.Query("from"), 10), To: clip(c.Query("to"), 10)}
	f := audit.Filter{Actor: q.Actor, Action: q.Action, Object: q.Object}
	if strings.Contains(q.Actor, "@") {
		a, err := h.Accounts.ByEmail(c.UserContext(), q.Actor)
		if err != nil {
			return q, f, false
		}
		f.Actor = a.ID
	}
	loc := h.Office
	ok := true
	if q.From != "" {
		t, err := time.ParseInLocation(time.DateOnly, q.From, loc)
		ok = ok && err == nil
		f.From = t
	}
	if q.To != "" {
		t, err := time.ParseInLocation(time.DateOnly, q.To, loc)
		ok = ok && err == nil
		f.To = t.AddDate(0, 0, 1)
	}
	return q, f, ok
}

// adminAuditIndex searches the trail, newest first.
func (h *Handler) AdminAuditIndex(c *fiber.Ctx) error {
	d := adminAuditPage{staffPage: h.newStaffPage(c)}
	q, f, ok := h.auditFilter(c)
	d.Query = q
	if !ok {
		d.Error = h.tr(c, "staff.audit.error.filter")
		c.Status(fiber.StatusUnprocessableEntity)
		return h.Render(c, "staff_admin_audit", "staff.audit.title", d)
	}
	f.Limit = auditPageLimit + 1
	entries, err := h.Audit.Search(c.UserContext(), f)
	if err != nil {
		return err
	}
	if len(entries) > auditPageLimit {
		entries, d.More = entries[:auditPageLimit], true
	}
	names, err := h.accountNames(c)
	if err != nil {
		return err
	}
	loc := h.Office
	for _, e := range entries {
		d.Entries = append(d.Entries, auditRow{Entry: e, ActorName: names[e.Actor], When: e.At.In(loc).Format(time.DateTime)})
	}
	d.CSVURL = kit.URL(c, "/staff/admin/audit.csv") + "?" + string(c.Request().URI().QueryString())
	return h.Render(c, "staff_admin_audit", "staff.audit.title", d)
}

func (h *Handler) accountNames(c *fiber.Ctx) (map[string]string, error) {
	users, err := h.Accounts.List(c.UserContext())
	names := make(map[string]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Email
	}
	return names, err
}

// adminAuditCSV exports the matching entries, oldest first, with the
// hashes so the export can be checked against the chain. The export itself
// is logged.
func (h *Handler) AdminAuditCSV(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	_, f, ok := h.auditFilter(c)
	if !ok {
		return fiber.ErrUnprocessableEntity
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: audit.ActionAuditExport}); err != nil {
		return err
	}
	names, err := h.accountNames(c)
	if err != nil {
		return err
	}
	var b strings.Builder
	w := sheet.NewWriter(&b)
	_ = w.Write([]string{"seq", "at", "actor", "actor_email", "action", "object", "channel", "client", "detail", "prev", "hash"})
	err = h.Audit.Each(c.UserContext(), f, func(e audit.Entry) error {
		return w.Write([]string{strconv.FormatUint(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, names[e.Actor],
			e.Action, e.Object, e.Channel, e.Client, e.Detail, e.Prev, e.Hash})
	})
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="loket-audit.csv"`)
	return c.SendString(b.String())
}
