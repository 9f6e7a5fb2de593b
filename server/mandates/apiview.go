package mandates

import (
	"time"

	"loket/server/dossiers"
)

// The lawyer JSON API's answers: what a firm's software needs to follow
// its clients' dossiers, and nothing about the applicant beyond the
// first-name initial the dossier keeps. Texts are in the language asked
// for, through text (the status catalog along the language's chain).

// StatusView is a status code with its words.
type StatusView struct {
	Code    string `json:"code"`
	Title   string `json:"title"`
	Meaning string `json:"meaning,omitempty"`
	Lang    string `json:"lang"` // the language the words are really in
	Since   string `json:"since"`
}

// DossierSummary is one dossier in the list.
type DossierSummary struct {
	Dossier      string     `json:"dossier"`
	Procedure    string     `json:"procedure"`
	Status       StatusView `json:"status"`
	Changed      string     `json:"changed"` // the latest event's date
	MandateSince time.Time  `json:"mandate_since"`
}

// EventView is one status change.
type EventView struct {
	Code  string `json:"code"`
	Title string `json:"title"`
	Date  string `json:"date"`
	Note  string `json:"note,omitempty"`
}

// DocumentView is a document the office asked for.
type DocumentView struct {
	Kind string `json:"kind"`
	Due  string `json:"due"`
}

// AppointmentView is the next appointment.
type AppointmentView struct {
	At     time.Time `json:"at"`
	Office string    `json:"office,omitempty"`
}

// DossierDetail is one dossier in full.
type DossierDetail struct {
	DossierSummary
	Initial     string           `json:"initial,omitempty"`
	Events      []EventView      `json:"events"`
	Documents   []DocumentView   `json:"documents"`
	Appointment *AppointmentView `json:"appointment,omitempty"`
}

// TextFunc gives a status's words for a procedure.
type TextFunc func(procedure, code string) dossiers.Text

// Summary is c as the list shows it.
func Summary(c Client, text TextFunc) DossierSummary {
	d := c.Dossier
	s := DossierSummary{Dossier: d.Number, Procedure: d.Procedure, MandateSince: c.Mandate.Created.UTC(),
		Status: StatusView{Code: d.Status}}
	if n := len(d.Events); n > 0 {
		last := d.Events[n-1]
		t := text(d.Procedure, last.Code)
		s.Status = StatusView{Code: last.Code, Title: t.Title, Meaning: t.Meaning, Lang: t.Lang, Since: last.Date}
		s.Changed = last.Date
	}
	return s
}

// Detail is c in full.
func Detail(c Client, text TextFunc) DossierDetail {
	d := c.Dossier
	out := DossierDetail{DossierSummary: Summary(c, text), Initial: d.Initial,
		Events: make([]EventView, 0, len(d.Events)), Documents: make([]DocumentView, 0, len(d.Documents))}
	for _, e := range d.Events {
		out.Events = append(out.Events, EventView{Code: e.Code, Title: text(d.Procedure, e.Code).Title, Date: e.Date, Note: e.Note})
	}
	for _, doc := range d.Documents {
		out.Documents = append(out.Documents, DocumentView{Kind: doc.Kind, Due: doc.Due})
	}
	if a := d.Appointment; a != nil {
		out.Appointment = &AppointmentView{At: a.At.UTC(), Office: a.Office}
	}
	return out
}
