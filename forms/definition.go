package forms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
)

// formDef is the JSON shape of forms/<id>.json. Unknown properties are
// rejected so a misspelt rule fails at start-up instead of being ignored.
type formDef struct {
	ID     string     `json:"id"`
	Title  string     `json:"title"`
	Intro  string     `json:"intro"`
	Submit string     `json:"submit"`
	Fields []fieldDef `json:"fields"`
	// KioskSteps splits a long form into screens on the kiosk: the
	// visible fields' names, each exactly once, in the form's order.
	KioskSteps [][]string `json:"kiosk_steps"`
}

type fieldDef struct {
	Name         string            `json:"name"`
	Type         fieldType         `json:"type"`
	Label        string            `json:"label"`
	Hint         string            `json:"hint"`
	Required     bool              `json:"required"`
	RequiredWith []string          `json:"required_with"`
	MinLen       int               `json:"min_len"`
	MaxLen       int               `json:"max_len"`
	Pattern      string            `json:"pattern"`
	Min          string            `json:"min"`
	Max          string            `json:"max"`
	Options      []optionDef       `json:"options"`
	Autocomplete string            `json:"autocomplete"`
	Inputmode    string            `json:"inputmode"`
	Keyboard     string            `json:"keyboard"`
	Transform    []string          `json:"transform"`
	Errors       map[string]string `json:"errors"`
	DisplayGroup int               `json:"display_group"`
}

type optionDef struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

type fieldType string

const (
	typeText     fieldType = "text"
	typeTextarea fieldType = "textarea"
	typeDate     fieldType = "date"
	typeSelect   fieldType = "select"
	typeChoice   fieldType = "choice"
	typePhone    fieldType = "phone"
	typeEmail    fieldType = "email"
	typeDossier  fieldType = "dossier"
	typeConsent  fieldType = "consent"
	typePin      fieldType = "pin"
	typeHidden   fieldType = "hidden"
)

// defaultMaxLen is the length cap (in characters) of each type when the
// definition sets none, so that every field is bounded.
var defaultMaxLen = map[fieldType]int{
	typeText:     200,
	typeTextarea: 2000,
	typeDate:     32,
	typeSelect:   200,
	typeChoice:   64,
	typePhone:    32,
	typeEmail:    254,
	typeDossier:  32,
	typeConsent:  8,
	typePin:      12,
	typeHidden:   200,
}

var (
	namePattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	keyPattern   = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)
	autoPattern  = regexp.MustCompile(`^[a-z0-9-]+( [a-z0-9-]+)*$`)
	inputmodes   = []string{"none", "text", "decimal", "numeric", "tel", "search", "email", "url"}
	textualTypes = []fieldType{typeText, typeTextarea, typePhone, typeEmail, typeDossier, typePin, typeHidden}
)

// parseDefinition decodes and checks one definition; file is only used in
// error messages.
func parseDefinition(file string, data []byte) (*Form, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var def formDef
	if err := dec.Decode(&def); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrDefinition, file, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: %s: data after the definition", ErrDefinition, file)
	}
	form, err := compile(def)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrDefinition, file, err)
	}
	return form, nil
}

func compile(def formDef) (*Form, error) {
	if !namePattern.MatchString(def.ID) {
		return nil, fmt.Errorf("id %q: use lower-case letters, digits and _", def.ID)
	}
	if err := checkKeys(map[string]string{"title": def.Title, "submit": def.Submit}, true); err != nil {
		return nil, err
	}
	if err := checkKeys(map[string]string{"intro": def.Intro}, false); err != nil {
		return nil, err
	}
	if len(def.Fields) == 0 {
		return nil, fmt.Errorf("no fields")
	}
	form := &Form{id: def.ID, title: def.Title, intro: def.Intro, submit: def.Submit}
	seen := map[string]bool{}
	for _, fd := range def.Fields {
		f, err := compileField(fd)
		if err != nil {
			return nil, fmt.Errorf("field %q: %v", fd.Name, err)
		}
		if seen[f.name] {
			return nil, fmt.Errorf("field %q: defined twice", f.name)
		}
		seen[f.name] = true
		form.fields = append(form.fields, f)
	}
	if f := form.fields; !slices.ContainsFunc(f, func(fd *field) bool { return fd.typ != typeHidden }) {
		return nil, fmt.Errorf("no visible field")
	}
	for _, f := range form.fields {
		if len(f.requiredWith) > 0 && f.required {
			return nil, fmt.Errorf("field %q: required and required_with exclude each other", f.name)
		}
		for _, other := range f.requiredWith {
			if other == f.name || !seen[other] {
				return nil, fmt.Errorf("field %q: required_with names %q, not another field of the form", f.name, other)
			}
		}
	}
	if err := compileSteps(form, def.KioskSteps); err != nil {
		return nil, err
	}
	return form, nil
}

