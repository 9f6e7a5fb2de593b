package dossiers

import (
	"regexp"
	"time"
)

// Dossier is one applicant's case as the back office pushes it. Names are
// kept only as a first-name initial; the lookup secrets only as keyed
// hashes. Dates are civil dates "YYYY-MM-DD" (they sort as strings). The
// short JSON names keep stored values small.
type Dossier struct {
	Number      string       `json:"n"`
	Procedure   string       `json:"p"`
	Status      string       `json:"s"` // the last event's code
	Received    string       `json:"r"`
	Events      []Event      `json:"e"`
	Documents   []Document   `json:"d,omitempty"`
	Appointment *Appointment `json:"a,omitempty"`
	Office      string       `json:"o,omitempty"`
	Lang        string       `json:"l,omitempty"`
	Initial     string       `json:"i,omitempty"`
	BirthHash   []byte       `json:"b"`
	CodeHash    []byte       `json:"c,omitempty"`
	// Waiting: the current status waits for the office, so the dossier has
	// a place in its procedure's queue.
	Waiting bool `json:"w,omitempty"`
}

// Event is one status change.
type Event struct {
	ID       string `json:"id,omitempty"` // the back office's id, for idempotency
	Code     string `json:"c"`
	Date     string `json:"t"`
	Note     string `json:"k,omitempty"` // a note key: NoteKeys
	Decision bool   `json:"x,omitempty"`
}

// Document is a document the office asked for, with its deadline.
type Document struct {
	Kind string `json:"k"`
	Due  string `json:"t"`
}

// Appointment is the next appointment.
type Appointment struct {
	At     time.Time `json:"t"`
	Office string    `json:"o,omitempty"`
}

// NoteKeys are the notes an event may carry; each has a text
// "status.note.<key>" in every catalog.
var NoteKeys = []string{"letter_sent", "documents_received", "interview_done", "decision_sent"}

// DocumentKinds are the documents the office may ask for; each has a text
// "status.document.<kind>".
var DocumentKinds = []string{
	"passport", "birth_certificate", "marriage_certificate", "income_proof", "housing_proof",
	"health_insurance", "enrolment_proof", "work_contract", "photo", "other",
}

var numberPattern = regexp.MustCompile(`^[0-9]{8}$`)

// ValidNumber reports whether s is a dossier number: 8 ASCII digits.
func ValidNumber(s string) bool { return numberPattern.MatchString(s) }

// Sample is one observation for the estimates: a dossier entered Status
// and got a decision Days later.
type Sample struct {
	Procedure, Status string
	Days              int
}

// Samples are the dossier's observations: for each decision, every status
// entered since the previous decision, with the days from its first entry
// to that decision. Open dossiers give samples only for decisions already
// taken.
func (d *Dossier) Samples() []Sample {
	var out []Sample
	start := 0
	for i, e := range d.Events {
		if !e.Decision {
			continue
		}
		dec, err := time.Parse(time.DateOnly, e.Date)
		if err != nil {
			continue
		}
		seen := map[string]bool{}
		for _, s := range d.Events[start:i] {
			if seen[s.Code] {
				continue
			}
			seen[s.Code] = true
			if t, err := time.Parse(time.DateOnly, s.Date); err == nil {
				out = append(out, Sample{d.Procedure, s.Code, int(dec.Sub(t).Hours() / 24)})
			}
		}
		start = i + 1
	}
	return out
}

// Entered is the date the dossier entered its current status (the first
// of the trailing run of events with that code).
func (d *Dossier) Entered() string {
	i := len(d.Events) - 1
	if i < 0 {
		return d.Received
	}
	for i > 0 && d.Events[i-1].Code == d.Events[i].Code {
		i--
	}
	return d.Events[i].Date
}
