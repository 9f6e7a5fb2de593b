package kit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"loket/kiosk"
	"loket/pwa"
	"loket/server/locale"
)

// templates holds one parsed template per shell and page, parsed once at
// start-up.
type templates struct {
	pages map[string]*template.Template // "pwa/home", "kiosk/home", ...
}

// pageSet is a folder of page templates.
type pageSet struct {
	fsys fs.FS
	glob string
}

// layoutSets choose a page's layout by the folder it is in: the phone's
// pages (pwa/templates/pages) in the phone layout; the staff console's
// (pwa/templates/staff) in its own, without the phone app's manifest,
// script and public navigation; kiosk pages in the kiosk layout, where a
// kiosk/templates/pages/<page>.html replaces the phone's page of that
// name; the call display (kiosk/templates/display) full-screen.
var layoutSets = []struct {
	shell  string
	fsys   fs.FS
	layout string
	pages  []pageSet // a later set's page replaces an earlier one's
}{
	{ShellPWA, pwa.FS, "templates/layout.html", []pageSet{{pwa.FS, "templates/pages/*.html"}}},
	{ShellPWA, pwa.FS, "templates/staff_layout.html", []pageSet{{pwa.FS, "templates/staff/*.html"}}},
	{ShellKiosk, kiosk.FS, "templates/layout.html", []pageSet{{pwa.FS, "templates/pages/*.html"}, {kiosk.FS, "templates/pages/*.html"}}},
	{ShellDisplay, kiosk.FS, "templates/display_layout.html", []pageSet{{kiosk.FS, "templates/display/*.html"}}},
}

func parseTemplates() (*templates, error) {
	t := &templates{pages: map[string]*template.Template{}}
	partials, err := fs.Glob(pwa.FS, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	for _, set := range layoutSets {
		pages := map[string]pageSet{}
		for _, ps := range set.pages {
			files, err := fs.Glob(ps.fsys, ps.glob)
			if err != nil {
				return nil, err
			}
			for _, f := range files {
				pages[strings.TrimSuffix(path.Base(f), ".html")] = pageSet{ps.fsys, f}
			}
		}
		for name, pg := range pages {
			tpl := template.New("layout")
			if _, err := tpl.ParseFS(set.fsys, set.layout); err != nil {
				return nil, fmt.Errorf("%s layout: %w", set.shell, err)
			}
			if _, err := tpl.ParseFS(pwa.FS, partials...); err != nil {
				return nil, err
			}
			if _, err := tpl.ParseFS(pg.fsys, pg.glob); err != nil {
				return nil, fmt.Errorf("page %s: %w", name, err)
			}
			t.pages[set.shell+"/"+name] = tpl
		}
	}
	return t, nil
}

// bufPool recycles render buffers across requests.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// View is what every template gets. Pages read their own data from Data.
type View struct {
	*locale.Printer
	h     *Kit
	Shell string
	Page  string
	Title string
	Path  string // current path without shell or language prefix
	// Query is "?" and the parameters that choose what the page shows
	// (pageQuery), or empty: the same page in another language keeps them.
	Query     string
	CSRF      string
	RequestID string
	Data      any
	// content is the page's own part, rendered before the layout, so the
	// layout knows whether every string the page printed was reviewed
	// (printed, unreviewed are recorded by T while it renders).
	content    template.HTML
	switchForm string
	tracking   bool
	printed    bool
	unreviewed bool
}

// T prints the message for key (locale.Printer.T); while the page's own
// part renders it also notes whether a translator reviewed the message,
// for Reviewed.
func (v *View) T(key string, args ...any) string {
	if v.tracking {
		v.printed = true
		if !v.Printer.Reviewed(key) {
			v.unreviewed = true
		}
	}
	return v.Printer.T(key, args...)
}

// Content is the page's own part, for the layout.
func (v *View) Content() template.HTML { return v.content }

// render writes a page with status 200 (or the status set before).
func (h *Kit) Render(c *fiber.Ctx, page, title string, data any) error {
	b, err := h.RenderBytes(c, page, title, data)
	if err != nil {
		return err
	}
	return h.Send(c, b)
}

// renderStatic is render for pages whose HTML depends only on the shell,
// language and path (home, information, offline): the bytes are made once
// and kept. Such a page must show nothing per person or per request (no
// form, so no CSRF token; no request id).
func (h *Kit) RenderStatic(c *fiber.Ctx, page, title string, data any) error {
	return h.renderStatic(c, page, func(v *View) { v.Title = v.T(title) }, data)
}

// ForgetStatic drops every kept static page, so the next request renders
// again: the content editor calls it when it publishes a text.
func (h *Kit) ForgetStatic() {
	h.static.Clear()
}

// RenderStaticBuilt is RenderStatic for a page that carries its own title
// (the text, not a message key) and whose model costs work to make (an
// information page's related pages, flows and offices): build runs only
// when the page is not kept yet, so once per shell, language and path;
// its error (a 404) is answered as it is.
func (h *Kit) RenderStaticBuilt(c *fiber.Ctx, page string, build func() (title string, data any, err error)) error {
	if b, ok := h.static.Load(staticKey(c, page)); ok {
		return h.Send(c, b.([]byte))
	}
	title, data, err := build()
	if err != nil {
		return err
	}
	return h.renderStatic(c, page, func(v *View) { v.Title = title }, data)
}

// staticKey names a kept page: its HTML depends on these alone.
func staticKey(c *fiber.Ctx, page string) string {
	s := StateOf(c)
	return s.Shell + "|" + s.Lang + "|" + page + "|" + s.Path
}

func (h *Kit) renderStatic(c *fiber.Ctx, page string, title func(*View), data any) error {
	key := staticKey(c, page)
	if b, ok := h.static.Load(key); ok {
		return h.Send(c, b.([]byte))
	}
	v := h.NewView(c, page, "", data)
	v.Query = "" // kept for everyone: nothing of this request's query
	title(v)
	b, err := h.renderView(v)
	if err != nil {
		return err
	}
	h.static.Store(key, b)
	return h.Send(c, b)
}

// send writes rendered HTML. A kiosk is shared: nothing it shows may be
// kept for the next person.
func (h *Kit) Send(c *fiber.Ctx, b []byte) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if StateOf(c).Kiosk() {
		Private(c)
	}
	return c.Send(b)
}