// compileSteps checks that the steps list every visible field once, in
// the form's order, and records where each step starts.
func compileSteps(form *Form, steps [][]string) error {
	if len(steps) == 0 {
		return nil
	}
	var visible []string
	for _, fd := range form.fields {
		if fd.typ != typeHidden {
			visible = append(visible, fd.name)
		}
	}
	var listed []string
	for i, step := range steps {
		if len(step) == 0 {
			return fmt.Errorf("kiosk_steps: step %d is empty", i+1)
		}
		listed = append(listed, step...)
	}
	if !slices.Equal(listed, visible) {
		return fmt.Errorf("kiosk_steps must list the visible fields once each, in order: %v", visible)
	}
	for i, step := range steps {
		form.field(step[0]).stepStart = i + 1
	}
	form.steps = len(steps)
	return nil
}

func checkKeys(keys map[string]string, required bool) error {
	for what, key := range keys {
		if key == "" && !required {
			continue
		}
		if !keyPattern.MatchString(key) {
			return fmt.Errorf("%s key %q is not a dotted translation key", what, key)
		}
	}
	return nil
}

func compileField(fd fieldDef) (*field, error) {
	if !namePattern.MatchString(fd.Name) {
		return nil, fmt.Errorf("name: use lower-case letters, digits and _, starting with a letter")
	}
	maxLen, known := defaultMaxLen[fd.Type]
	if !known {
		return nil, fmt.Errorf("unknown type %q", fd.Type)
	}
	if err := checkKeys(map[string]string{"label": fd.Label}, fd.Type != typeHidden); err != nil {
		return nil, err
	}
	if err := checkKeys(map[string]string{"hint": fd.Hint}, false); err != nil {
		return nil, err
	}
	f := &field{
		name: fd.Name, typ: fd.Type, label: fd.Label, hint: fd.Hint,
		required: fd.Required, requiredWith: fd.RequiredWith, minLen: fd.MinLen, maxLen: maxLen,
		autocomplete: fd.Autocomplete, inputmode: fd.Inputmode,
		errors: fd.Errors, group: fd.DisplayGroup,
	}
	if fd.MaxLen != 0 {
		f.maxLen = fd.MaxLen
	}
	if fd.MinLen < 0 || f.maxLen < 1 || fd.MinLen > f.maxLen || f.maxLen > 100000 {
		return nil, fmt.Errorf("lengths min %d, max %d are not usable", fd.MinLen, f.maxLen)
	}
	if fd.DisplayGroup < 0 || fd.DisplayGroup > 0 && fd.Type != typeDossier {
		return nil, fmt.Errorf("display_group is only for dossier fields")
	}
	textual := slices.Contains(textualTypes, fd.Type)
	if (fd.MinLen != 0 || fd.MaxLen != 0) && !textual {
		return nil, fmt.Errorf("min_len and max_len only apply to text-like types")
	}
	if err := compilePattern(f, fd.Pattern, textual); err != nil {
		return nil, err
	}
	if err := compileDates(f, fd); err != nil {
		return nil, err
	}
	if err := compileOptions(f, fd.Options); err != nil {
		return nil, err
	}
	if err := compileTransforms(f, fd.Transform, textual); err != nil {
		return nil, err
	}
	for code, key := range fd.Errors {
		if !slices.Contains(errorCodes, code) {
			return nil, fmt.Errorf("errors: unknown code %q", code)
		}
		if err := checkKeys(map[string]string{"errors." + code: key}, true); err != nil {
			return nil, err
		}
	}
	if err := compileKeyboard(f, fd.Keyboard); err != nil {
		return nil, err
	}
	return f, compileInputHints(f)
}

