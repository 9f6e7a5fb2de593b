// Package forms is Loket's declarative forms engine: JSON definitions
// embedded in the binary drive server-side validation and the accessible
// HTML that both the phone PWA and the kiosk show, so that a rule is
// written once and both front ends and the API agree on it.
package forms

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
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
	tmpl                     *template.Template
}

// field is one compiled field definition.
type field struct {
	name, label, hint       string
	typ                     fieldType
	required                bool
	minLen, maxLen          int
	pattern                 *regexp.Regexp
	min, max                *dateBound
	options                 []optionDef
	autocomplete, inputmode string
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

func (fd *field) fail(code string, args ...any) *FieldError {
	return &FieldError{Field: fd.name, Key: fd.errorKey(code), Args: args}
}
