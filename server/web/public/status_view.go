package public

import (
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/dossiers"
	"loket/server/web/kit"
)

// statusView is a lookup answer with every text in the person's language:
// the result page renders it and the API returns it as JSON.
type statusView struct {
	Dossier       string             `json:"dossier"`
	Procedure     string             `json:"procedure"`
	ProcedureName string             `json:"procedure_name"`
	Initial       string             `json:"initial,omitempty"`
	Language      string             `json:"language"`
	Status        statusText         `json:"status"`
	Timeline      []kit.TimelineStep `json:"timeline"`
	Documents     []documentView     `json:"documents"`
	Appointment   *appointmentView   `json:"appointment,omitempty"`
	Estimate      *estimateView      `json:"estimate,omitempty"`
	QueuePosition *int               `json:"queue_position,omitempty"`
	QueueText     string             `json:"queue_text,omitempty"`
	Overdue       *overdueView       `json:"overdue,omitempty"`
	LegalAid      *legalAidView      `json:"legal_aid,omitempty"`
	// DocumentsHow says how and where to send requested documents.
	DocumentsHow string `json:"documents_how,omitempty"`
	Updated      string `json:"-"` // today's date, for "remember on this phone"
	// LawyerAccess is the result page's "give my lawyer access" section
	// (nil: none).
	LawyerAccess *lawyerAccess `json:"-"`
	// PrintoutPoW says the printout form needs a proof of work: this
	// address has spent its budget of printouts (see admitWrite).
	PrintoutPoW bool `json:"-"`
	// Follow is the "tell me when this changes" section (nil: none).
	Follow *followView `json:"-"`
	// reviewed: a translator checked the status text in the content
	// editor, so the page drops the "not yet checked" notice.
	reviewed bool
}

// TextReviewed tells the layout that the result's main text, the status
// text, was checked by a translator (kit.View.Reviewed).
func (s *statusView) TextReviewed() bool { return s.reviewed }

type statusText struct {
	Code      string `json:"code"`
	Kind      string `json:"kind"`
	Lang      string `json:"lang"`
	Title     string `json:"title"`
	Meaning   string `json:"meaning"`
	Action    string `json:"action"`
	Next      string `json:"next"`
	Duration  string `json:"duration,omitempty"`
	Since     string `json:"since"`
	SinceText string `json:"since_text"`
	// SinceLine is "Since 6 December 2026" with the date in the form the
	// language puts in a sentence.
	SinceLine string `json:"-"`
}

type documentView struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Due      string `json:"due"`
	DaysLeft int    `json:"days_left"`
	Text     string `json:"text"`
}

// appointmentView is an appointment the office set (an interview, a
// departure): where and when, and a way to say one cannot come, as it
// cannot be moved online.
type appointmentView struct {
	At         time.Time `json:"at"`
	Office     string    `json:"office,omitempty"`
	Place      string    `json:"place,omitempty"`
	Address    string    `json:"address,omitempty"`
	Text       string    `json:"text"`
	CannotCome string    `json:"cannot_come_url"`
}

type estimateView struct {
	MedianWeeks int    `json:"median_weeks"`
	P80Weeks    int    `json:"p80_weeks"`
	SampleSize  int    `json:"sample_size"`
	Computed    string `json:"computed"`
	Median      string `json:"median_text"`
	P80         string `json:"p80_text"`
	Basis       string `json:"basis_text"`
}

type overdueView struct {
	AskFrom string `json:"ask_from"`
	Title   string `json:"title"`
	Text    string `json:"text"`
	Ask     string `json:"ask"`
	// HelpURL opens the help form on "my dossier is overdue".
	HelpURL string `json:"help_url"`
}

// legalAidView is shown with a refusal: the right to appeal and where to
// find a lawyer for free.
type legalAidView struct {
	Text string `json:"text"`
	Link string `json:"link_text"`
	URL  string `json:"url"`
}