// renderBytes executes a page template into a new byte slice.
func (h *Kit) RenderBytes(c *fiber.Ctx, page, title string, data any) ([]byte, error) {
	return h.renderView(h.NewView(c, page, title, data))
}

// renderView executes a view's page template into a new byte slice.
func (h *Kit) renderView(v *View) ([]byte, error) {
	page := v.Page
	tpl := h.tpl.pages[v.Shell+"/"+page]
	if tpl == nil {
		return nil, fmt.Errorf("web: no template %s/%s", v.Shell, page)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	v.tracking = true
	err := tpl.ExecuteTemplate(buf, "content", v)
	v.tracking = false
	if err != nil {
		return nil, fmt.Errorf("web: render %s: %w", page, err)
	}
	v.content = template.HTML(buf.String()) // the page's template escaped it
	buf.Reset()
	if err := tpl.ExecuteTemplate(buf, "layout", v); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", page, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

func (h *Kit) NewView(c *fiber.Ctx, page, title string, data any) *View {
	lang := StateOf(c).Lang
	shell := StateOf(c).Shell
	if shell == "" {
		shell = ShellPWA
	}
	p := StateOf(c).Path
	csrf := StateOf(c).CSRF
	rid := StateOf(c).RequestID
	pr := h.Catalogs.Printer(lang)
	return &View{Printer: pr, h: h, Shell: shell, Page: page, Title: pr.T(title), Path: p, Query: pageQueryOf(c), CSRF: csrf, RequestID: rid, Data: data,
		switchForm: StateOf(c).switchForm}
}

// pageQuery are the query parameters that choose what a page shows (the
// time picked for a booking, the week of free times, a search). A link to
// the same page in another language keeps them, so switching language in
// the middle of a booking stays on the booking. One-off parameters
// (print=1 would print a kiosk ticket again) and secrets are left out.
var pageQuery = []string{"from", "office", "q", "service", "start", "status", "to", "week"}

// pageQueryOf is the request's pageQuery parameters as "?a=1&b=2", or "".
func pageQueryOf(c *fiber.Ctx) string {
	if len(c.Request().URI().QueryString()) == 0 {
		return ""
	}
	kept := url.Values{}
	for _, k := range pageQuery {
		if v := c.Query(k); v != "" {
			kept.Set(k, v)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	return "?" + kept.Encode()
}

// Kiosk reports whether the page is drawn for a kiosk.
func (v *View) Kiosk() bool { return v.Shell == ShellKiosk }

// Demo reports whether the server runs with demo data.
func (v *View) Demo() bool { return v.h.Config.Demo }

// URL is the link to a page path in this shell and language.
func (v *View) URL(p string) string { return LocalURL(v.Shell, v.Lang(), p) }

// PickerHTML is the language picker's list: every language, linking to the
// current page in it. html/template's escaping of 13 links cost more than
// the rest of a page, so the list is built in Go once per shell and
// language, with a slot for the path, which is escaped here. After a
// refused post the entries are buttons that post the form again
// (KeepOnLanguageSwitch).
func (v *View) PickerHTML() template.HTML {
	if v.switchForm != "" {
		return v.switchPickerHTML()
	}
	key := v.Shell + "|" + v.Lang()
	parts, ok := v.h.pickers.Load(key)
	if !ok {
		parts, _ = v.h.pickers.LoadOrStore(key, v.pickerParts())
	}
	p := v.Path
	if p == "" {
		p = "/"
	}
	path := template.HTMLEscapeString((&url.URL{Path: p}).EscapedPath() + v.Query)
	return template.HTML(strings.Join(parts.([]string), path))
}

// pickerParts is the picker's HTML split where the current path goes.
func (v *View) pickerParts() []string {
	prefix := "/"
	if v.Kiosk() {
		prefix = "/kiosk/"
	}
	esc := template.HTMLEscapeString
	var parts []string
	cur := ""
	for _, m := range v.h.Catalogs.Languages() {
		cur += `<li><a href="` + esc(prefix+m.Code)
		parts = append(parts, cur)
		current := ""
		if m.Code == v.Lang() {
			current = ` aria-current="true"`
		}
		cur = `" lang="` + esc(m.Code) + `" dir="` + esc(m.Dir) + `" hreflang="` + esc(m.Code) + `"` + current + `>` + esc(m.Name) + "</a></li>\n"
	}
	return append(parts, cur)
}

// Languages lists every language, for the kiosk's attract screen.
func (v *View) Languages() []locale.Meta { return v.h.Catalogs.Languages() }

// Asset is the content-hashed URL of a static file.
func (v *View) Asset(name string) string { return v.h.assets.URL(name) }

// KioskIdle and KioskWarn are the kiosk timers in seconds, for data-*.
func (v *View) KioskIdle() int { return int(v.h.Config.KioskIdle.Seconds()) }

// KioskIdleResult is the idle time in seconds on a page that shows a
// result to read (a status, a ticket, a confirmation), 0 elsewhere.
func (v *View) KioskIdleResult() int {
	if !kioskResultPages[v.Page] {
		return 0
	}
	return int(v.h.Config.KioskIdleResult.Seconds())
}

// kioskResultPages show the visitor's result: the kiosk waits longer
// there, so it can be read in a second language.
var kioskResultPages = map[string]bool{"status_result": true, "status_locked": true, "ticket": true, "queue_message": true,
	"booking_confirm": true, "booking_manage_show": true, "help_done": true, "help_status": true, "address_done": true,
	"address_status": true, "receipt_show": true, "info_show": true}

// KioskWarn is the warning time in seconds.
func (v *View) KioskWarn() int { return int(v.h.Config.KioskWarn.Seconds()) }

// SendJSON writes v as the JSON body, encoded straight into the response
// buffer (no intermediate copy), with ctype or application/json.
func SendJSON(c *fiber.Ctx, v any, ctype ...string) error {
	ct := fiber.MIMEApplicationJSON
	if len(ctype) > 0 {
		ct = ctype[0]
	}
	c.Set(fiber.HeaderContentType, ct)
	c.Response().ResetBody()
	return json.NewEncoder(c.Response().BodyWriter()).Encode(v)
}

// sourceLink is the current page in another language.
type sourceLink struct{ Lang, Name, URL string }

// SourceLinks are the current page in the languages Loket's texts are
// written in or officially reviewed (nl, fr, en), for the notice on a
// machine-translated page.
func (v *View) SourceLinks() []sourceLink {
	prefix := "/"
	if v.Kiosk() {
		prefix = "/kiosk/"
	}
	p := v.Path
	if p == "" {
		p = "/"
	}
	var out []sourceLink
	for _, code := range []string{"nl", "fr", "en"} {
		if code == v.Lang() || !v.h.Catalogs.Has(code) {
			continue
		}
		out = append(out, sourceLink{Lang: code, Name: v.h.Catalogs.Catalog(code).Meta.Name, URL: prefix + code + p + v.Query})
	}
	return out
}

// textReviewer is page data whose main text was checked by a translator
// on its own (an information page reviewed in the content editor).
type textReviewer interface{ TextReviewed() bool }

// partsReviewer is page data that shows texts of its own besides
// messages (the information index's page titles and summaries).
type partsReviewer interface{ PartsReviewed() bool }

// Reviewed reports whether the page needs no "not yet checked by a
// translator" notice: its catalog is reviewed as a whole; or, for a page
// with a main text of its own (an information page, a status result),
// that text was reviewed; or else every message the page's own part
// printed is a reviewed key of its language (meta.reviewed_keys), and
// the texts of its data are reviewed (partsReviewer). The layout's
// navigation and footer do not count; neither do messages a handler
// printed into the page's data.
func (v *View) Reviewed() bool {
	if v.Meta().Reviewed {
		return true
	}
	if r, ok := v.Data.(textReviewer); ok {
		return r.TextReviewed()
	}
	if r, ok := v.Data.(partsReviewer); ok && !r.PartsReviewed() {
		return false
	}
	return v.printed && !v.unreviewed
}
