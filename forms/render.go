package forms

import (
	"html/template"
	"loket/server/refusal"
	"maps"
	"slices"
	"strings"
	"time"
)

// Printer translates for one request; the locale package's printer
// satisfies it. Args are name/value pairs, as in refusal.Field.
type Printer interface {
	T(key string, args ...any) string
	Lang() string
	Dir() string
}

// RenderOptions carries what changes per request. Values and Errors are
// usually a Result's; Now sets the day that relative date limits count
// from (the zero value means time.Now()). ExtraHidden entries named like a
// field of the form or _csrf are left out.
type RenderOptions struct {
	Action      string
	CSRF        string
	Values      map[string]string
	Errors      []refusal.Field
	Kiosk       bool
	ExtraHidden map[string]string
	Now         time.Time
	// Choices are the options of choice fields, by field name, with
	// labels already in the reader's language.
	Choices map[string][]Choice
}

// Choice is one option of a choice field.
type Choice struct {
	Value, Label string
}

// formView and fieldView hold everything the template prints, already
// translated, so that the template only places and escapes text.
type formView struct {
	ID, Lang, Dir, Action, CSRF string
	Title, Intro, Submit        string
	KB                          *kioskLabels
	SummaryTitle                string
	Summary                     []summaryItem
	Hidden                      []hiddenInput
	Steps                       []stepView
}

// stepView is one kiosk screen of a form split into steps; N is 0 for
// fields outside any step (hidden ones first, or a form without steps).
type stepView struct {
	N      int
	Fields []fieldView
}

type summaryItem struct{ Href, Text string }

type hiddenInput struct{ Name, Value string }

type fieldView struct {
	Kind, InputType                     string
	ID, Name, Value                     string
	Label, Optional, Hint, HintID       string
	Error, ErrorID, ErrorPrefix         string
	Describedby                         string
	Autocomplete, Inputmode, Min, Max   string
	MaxLen                              int
	Required, Invalid, Checked, LTR     bool
	NoSpellcheck                        bool
	Keyboard, DateWrong, DateUnfinished string
	Options                             []optionView
}

type optionView struct {
	Value, Label string
	Selected     bool
}

// Render returns the form as accessible HTML (GOV.UK Design System
// patterns): an error summary linking to the fields in error, then the
// title, intro and form. It uses no inline style or script, and the form is
// novalidate because the server's translated messages replace browser
// bubbles.
func (f *Form) Render(p Printer, opts RenderOptions) template.HTML {
	var b strings.Builder
	// The view holds only strings, bools and slices, so execution cannot
	// fail on it, and a strings.Builder never returns a write error.
	if err := f.tmpl.Execute(&b, f.view(p, opts)); err != nil {
		return ""
	}
	return template.HTML(b.String())
}

func (f *Form) view(p Printer, opts RenderOptions) formView {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	today := civilDay(now)
	v := formView{
		ID: "form-" + f.id, Lang: p.Lang(), Dir: p.Dir(), Action: opts.Action, CSRF: opts.CSRF,
		Title: p.T(f.title), Submit: p.T(f.submit),
	}
	if f.intro != "" {
		v.Intro = p.T(f.intro)
	}
	if opts.Kiosk {
		v.KB = newKioskLabels(p, f.steps > 0)
	}
	summary, byField := f.summary(p, opts.Errors)
	if len(summary) > 0 {
		v.Summary, v.SummaryTitle = summary, p.T(keySummaryTitle)
	}
	for _, name := range slices.Sorted(maps.Keys(opts.ExtraHidden)) {
		// A name posted twice would fail validation as a repeated field.
		if name == "_csrf" || f.field(name) != nil {
			continue
		}
		v.Hidden = append(v.Hidden, hiddenInput{Name: name, Value: opts.ExtraHidden[name]})
	}
	v.Steps = []stepView{{}}
	for _, fd := range f.fields {
		if fd.stepStart > 0 && opts.Kiosk {
			v.Steps = append(v.Steps, stepView{N: fd.stepStart})
		}
		last := &v.Steps[len(v.Steps)-1]
		last.Fields = append(last.Fields, fd.view(p, opts, byField[fd.name], today))
	}
	return v
}

