package staff

import (
	"errors"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/helpdesk"
	"loket/server/web/kit"
)

// cannedField is one language's text box of the canned answer form.
type cannedField struct {
	Lang, Name, Dir, Text string
	Required              bool
}

// staffCannedPage is what staff_canned.html prints.
type staffCannedPage struct {
	staffPage
	Canned []helpdesk.Canned
	// EditID and Title are the answer being edited ("" for a new one).
	EditID, Title string
	Fields        []cannedField
}

// staffCannedIndex lists the canned answers and the form to add one or,
// with ?edit=id, change one.
func (h *Handler) StaffCannedIndex(c *fiber.Ctx) error {
	d := staffCannedPage{staffPage: h.newStaffPage(c)}
	list, err := h.Helpdesk.CannedAnswers(c.UserContext())
	if err != nil {
		return err
	}
	if id := c.Query("edit"); id != "" {
		i := slices.IndexFunc(list, func(x helpdesk.Canned) bool { return x.ID == id })
		if i < 0 {
			return fiber.ErrNotFound
		}
		d.EditID, d.Title = list[i].ID, list[i].Title
		d.Fields = h.cannedFields(list[i].Texts)
	} else {
		d.Fields = h.cannedFields(nil)
	}
	if k := c.Query("done"); k == "saved" || k == "deleted" {
		d.Notice = h.tr(c, "staff.canned.done."+k)
	}
	return h.renderCanned(c, d, list)
}

func (h *Handler) renderCanned(c *fiber.Ctx, d staffCannedPage, list []helpdesk.Canned) error {
	slices.SortFunc(list, func(a, b helpdesk.Canned) int { return strings.Compare(a.Title, b.Title) })
	d.Canned = list
	return h.Render(c, "staff_canned", "staff.canned.title", d)
}

// cannedFields are the 13 text boxes, each with its language and direction.
func (h *Handler) cannedFields(texts map[string]string) []cannedField {
	var out []cannedField
	for _, m := range h.Catalogs.Languages() {
		out = append(out, cannedField{Lang: m.Code, Name: m.Name, Dir: m.Dir, Text: texts[m.Code], Required: m.Code == "en"})
	}
	return out
}

// staffCannedSave adds or replaces a canned answer.
func (h *Handler) StaffCannedSave(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	me, _ := h.Account(c)
	in := helpdesk.Canned{ID: clip(posted.Get("id"), 64), Title: clip(posted.Get("title"), 400), Texts: map[string]string{}}
	for _, l := range h.Helpdesk.Langs() {
		in.Texts[l] = clip(posted.Get("text_"+l), 8*helpdesk.MaxMessage)
	}
	saved, err := h.Helpdesk.SaveCanned(c.UserContext(), me.ID, in)
	if errors.Is(err, helpdesk.ErrInvalid) {
		list, lerr := h.Helpdesk.CannedAnswers(c.UserContext())
		if lerr != nil {
			return lerr
		}
		d := staffCannedPage{staffPage: h.newStaffPage(c), EditID: in.ID, Title: in.Title, Fields: h.cannedFields(in.Texts)}
		d.Error = h.tr(c, "staff.canned.error.invalid")
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderCanned(c, d, list)
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: helpdesk.ActionCanned, Object: saved.ID, Detail: "save"}); err != nil {
		return err
	}
	return c.Redirect(kit.URL(c, "/staff/canned?done=saved"), fiber.StatusSeeOther)
}

// staffCannedDelete removes a canned answer.
func (h *Handler) StaffCannedDelete(c *fiber.Ctx) error {
	me, _ := h.Account(c)
	id := strings.Clone(c.Params("id"))
	err := h.Helpdesk.DeleteCanned(c.UserContext(), id)
	if errors.Is(err, helpdesk.ErrCannedNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: helpdesk.ActionCanned, Object: id, Detail: "delete"}); err != nil {
		return err
	}
	return c.Redirect(kit.URL(c, "/staff/canned?done=deleted"), fiber.StatusSeeOther)
}
