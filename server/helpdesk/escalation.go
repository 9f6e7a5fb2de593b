// Package helpdesk runs the "I need help" escalations: an applicant on the
// phone or at a kiosk asks a question with the context of the page they
// were on, gets a reference, a PIN and a receipt, and later reads the
// staff's answer in their own language. Staff work through an inbox per
// office, assign, note, reply (free text or canned answers kept in every
// language) and resolve.
//
// It knows nothing of HTTP or bbolt: the store implements Store.
package helpdesk

import (
	"slices"
	"time"

	"loket/server/dossiers"
)

// Categories an applicant can choose; the page they came from pre-selects one.
const (
	CategoryStatus      = "status"
	CategoryAppointment = "appointment"
	CategoryAddress     = "address"
	CategoryInformation = "information"
	CategoryOther       = "other"
	// CategoryOverdue is "my dossier takes longer than it should": the
	// status page's "you can ask us now" opens the form on it.
	CategoryOverdue = "overdue"
	// CategoryAppointmentChange is "I cannot come to an appointment you
	// set" (an interview, a departure), which cannot be moved online.
	CategoryAppointmentChange = "appointment_change"
)

// CategoryLawyer is a signed-in lawyer asking about a client's dossier
// from the lawyer console. It is not in Categories: the public form
// refuses it, so nobody there can pass for a lawyer.
const CategoryLawyer = "lawyer"

// Categories lists every category, in the order the form shows them.
var Categories = []string{CategoryStatus, CategoryOverdue, CategoryAppointment, CategoryAppointmentChange,
	CategoryAddress, CategoryInformation, CategoryOther}

// States of an escalation.
const (
	StateOpen     = "open"
	StateAssigned = "assigned"
	StateAnswered = "answered"
	StateResolved = "resolved"
)

// States lists every state, for filters.
var States = []string{StateOpen, StateAssigned, StateAnswered, StateResolved}

// Channels an escalation comes from.
const (
	ChannelPWA   = "pwa"
	ChannelKiosk = "kiosk"
	// ChannelLawyer is the lawyer console.
	ChannelLawyer = "lawyer"
)

// Ways the applicant wants the answer.
const (
	ContactApp   = "app"
	ContactPhone = "phone"
	ContactEmail = "email"
)

// Contacts lists every way to answer.
var Contacts = []string{ContactApp, ContactPhone, ContactEmail}

// MaxMessage bounds the applicant's message and a staff reply or note, in
// characters.
const MaxMessage = 1000

// Audit actions of the staff console; views of a verified dossier are
// logged as audit.ActionDossierView by the web layer.
const (
	ActionAssign  = "helpdesk.assign"
	ActionNote    = "helpdesk.note"
	ActionReply   = "helpdesk.reply"
	ActionResolve = "helpdesk.resolve"
	ActionReopen  = "helpdesk.reopen"
	ActionCanned  = "helpdesk.canned"
)

