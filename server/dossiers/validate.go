package dossiers

import (
	"fmt"
	"loket/server/refusal"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Field error codes of the feed and the import, each with the translation
// key "dossier.error.<code>".
const (
	codeRequired  = "required"
	codeType      = "type"
	codeUnknown   = "unknown_field"
	codeNumber    = "number"
	codeDate      = "date"
	codeFuture    = "future"
	codeTooOld    = "too_old"
	codeTooLong   = "too_long"
	codeTooMany   = "too_many"
	codeProcedure = "procedure"
	codeStatus    = "status"
	codeOrder     = "order"
	codeNote      = "note"
	codeDocument  = "document"
	codeCode      = "access_code"
	codeOffice    = "office"
	codeLanguage  = "language"
	codeDateTime  = "datetime"
)

// ErrorCodes lists every feed error code, for the translation key test.
var ErrorCodes = []string{
	codeRequired, codeType, codeUnknown, codeNumber, codeDate, codeFuture, codeTooOld, codeTooLong,
	codeTooMany, codeProcedure, codeStatus, codeOrder, codeNote, codeDocument, codeCode, codeOffice,
	codeLanguage, codeDateTime,
}

const (
	maxEvents    = 100
	maxDocuments = 20
	maxIDLen     = 64
	maxNameLen   = 100
)

var officePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// fields collects the errors of one payload.
type fields struct {
	errs []refusal.Field
}

func (f *fields) add(field, code string, args ...any) {
	f.errs = append(f.errs, refusal.Field{Field: field, Code: code, Key: "dossier.error." + code, Args: args})
}

func (f *fields) err() error {
	if len(f.errs) == 0 {
		return nil
	}
	return refusal.Fields(ErrInvalid, f.errs...)
}

// str reads an optional string property; wrong types are reported.
func (f *fields) str(body map[string]any, name, path string, max int) string {
	switch v := body[name].(type) {
	case nil:
		return ""
	case string:
		if utf8.RuneCountInString(v) > max || !utf8.ValidString(v) {
			f.add(path, codeTooLong, "max", max)
			return ""
		}
		return strings.TrimSpace(v)
	default:
		f.add(path, codeType)
		return ""
	}
}

// date reads a civil date that must lie between min and today.
func (f *fields) date(body map[string]any, name, path string, required bool, min, today time.Time) string {
	s := f.str(body, name, path, 10)
	if s == "" {
		if required && !f.has(path) {
			f.add(path, codeRequired)
		}
		return ""
	}
	t, err := time.Parse(time.DateOnly, s)
	switch {
	case err != nil:
		f.add(path, codeDate)
		return ""
	case t.After(today):
		f.add(path, codeFuture)
	case t.Before(min):
		f.add(path, codeTooOld)
	}
	return s
}

func (f *fields) has(path string) bool {
	return slices.ContainsFunc(f.errs, func(e refusal.Field) bool { return e.Field == path })
}

// unknown reports properties that are not in allowed, so a typo in a
// feed ("recieved") fails loudly instead of being dropped.
func (f *fields) unknown(body map[string]any, prefix string, allowed ...string) {
	var extra []string
	for k := range body {
		if !slices.Contains(allowed, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		f.add(prefix+k, codeUnknown)
	}
}

// civil is the calendar day of t as a UTC midnight.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parsed is a validated feed payload before its secrets are hashed.
type parsed struct {
	d          Dossier
	birth      string
	accessCode string
}

// parseDossier validates a create-or-replace payload (the feed's PUT body
// or one import row) for dossier number. It collects every error.
func (s *Service) parseDossier(number string, body map[string]any, now time.Time) (parsed, error) {
	var f fields
	today := civil(now.In(s.loc))
	oldest := today.AddDate(-120, 0, 0)
	if !ValidNumber(number) {
		f.add("dossier", codeNumber)
	}
	f.unknown(body, "", "dossier", "procedure", "received", "birth_date", "access_code", "first_name",
		"office", "language", "events", "documents", "appointment")
	p := parsed{d: Dossier{Number: number}}
	d := &p.d
	d.Procedure = f.str(body, "procedure", "procedure", 32)
	if d.Procedure == "" {
		if !f.has("procedure") {
			f.add("procedure", codeRequired)
		}
	} else if !IsProcedure(d.Procedure) {
		f.add("procedure", codeProcedure)
		d.Procedure = ""
	}
	d.Received = f.date(body, "received", "received", true, oldest, today)
	p.birth = f.date(body, "birth_date", "birth_date", true, oldest, today)
	if c := f.str(body, "access_code", "access_code", 32); c != "" {
		if p.accessCode = NormalizeCode(c); !ValidCode(p.accessCode) {
			f.add("access_code", codeCode)
		}
	}
	if name := f.str(body, "first_name", "first_name", maxNameLen); name != "" {
		r, _ := utf8.DecodeRuneInString(name)
		d.Initial = string(unicode.ToUpper(r))
	}
	if d.Office = f.str(body, "office", "office", 32); d.Office != "" && !officePattern.MatchString(d.Office) {
		f.add("office", codeOffice)
	}
	if d.Lang = f.str(body, "language", "language", 8); d.Lang != "" && !slices.Contains(s.langs, d.Lang) {
		f.add("language", codeLanguage)
	}
	s.parseEvents(&f, body, d, today)
	s.parseDocuments(&f, body, d, oldest)
	parseAppointment(&f, body, d)
	if err := f.err(); err != nil {
		return p, err
	}
	s.settle(d)
	return p, nil
}

func (s *Service) parseEvents(f *fields, body map[string]any, d *Dossier, today time.Time) {
	raw, ok := body["events"].([]any)
	switch {
	case body["events"] == nil:
		f.add("events", codeRequired)
		return
	case !ok:
		f.add("events", codeType)
		return
	case len(raw) == 0:
		f.add("events", codeRequired)
		return
	case len(raw) > maxEvents:
		f.add("events", codeTooMany, "max", maxEvents)
		return
	}
	for i, r := range raw {
		path := fmt.Sprintf("events[%d].", i)
		m, ok := r.(map[string]any)
		if !ok {
			f.add(strings.TrimSuffix(path, "."), codeType)
			continue
		}
		e, ok := s.parseEvent(f, m, path, d.Procedure, today)
		if !ok {
			continue
		}
		if len(d.Events) > 0 && e.Date < d.Events[len(d.Events)-1].Date {
			f.add(path+"date", codeOrder)
		}
		if d.Received != "" && e.Date < d.Received {
			f.add(path+"date", codeOrder)
		}
		d.Events = append(d.Events, e)
	}
}

// parseEvent validates one event object; path prefixes its field names.
func (s *Service) parseEvent(f *fields, m map[string]any, path, procedure string, today time.Time) (Event, bool) {
	n := len(f.errs)
	f.unknown(m, path, "id", "code", "date", "note")
	e := Event{
		ID:   f.str(m, "id", path+"id", maxIDLen),
		Code: f.str(m, "code", path+"code", 32),
		Date: f.date(m, "date", path+"date", true, today.AddDate(-120, 0, 0), today),
		Note: f.str(m, "note", path+"note", 32),
	}
	if e.Code == "" && !f.has(path+"code") {
		f.add(path+"code", codeRequired)
	} else if procedure != "" && e.Code != "" {
		if def, ok := s.cat.Status(procedure, e.Code); !ok {
			f.add(path+"code", codeStatus)
		} else {
			e.Decision = def.Kind == KindDecision
		}
	}
	if e.Note != "" && !slices.Contains(NoteKeys, e.Note) {
		f.add(path+"note", codeNote)
	}
	return e, len(f.errs) == n
}

func (s *Service) parseDocuments(f *fields, body map[string]any, d *Dossier, oldest time.Time) {
	if body["documents"] == nil {
		return
	}
	raw, ok := body["documents"].([]any)
	if !ok {
		f.add("documents", codeType)
		return
	}
	if len(raw) > maxDocuments {
		f.add("documents", codeTooMany, "max", maxDocuments)
		return
	}
	far := civil(s.now()).AddDate(5, 0, 0)
	for i, r := range raw {
		path := fmt.Sprintf("documents[%d].", i)
		m, ok := r.(map[string]any)
		if !ok {
			f.add(strings.TrimSuffix(path, "."), codeType)
			continue
		}
		f.unknown(m, path, "kind", "due")
		doc := Document{Kind: f.str(m, "kind", path+"kind", 32), Due: f.date(m, "due", path+"due", true, oldest, far)}
		if doc.Kind == "" && !f.has(path+"kind") {
			f.add(path+"kind", codeRequired)
		} else if doc.Kind != "" && !slices.Contains(DocumentKinds, doc.Kind) {
			f.add(path+"kind", codeDocument)
		}
		d.Documents = append(d.Documents, doc)
	}
}

func parseAppointment(f *fields, body map[string]any, d *Dossier) {
	if body["appointment"] == nil {
		return
	}
	m, ok := body["appointment"].(map[string]any)
	if !ok {
		f.add("appointment", codeType)
		return
	}
	f.unknown(m, "appointment.", "at", "office")
	a := &Appointment{Office: f.str(m, "office", "appointment.office", 32)}
	if a.Office != "" && !officePattern.MatchString(a.Office) {
		f.add("appointment.office", codeOffice)
	}
	at := f.str(m, "at", "appointment.at", 40)
	if at == "" {
		if !f.has("appointment.at") {
			f.add("appointment.at", codeRequired)
		}
		return
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		f.add("appointment.at", codeDateTime)
		return
	}
	a.At = t.UTC()
	d.Appointment = a
}

// settle derives what follows from the events: the current status, and
// whether the dossier waits in its procedure's queue.
func (s *Service) settle(d *Dossier) {
	if len(d.Events) == 0 {
		return
	}
	d.Status = d.Events[len(d.Events)-1].Code
	def, _ := s.cat.Status(d.Procedure, d.Status)
	d.Waiting = def.Kind == KindOpen && def.WaitsFor == WaitsOffice
}