// summary translates the errors into the summary's links and each field's
// message (the first one given for it). Errors of hidden or unknown fields,
// such as "no dossier matches these details", link to the first field.
func (f *Form) summary(p Printer, errs []refusal.Field) ([]summaryItem, map[string]string) {
	var items []summaryItem
	byField := map[string]string{}
	for _, e := range errs {
		msg := p.T(e.Key, e.Args...)
		fd := f.field(e.Field)
		if fd == nil || fd.typ == typeHidden {
			items = append(items, summaryItem{Href: "#f-" + f.firstVisible().name, Text: msg})
			continue
		}
		if _, seen := byField[fd.name]; seen {
			continue
		}
		byField[fd.name] = msg
		text := msg
		// Generic messages do not name their field; the summary must.
		if strings.HasPrefix(e.Key, "form.error.") {
			text = p.T(keySummaryItem, "field", p.T(fd.label), "message", msg)
		}
		items = append(items, summaryItem{Href: "#f-" + fd.name, Text: text})
	}
	return items, byField
}

// firstVisible is where form-level errors link to; compile ensures there
// is one.
func (f *Form) firstVisible() *field {
	i := slices.IndexFunc(f.fields, func(fd *field) bool { return fd.typ != typeHidden })
	return f.fields[i]
}

func (fd *field) view(p Printer, opts RenderOptions, msg string, today time.Time) fieldView {
	id := "f-" + fd.name
	v := fieldView{
		Kind: "input", ID: id, Name: fd.name, Value: opts.Values[fd.name],
		Required: fd.required, MaxLen: fd.maxLen,
		Autocomplete: fd.autocomplete, Inputmode: fd.inputmode,
	}
	if fd.typ == typeHidden {
		v.Kind = "hidden"
		return v
	}
	v.Label = p.T(fd.label)
	if !fd.required {
		v.Optional = p.T(keyOptional)
	}
	var describedby []string
	if fd.hint != "" {
		v.Hint, v.HintID = p.T(fd.hint), id+"-hint"
		describedby = append(describedby, v.HintID)
	}
	if msg != "" {
		v.Error, v.ErrorID, v.ErrorPrefix, v.Invalid = msg, id+"-error", p.T(keyErrorPrefix), true
		describedby = append(describedby, v.ErrorID)
	}
	v.Describedby = strings.Join(describedby, " ")
	switch fd.typ {
	case typeText:
		v.InputType = "text"
	case typeTextarea:
		v.Kind = "textarea"
	case typeSelect:
		v.Kind, v.MaxLen = "select", 0
		for _, o := range fd.options {
			v.Options = append(v.Options, optionView{Value: o.Value, Label: p.T(o.Label), Selected: o.Value == v.Value})
		}
		v.Options = append([]optionView{{Label: p.T(keyChoose), Selected: v.Value == ""}}, v.Options...)
	case typeChoice:
		v.Kind, v.MaxLen = "select", 0
		v.Options = append(v.Options, optionView{Label: p.T(keyChoose), Selected: v.Value == ""})
		for _, o := range opts.Choices[fd.name] {
			v.Options = append(v.Options, optionView{Value: o.Value, Label: o.Label, Selected: o.Value == v.Value})
		}
	case typeConsent:
		v.Kind, v.MaxLen = "checkbox", 0
		v.Checked = slices.Contains(consentValues, strings.ToLower(v.Value))
	case typeDate:
		v.InputType, v.MaxLen, v.LTR = "date", 0, true
		if fd.min != nil {
			v.Min = fd.min.resolve(today).Format(time.DateOnly)
		}
		if fd.max != nil {
			v.Max = fd.max.resolve(today).Format(time.DateOnly)
		}
	case typePhone:
		v.InputType, v.LTR = "tel", true
	case typeEmail:
		v.InputType, v.LTR, v.NoSpellcheck = "email", true, true
	case typeDossier, typePin:
		v.InputType, v.LTR, v.NoSpellcheck = "text", true, true
		if fd.typ == typeDossier && fd.group > 0 && allDigits(v.Value) {
			v.Value = groupDigits(v.Value, fd.group)
		}
	}
	if opts.Kiosk {
		fd.kioskView(&v, p)
	}
	return v
}

// kioskView adapts a field to the touchscreen: the on-screen keyboard it
// gets, no autofill or form restore (the next visitor must not see this
// one's data), and a date as a text field the day/month/year pickers fill
// in the language's order, since the browser's date picker pages through
// months and shows the system's date format.
func (fd *field) kioskView(v *fieldView, p Printer) {
	v.Keyboard = fd.keyboard
	if v.Kind != "checkbox" {
		v.Autocomplete = "off"
	}
	if fd.typ != typeDate {
		return
	}
	v.InputType, v.Min, v.Max = "text", "", ""
	v.Value = kioskDate(v.Value, p.Lang())
	v.DateWrong = p.T(fd.errorKey(codeDate))
	v.DateUnfinished = p.T(fd.errorKey(codeDateFormat))
}

// groupDigits shows a long number in blocks ("1234 5678"), as printed on
// letters, which is easier to check against the paper.
func groupDigits(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s); i += n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+n, len(s))])
	}
	return b.String()
}
