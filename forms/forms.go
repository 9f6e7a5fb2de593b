// Package forms is Loket's declarative forms engine: JSON definitions
// embedded in the binary drive server-side validation and the accessible
// HTML that both the phone PWA and the kiosk show, so that a rule is
// written once and both front ends and the API agree on it.
//
// A definition is forms/<id>.json:
//
//	{"id": "status_lookup", "title": "<key>", "intro": "<key, optional>",
//	 "submit": "<key>", "fields": [<field>, ...]}
//
// A field has a name (lower-case, [a-z][a-z0-9_]*), a type (text, textarea,
// date, select, choice, phone, email, dossier, consent, pin, hidden), a label key
// (not for hidden) and an optional hint key, and these optional rules:
//
//   - required: true
//   - min_len, max_len: in characters, for text-like types; every field has
//     a cap (text and hidden 200, textarea 2000, email 254, phone and
//     dossier 32, pin 12)
//   - pattern: a regexp the whole value must match (a dossier needs one)
//   - min, max: for dates, "2024-01-01", "today" or an offset from today
//     such as "-120y", "+1y", "-30d", "+2m"
//   - options: for select, [{"value": "a", "label": "<key>"}]; a choice is
//     a select whose options are data, not translation keys (countries,
//     municipalities): the caller passes them to Render in
//     RenderOptions.Choices and checks the chosen value itself, since the
//     list may change without a new definition
//   - autocomplete, inputmode: passed to the input (phone, email, dossier
//     and pin have defaults; dossier and pin always have autocomplete off)
//   - transform: ["upper", "trim", "digits", "nospace"], applied in order
//     before validation; "digits" turns any script's digits into ASCII and
//     drops spaces, dashes, dots and slashes
//   - errors: {"<code>": "<key>"} overrides the generic message
//     form.error.<code> for this field (codes: required, too_long,
//     too_short, pattern, date, date_format, date_future, date_past,
//     date_min, date_max, option, type, consent, text, email, phone, digits)
//   - display_group: for dossier, show the value in blocks ("1234 5678")
//   - keyboard: the kiosk's on-screen input (digits, code, phone, email,
//     text, latin, date, pick); every type but consent and hidden has a
//     default (dossier and pin digits, select and choice pick, and the
//     type's own name otherwise); "latin" is for values that must be in
//     Latin letters (names as on a passport), "code" for references
//
// A form may also have "kiosk_steps": [["a", "b"], ["c"]], its visible
// fields split into screens on the kiosk (each once, in order), shown one
// at a time with a progress line.
//
// Types also normalise: dates to YYYY-MM-DD, phones to "+" and digits, pins
// to ASCII digits, consent to "yes" or "".
package forms

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"loket/server/refusal"
	"path"
	"regexp"
	"slices"
	"strings"
)

//go:embed *.json
var definitions embed.FS

//go:embed form.gohtml
var formTemplate string

// Set holds every form definition, loaded and checked once at start-up.
type Set struct {
	forms map[string]*Form
	keys  []string
}

// Form is one checked definition; it is safe for concurrent use.
type Form struct {
	id, title, intro, submit string
	fields                   []*field
	steps                    int // kiosk screens; 0: one
	tmpl                     *template.Template
}

// field is one compiled field definition.
type field struct {
	name, label, hint string
	typ               fieldType
	required          bool
	// requiredWith makes the field required when any of these fields
	// has a value: consent to keep contact details only when some are given.
	requiredWith            []string
	minLen, maxLen          int
	pattern                 *regexp.Regexp
	min, max                *dateBound
	options                 []optionDef
	autocomplete, inputmode string
	keyboard                string
	stepStart               int // the kiosk step this field opens
	transforms              []transform
	errors                  map[string]string
	group                   int
}

// Load reads and checks the definitions embedded in the binary.
func Load() (*Set, error) {
	return load(definitions)
}

func load(fsys fs.FS) (*Set, error) {
	tmpl, err := template.New("form").Parse(formTemplate)
	if err != nil {
		return nil, fmt.Errorf("forms: template: %w", err)
	}
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("forms: %w", err)
	}
	set := &Set{forms: map[string]*Form{}}
	keys := map[string]bool{keySummaryTitle: true, keySummaryItem: true, keyErrorPrefix: true, keyOptional: true, keyChoose: true}
	for _, code := range errorCodes {
		keys[genericKey(code)] = true
	}
	for _, k := range keyboardKeys() {
		keys[k] = true
	}
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("forms: %w", err)
		}
		form, err := parseDefinition(file, data)
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(file), ".json"); form.id != want {
			return nil, fmt.Errorf("%w: %s: id %q differs from the file name", ErrDefinition, file, form.id)
		}
		form.tmpl = tmpl
		set.forms[form.id] = form
		for _, k := range form.keys() {
			keys[k] = true
		}
	}
	for k := range keys {
		set.keys = append(set.keys, k)
	}
	slices.Sort(set.keys)
	return set, nil
}

// Get returns the form with this id.
func (s *Set) Get(id string) (*Form, bool) {
	f, ok := s.forms[id]
	return f, ok
}

// Keys lists every translation key the forms can print, sorted, so a test
// can check each one against every catalog.
func (s *Set) Keys() []string {
	return slices.Clone(s.keys)
}

// ID is the form's id (its file name without .json).
func (f *Form) ID() string { return f.id }

// TitleKey is the translation key of the form's title, for the page <title>.
func (f *Form) TitleKey() string { return f.title }

// keys lists the translation keys the definition names.
func (f *Form) keys() []string {
	keys := []string{f.title, f.submit}
	if f.intro != "" {
		keys = append(keys, f.intro)
	}
	for _, fd := range f.fields {
		for _, k := range []string{fd.label, fd.hint} {
			if k != "" {
				keys = append(keys, k)
			}
		}
		for _, o := range fd.options {
			keys = append(keys, o.Label)
		}
		for _, k := range fd.errors {
			keys = append(keys, k)
		}
	}
	return keys
}

// errorKey is the key for a failure of this field: its own override, or
// the generic one.
func (fd *field) errorKey(code string) string {
	if k, ok := fd.errors[code]; ok {
		return k
	}
	return genericKey(code)
}

func (fd *field) fail(code string, args ...any) *refusal.Field {
	return &refusal.Field{Field: fd.name, Key: fd.errorKey(code), Args: args}
}
