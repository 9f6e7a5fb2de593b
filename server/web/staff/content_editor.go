package staff

import (
	"errors"
	"html/template"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/audit"
	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/web/kit"
)

// maxBody bounds a page or status text sent by the editor, in bytes.
const maxBody = 64 << 10

// sourceLangs are the languages a text is written in: the source an
// editor can show beside a translation.
var sourceLangs = []string{"en", "nl", "fr"}

// contentItem is one editable text in the list.
type contentItem struct {
	Ref      editor.Ref
	Title    string
	Edited   bool
	Reviewed bool
}

// contentIndexData is what staff_content.html prints.
type contentIndexData struct {
	staffPage
	Lang      string
	Languages []langChoice
	Pages     []contentItem
	Statuses  []contentItem
}

type langChoice struct {
	Code, Name string
	Current    bool
}

// ContentIndex lists the pages and status texts of one language (?lang).
func (h *Handler) ContentIndex(c *fiber.Ctx) error {
	lang := h.editLang(c.Query("lang"))
	d := contentIndexData{staffPage: h.newStaffPage(c), Lang: lang}
	for _, m := range h.Catalogs.Languages() {
		d.Languages = append(d.Languages, langChoice{Code: m.Code, Name: m.Name, Current: m.Code == lang})
	}
	for _, key := range append([]string{"index"}, h.Content.Keys()...) {
		if p, ok := h.Content.Page([]string{lang}, key); ok {
			d.Pages = append(d.Pages, contentItem{Ref: editor.Ref{Kind: editor.KindPage, Lang: lang, Key: key}, Title: p.Title, Edited: p.Edited, Reviewed: p.Reviewed})
		}
	}
	cat := h.Dossiers.Catalog()
	for _, proc := range dossiers.Procedures {
		for _, def := range cat.Statuses(proc) {
			scope := proc
			if _, own := cat.ShippedText(lang, proc, def.Code); !own {
				scope = "_default"
			}
			x := cat.Text([]string{lang}, proc, def.Code)
			d.Statuses = append(d.Statuses, contentItem{Ref: editor.Ref{Kind: editor.KindStatus, Lang: lang, Key: scope + "." + def.Code},
				Title: proc + " · " + x.Title, Edited: x.Edited, Reviewed: x.Reviewed})
		}
	}
	return h.Render(c, "staff_content", "editor.title", d)
}

// editLang is lang when Loket has it, else English.
func (h *Handler) editLang(lang string) string {
	if h.Catalogs.Has(lang) {
		return lang
	}
	return "en"
}

// contentEditData is what staff_content_edit.html prints.
type contentEditData struct {
	staffPage
	Ref        editor.Ref
	LangName   string
	Dir        string
	Source     string
	SourceLang string
	SourceName string
	SourceDir  string
	Sources    []langChoice
	Body       string
	Note       string
	Preview    template.HTML
	Current    editor.Revision
	History    []editor.Revision
	Diff       []editor.Line
	// Compared is set when the editor chose two versions to compare
	// (?from=N&to=M, 0 being the shipped text); else Diff is the text in
	// the editor against the live one.
	Compared         bool
	DiffFrom, DiffTo int
	FromName, ToName string // "Version 3", "Shipped text"
	Versions         []int  // newest first, 0 last
	Fields           []string
}

// ref reads the text an editor request is about, from the query or, when
// the query does not say, the posted form.
func (h *Handler) ref(c *fiber.Ctx) (editor.Ref, bool) {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return editor.Ref{}, false
	}
	get := func(name string) string {
		if v := c.Query(name); v != "" {
			return strings.Clone(v)
		}
		return posted.Get(name)
	}
	r := editor.Ref{Kind: get("kind"), Lang: get("lang"), Key: get("key")}
	if _, ok := h.Editor.Body(c.UserContext(), r, 0); ok != nil {
		return r, false
	}
	return r, true
}