// Escalation is one request for help with the context it was asked in,
// so staff never ask again.
type Escalation struct {
	Ref      Reference `json:"ref"`
	PINHash  []byte    `json:"pin_hash"`
	Category string    `json:"category"`
	Message  string    `json:"message"`
	// Lang is the language the applicant reads answers in.
	Lang string `json:"lang"`
	// Channel is pwa or kiosk; Office the registered kiosk's office ("" on
	// the phone or an unregistered kiosk).
	Channel string `json:"channel"`
	Office  string `json:"office,omitempty"`
	// From is the page key the applicant came from; Status the dossier
	// status code that page showed, if any.
	From   string `json:"from,omitempty"`
	Status string `json:"status,omitempty"`
	// Dossier is set only when the number and birth date matched: staff
	// then know it was the applicant. The birth date is not kept.
	Dossier string `json:"dossier,omitempty"`
	// Unverified is a dossier number given with a birth date that did not
	// match it, or could not be checked: staff must not take it for the
	// applicant's.
	Unverified string `json:"unverified_dossier,omitempty"`
	// Waiting is attached to an "overdue" request with a verified dossier:
	// why it came, as the applicant's status page showed it.
	Waiting *Waiting `json:"waiting,omitempty"`
	// Appointment is the office-set appointment an "appointment change"
	// request with a verified dossier is about.
	Appointment *dossiers.Appointment `json:"appointment,omitempty"`
	// Lawyer is the account that asked from the lawyer console, with its
	// e-mail address at the time: the request is about Dossier, which the
	// lawyer held a live mandate for. They read the answer in the console.
	Lawyer      string `json:"lawyer,omitempty"`
	LawyerEmail string `json:"lawyer_email,omitempty"`
	// Contact is how the applicant wants the answer; ContactValue the
	// phone number or e-mail address as given.
	Contact      string `json:"contact"`
	ContactValue string `json:"contact_value,omitempty"`

	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	State    string    `json:"state"`
	Assignee string    `json:"assignee,omitempty"`
	Notes    []Note    `json:"notes,omitempty"`
	Replies  []Reply   `json:"replies,omitempty"`

	ReceiptID    string `json:"receipt_id"`
	ReceiptToken string `json:"receipt_token"`

	PINFailures int       `json:"pin_failures,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// Verified reports whether the dossier was checked against its birth date.
func (e Escalation) Verified() bool { return e.Dossier != "" }

// Waiting is how long a dossier has waited, against what: the day its
// status began, the day from which the applicant could ask, and the
// published estimate (0 when hidden) and legal deadline in days.
type Waiting struct {
	Status     string `json:"status"`
	Since      string `json:"since"`
	AskFrom    string `json:"ask_from,omitempty"`
	MedianDays int    `json:"median_days,omitempty"`
	P80Days    int    `json:"p80_days,omitempty"`
	LegalDays  int    `json:"legal_days,omitempty"`
}

// waitingOf is the waiting context of a lookup answer.
func waitingOf(a *dossiers.Answer) *Waiting {
	w := &Waiting{Status: a.Status.Code, Since: a.Entered, AskFrom: a.AskFrom, LegalDays: a.Status.LegalDays}
	if a.Estimate != nil {
		w.MedianDays, w.P80Days = a.Estimate.MedianDays, a.Estimate.P80Days
	}
	return w
}

// Note is an internal note: staff only.
type Note struct {
	At     time.Time `json:"at"`
	Author string    `json:"author"`
	Text   string    `json:"text"`
}

// Reply is an answer to the applicant. A free-text reply has Lang (the
// language staff wrote it in) and Text; a canned one has Canned (its id)
// and Texts, a copy of the canned answer in every language at the time of
// the reply, so later edits do not change what was said.
type Reply struct {
	At     time.Time         `json:"at"`
	Author string            `json:"author"`
	Lang   string            `json:"lang,omitempty"`
	Text   string            `json:"text,omitempty"`
	Canned string            `json:"canned,omitempty"`
	Texts  map[string]string `json:"texts,omitempty"`
}

// In returns the reply as the applicant reads it in lang: a canned answer
// in lang when it has that text, else in English; a free text as written.
// The returned language says which one it is.
func (r Reply) In(lang string) (text, textLang string) {
	if r.Canned == "" {
		return r.Text, r.Lang
	}
	if t := r.Texts[lang]; t != "" {
		return t, lang
	}
	return r.Texts["en"], "en"
}

// Canned is a prepared answer kept by supervisors in every language; at
// least English is required.
type Canned struct {
	ID        string            `json:"id"`
	Title     string            `json:"title"`
	Texts     map[string]string `json:"texts"`
	Updated   time.Time         `json:"updated"`
	UpdatedBy string            `json:"updated_by"`
}

// Viewer is the staff member looking: who, for assignments and the audit
// trail, and which offices' kiosk escalations they may see.
type Viewer struct {
	ID      string
	Offices []string
	// All is set for administrators, who see every office.
	All bool
}

// CanSee reports whether v may see e: phone escalations have no office
// and go to every helpdesk account; kiosk ones to that office's staff.
func (v Viewer) CanSee(e Escalation) bool {
	return v.All || e.Office == "" || slices.Contains(v.Offices, e.Office)
}