func compilePattern(f *field, pattern string, textual bool) error {
	if pattern == "" {
		if f.typ == typeDossier {
			return fmt.Errorf("a dossier field needs a pattern")
		}
		return nil
	}
	if !textual {
		return fmt.Errorf("pattern does not apply to type %s", f.typ)
	}
	// Anchor the whole expression: a pattern must describe the full value.
	re, err := regexp.Compile(`^(?:` + pattern + `)$`)
	if err != nil {
		return fmt.Errorf("pattern: %v", err)
	}
	f.pattern = re
	return nil
}

func compileDates(f *field, fd fieldDef) error {
	if fd.Min == "" && fd.Max == "" {
		return nil
	}
	if fd.Type != typeDate {
		return fmt.Errorf("min and max only apply to dates")
	}
	var err error
	if fd.Min != "" {
		if f.min, err = parseBound(fd.Min); err != nil {
			return fmt.Errorf("min: %v", err)
		}
	}
	if fd.Max != "" {
		if f.max, err = parseBound(fd.Max); err != nil {
			return fmt.Errorf("max: %v", err)
		}
	}
	return nil
}

func compileOptions(f *field, options []optionDef) error {
	if f.typ != typeSelect {
		if len(options) > 0 {
			return fmt.Errorf("options only apply to select")
		}
		return nil
	}
	if len(options) == 0 {
		return fmt.Errorf("a select needs options")
	}
	for _, o := range options {
		if o.Value == "" || len(o.Value) > f.maxLen {
			return fmt.Errorf("option value %q is empty or too long", o.Value)
		}
		if slices.ContainsFunc(f.options, func(p optionDef) bool { return p.Value == o.Value }) {
			return fmt.Errorf("option %q defined twice", o.Value)
		}
		if err := checkKeys(map[string]string{"option label": o.Label}, true); err != nil {
			return err
		}
		f.options = append(f.options, o)
	}
	return nil
}

func compileTransforms(f *field, names []string, textual bool) error {
	if len(names) > 0 && (!textual || f.typ == typeHidden) {
		return fmt.Errorf("transform does not apply to type %s", f.typ)
	}
	for _, name := range names {
		t, ok := transforms[name]
		if !ok {
			return fmt.Errorf("unknown transform %q", name)
		}
		f.transforms = append(f.transforms, t)
	}
	return nil
}

// compileInputHints checks autocomplete and inputmode and fills in the
// defaults each type implies.
func compileInputHints(f *field) error {
	if f.autocomplete != "" && !autoPattern.MatchString(f.autocomplete) {
		return fmt.Errorf("autocomplete %q is not a list of tokens", f.autocomplete)
	}
	if f.inputmode != "" && !slices.Contains(inputmodes, f.inputmode) {
		return fmt.Errorf("unknown inputmode %q", f.inputmode)
	}
	if f.typ == typeHidden && (f.autocomplete != "" || f.inputmode != "") {
		return fmt.Errorf("autocomplete and inputmode do not apply to hidden fields")
	}
	if f.inputmode != "" && !slices.Contains(textualTypes, f.typ) {
		return fmt.Errorf("inputmode does not apply to type %s", f.typ)
	}
	defaults := map[fieldType][2]string{
		typePhone:   {"tel", "tel"},
		typeEmail:   {"email", "email"},
		typeDossier: {"off", "numeric"},
		typePin:     {"off", "numeric"},
	}
	d := defaults[f.typ]
	if (f.typ == typeDossier || f.typ == typePin) && f.autocomplete != "" && f.autocomplete != "off" {
		return fmt.Errorf("autocomplete must stay off for %s fields", f.typ)
	}
	if f.autocomplete == "" {
		f.autocomplete = d[0]
	}
	if f.inputmode == "" {
		f.inputmode = d[1]
	}
	return nil
}