// ContentEdit shows one text: the source beside the translation, a
// preview, the changes against the live text (or between any two versions
// the editor picks) and the history.
func (h *Handler) ContentEdit(c *fiber.Ctx) error {
	ref, ok := h.ref(c)
	if !ok {
		return fiber.ErrNotFound
	}
	cur, err := h.Editor.Current(c.UserContext(), ref)
	if err != nil {
		return err
	}
	d, err := h.contentEditData(c, ref, cur.Body)
	if errors.Is(err, editor.ErrNotFound) {
		return fiber.ErrNotFound // a version to compare that does not exist
	}
	if err != nil {
		return err
	}
	if k := c.Query("done"); k != "" {
		n, _ := strconv.Atoi(c.Query("n"))
		switch k {
		case "saved", "published", "reviewed", "reverted":
			d.Notice = h.tr(c, "editor.done."+k, "version", n)
		}
	}
	return h.Render(c, "staff_content_edit", "editor.title", d)
}

func (h *Handler) contentEditData(c *fiber.Ctx, ref editor.Ref, body string) (contentEditData, error) {
	ctx := c.UserContext()
	d := contentEditData{staffPage: h.newStaffPage(c), Ref: ref, Body: body}
	if m := h.Catalogs.Catalog(ref.Lang); m != nil {
		d.LangName, d.Dir = m.Meta.Name, m.Meta.Dir
	}
	d.SourceLang = c.Query("source", "en")
	if !contains(sourceLangs, d.SourceLang) || d.SourceLang == ref.Lang {
		d.SourceLang = "en"
		if ref.Lang == "en" {
			d.SourceLang = "nl"
		}
	}
	d.SourceLang = strings.Clone(d.SourceLang)
	for _, s := range sourceLangs {
		if s != ref.Lang {
			d.Sources = append(d.Sources, langChoice{Code: s, Name: h.Catalogs.Catalog(s).Meta.Name, Current: s == d.SourceLang})
		}
	}
	d.SourceName = h.Catalogs.Catalog(d.SourceLang).Meta.Name
	d.SourceDir = h.Catalogs.Catalog(d.SourceLang).Meta.Dir
	src := editor.Ref{Kind: ref.Kind, Lang: d.SourceLang, Key: ref.Key}
	if s, err := h.Editor.Current(ctx, src); err == nil {
		d.Source = s.Body
	}
	d.Preview = preview(ref, body)
	cur, err := h.Editor.Current(ctx, ref)
	if err != nil {
		return d, err
	}
	d.Current = cur
	if d.History, err = h.Editor.History(ctx, ref); err != nil {
		return d, err
	}
	live, _ := h.Editor.Body(ctx, ref, 0)
	for _, r := range d.History {
		if r.Published {
			live, d.DiffFrom = r.Body, r.N
			break
		}
	}
	d.Diff, d.DiffTo = editor.Diff(live, body), cur.N
	for _, r := range d.History {
		d.Versions = append(d.Versions, r.N)
	}
	d.Versions = append(d.Versions, 0)
	if from, to, ok := compared(c); ok {
		a, err := h.Editor.Body(ctx, ref, from)
		if err != nil {
			return d, err
		}
		b, err := h.Editor.Body(ctx, ref, to)
		if err != nil {
			return d, err
		}
		d.Compared, d.DiffFrom, d.DiffTo, d.Diff = true, from, to, editor.Diff(a, b)
		d.FromName, d.ToName = h.versionName(c, from), h.versionName(c, to)
	}
	return d, nil
}

// versionName is how the editor names version n (0: the shipped text).
func (h *Handler) versionName(c *fiber.Ctx, n int) string {
	if n == 0 {
		return h.tr(c, "editor.shipped")
	}
	return h.tr(c, "editor.version", "version", n)
}