// newStatusView translates an answer for the request's language.
func (h *Handler) newStatusView(c *fiber.Ctx, a *dossiers.Answer) *statusView {
	p := h.Printer(c)
	chain := h.Catalogs.Chain(p.Lang())
	cat := h.Dossiers.Catalog()
	now := h.Now().In(h.Office)
	v := &statusView{Dossier: a.Number, Procedure: a.Procedure, Language: p.Lang(), Updated: now.Format(time.DateOnly),
		Documents: []documentView{}, Timeline: make([]kit.TimelineStep, 0, len(a.Timeline))}
	if page, ok := h.Content.Page(chain, a.Procedure); ok {
		v.ProcedureName = page.Title
	}
	// Only the first-name initial is kept, so only it can be shown.
	v.Initial = a.Initial
	t := cat.Text(chain, a.Procedure, a.Status.Code)
	v.Status = statusText{Code: a.Status.Code, Kind: a.Status.Kind, Lang: t.Lang, Title: t.Title, Meaning: t.Meaning,
		Action: t.Action, Next: t.Next, Duration: t.Duration, Since: a.Entered, SinceText: h.DateText(p, a.Entered),
		SinceLine: p.T("status.result.since", "date", civilDate(a.Entered))}
	v.reviewed = t.Reviewed && t.Lang == p.Lang()
	for i, e := range a.Timeline {
		et := cat.Text(chain, a.Procedure, e.Code)
		step := kit.TimelineStep{Code: e.Code, Title: et.Title, Lang: et.Lang, Date: e.Date, DateText: h.DateText(p, e.Date),
			Current: i == len(a.Timeline)-1}
		if e.Note != "" {
			step.Note = p.T("status.note." + e.Note)
		}
		v.Timeline = append(v.Timeline, step)
	}
	for _, d := range a.Documents {
		v.Documents = append(v.Documents, documentView{Kind: d.Kind, Name: p.T("status.document." + d.Kind), Due: d.Due,
			DaysLeft: d.DaysLeft, Text: p.T("status.document.days_left", "count", d.DaysLeft, "date", civilDate(d.Due))})
	}
	if len(v.Documents) > 0 {
		v.DocumentsHow = p.T("status.documents.how")
	}
	shell := kit.StateOf(c).Shell
	if ap := a.Appointment; ap != nil {
		local := ap.At.In(h.Office)
		v.Appointment = &appointmentView{At: ap.At, Office: ap.Office,
			CannotCome: kit.LocalURL(shell, p.Lang(), "/help?from=status_appointment&status="+url.QueryEscape(a.Status.Code)),
			Text:       p.T("status.appointment.when", "date", p.Date(local), "time", local)}
		if h.Bookings != nil {
			if o, err := h.Bookings.Office(ap.Office); err == nil {
				v.Appointment.Place, v.Appointment.Address = o.Name, o.Address
			}
		}
	}
	if e := a.Estimate; e != nil {
		computed := e.Computed.In(h.Office)
		key := p.Lang() + "|" + a.Procedure + "|" + a.Status.Code + "|" + computed.Format(time.RFC3339)
		v.Estimate = &estimateView{MedianWeeks: e.MedianWeeks(), P80Weeks: e.P80Weeks(), SampleSize: e.N,
			Computed: computed.Format(time.DateOnly),
			Median:   h.printed.Get("m|"+key, func() string { return p.T("status.estimate.median", "count", e.MedianWeeks()) }),
			P80:      h.printed.Get("p|"+key, func() string { return p.T("status.estimate.p80", "count", e.P80Weeks()) }),
			Basis: h.printed.Get("b|"+key, func() string {
				return p.T("status.estimate.basis", "count", e.N, "date", computed)
			})}
	}
	if a.Position >= 0 {
		n := a.Position
		v.QueuePosition = &n
		key := "status.queue"
		if n == 0 {
			key = "status.queue.none"
		}
		v.QueueText = h.printed.Get("q|"+p.Lang()+"|"+strconv.Itoa(n), func() string { return p.T(key, "count", n) })
	}
	if a.Overdue {
		v.Overdue = &overdueView{AskFrom: a.AskFrom, Title: p.T("status.overdue.title"), Text: p.T("status.overdue.text"),
			Ask:     p.T("status.overdue.ask"),
			HelpURL: kit.LocalURL(shell, p.Lang(), "/help?from=status_overdue&status="+url.QueryEscape(a.Status.Code))}
	}
	if a.Appealable {
		v.LegalAid = &legalAidView{Text: p.T("status.legal_aid.text"), Link: p.T("status.legal_aid.link"), URL: p.T("status.legal_aid.url")}
	}
	return v
}

// civilDate is a YYYY-MM-DD day as a time for a sentence's {date}, or the
// text itself when it is not one.
func civilDate(day string) any {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t
}
