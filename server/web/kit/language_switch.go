package kit

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// switchField is posted by the language picker's buttons: the form is to
// be shown again in the language of the button's address, not sent.
const switchField = "_switch"

// KeepOnLanguageSwitch makes the language picker of the page being
// answered post formID's fields again, to the same form in the language
// chosen, instead of linking to it: after a refused post, a phone without
// JavaScript keeps what was typed (dates of birth and PINs travel in the
// body, never in an address). The handler then answers LanguageSwitch.
func KeepOnLanguageSwitch(c *fiber.Ctx, formID string) {
	StateOf(c).switchForm = formID
}

// LanguageSwitch says a post came from the language picker: the handler
// shows its form again, filled in, with what validation says, and writes
// nothing, counts no budget and asks for no proof of work.
func LanguageSwitch(posted url.Values) bool {
	return posted.Get(switchField) != ""
}

// SwitchForm is the form the language picker posts (KeepOnLanguageSwitch),
// or "": the layout then puts a hidden submit button for it before the
// picker, so Enter in a field sends the form and does not switch the
// language (a form's default button is its first in document order).
func (v *View) SwitchForm() string { return v.switchForm }

// switchPickerHTML is the picker's list as submit buttons of the form,
// each posting to the same page in its language.
func (v *View) switchPickerHTML() template.HTML {
	esc := template.HTMLEscapeString
	p := v.Path
	if p == "" {
		p = "/"
	}
	path := (&url.URL{Path: p}).EscapedPath() + v.Query
	var b strings.Builder
	for _, m := range v.h.Catalogs.Languages() {
		current := ""
		if m.Code == v.Lang() {
			current = ` aria-current="true"`
		}
		b.WriteString(`<li><button type="submit" form="` + esc(v.switchForm) + `" formaction="` + esc("/"+m.Code+path) +
			`" formnovalidate name="` + switchField + `" value="` + esc(m.Code) + `" lang="` + esc(m.Code) + `" dir="` + esc(m.Dir) + `"` +
			current + `>` + esc(m.Name) + "</button></li>\n")
	}
	return template.HTML(b.String())
}