// compared reads the two versions an editor asked to compare.
func compared(c *fiber.Ctx) (from, to int, ok bool) {
	from, err1 := strconv.Atoi(c.Query("from"))
	to, err2 := strconv.Atoi(c.Query("to"))
	return from, to, err1 == nil && err2 == nil && from >= 0 && to >= 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// preview renders a body as the site will show it, in its language's
// typography; goldmark drops raw HTML, so a page cannot carry script into
// the console.
func preview(ref editor.Ref, body string) template.HTML {
	if ref.Kind == editor.KindStatus {
		f, err := editor.ParseStatus(body)
		if err != nil {
			return template.HTML("<p>" + template.HTMLEscapeString(err.Error()) + "</p>")
		}
		var b strings.Builder
		b.WriteString(`<dl class="facts">`)
		for _, k := range editor.StatusFields {
			b.WriteString("<div><dt>" + k + "</dt><dd>" + template.HTMLEscapeString(f[k]) + "</dd></div>")
		}
		b.WriteString("</dl>")
		return template.HTML(b.String())
	}
	p, err := content.RenderIn(ref.Lang, []byte(body))
	if err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(err.Error()) + "</p>")
	}
	return template.HTML("<h1>"+template.HTMLEscapeString(p.Title)+"</h1>") + p.Body
}

// ContentPreview answers the live preview of the editor's script: the
// posted body rendered as an HTML fragment.
func (h *Handler) ContentPreview(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	ref, ok := h.ref(c)
	if !ok {
		return fiber.ErrNotFound
	}
	body := posted.Get("body")
	if len(body) > maxBody {
		return fiber.ErrRequestEntityTooLarge
	}
	kit.Private(c)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.SendString(string(preview(ref, body)))
}

// ContentPost saves, reviews, publishes or reverts (the "action" field),
// records it in the audit trail and returns to the edit page. "preview"
// shows the sent text rendered, without saving: the editor without
// JavaScript.
func (h *Handler) ContentPost(c *fiber.Ctx) error {
	posted, err := kit.PostedForm(c)
	if err != nil {
		return err
	}
	ref, ok := h.ref(c)
	if !ok {
		return fiber.ErrNotFound
	}
	me, _ := h.Account(c)
	ctx := c.UserContext()
	n, _ := strconv.Atoi(posted.Get("n"))
	body := posted.Get("body")
	if len(body) > maxBody {
		return fiber.ErrRequestEntityTooLarge
	}
	var (
		r      editor.Revision
		action string
		done   string
	)
	switch posted.Get("action") {
	case "preview":
		d, err := h.contentEditData(c, ref, body)
		if err != nil {
			return err
		}
		d.Note = posted.Get("note")
		return h.Render(c, "staff_content_edit", "editor.title", d)
	case "save":
		r, err = h.Editor.Save(ctx, ref, body, me.ID, clip(posted.Get("note"), 200))
		action, done = editor.ActionSave, "saved"
	case "review":
		r, err = h.Editor.Review(ctx, ref, n, me.ID)
		action, done = editor.ActionReview, "reviewed"
	case "publish":
		r, err = h.Editor.Publish(ctx, ref, n, me.ID)
		action, done = editor.ActionPublish, "published"
	case "revert":
		r, err = h.Editor.Revert(ctx, ref, n, me.ID)
		action, done, r.N = editor.ActionRevert, "reverted", n
	default:
		return fiber.ErrBadRequest
	}
	if errors.Is(err, editor.ErrUnchanged) || errors.Is(err, editor.ErrInvalid) {
		d, derr := h.contentEditData(c, ref, body)
		if derr != nil {
			return derr
		}
		d.Note = posted.Get("note")
		if errors.Is(err, editor.ErrUnchanged) {
			d.Error = h.tr(c, "editor.error.unchanged")
		} else {
			d.Error = h.tr(c, "editor.error.invalid")
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.Render(c, "staff_content_edit", "editor.title", d)
	}
	if errors.Is(err, editor.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := h.Record(c, audit.Entry{Actor: me.ID, Action: action, Object: ref.String(), Detail: "version " + strconv.Itoa(r.N)}); err != nil {
		return err
	}
	if action != editor.ActionSave {
		h.ForgetStatic() // the public pages show the new text at once
	}
	return c.Redirect(kit.URL(c, "/staff/content/edit?kind="+ref.Kind+"&lang="+ref.Lang+"&key="+ref.Key+"&done="+done+"&n="+strconv.Itoa(r.N)), fiber.StatusSeeOther)
}
