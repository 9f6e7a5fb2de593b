// Package email sends the outbox's e-mail: a multipart text and HTML
// message in the recipient's language (with its direction), a one-click
// List-Unsubscribe, and the appointment's calendar file for booking
// messages, over SMTP with STARTTLS or implicit TLS.
package email

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"loket/server/bookings"
	"loket/server/notify"
)

// Offices finds an office by id; *bookings.Manager is one.
type Offices interface {
	Office(id string) (bookings.Office, error)
}

// Composer words messages.
type Composer struct {
	Texts   notify.Texts
	Offices Offices
	// Base is the public address of Loket ("https://loket.example"), for
	// links; no link carries a reference, PIN or other personal data.
	Base string
	// Organizer is the address calendar files name when the office has
	// none of its own: the sender's.
	Organizer string
}

// Content is one composed e-mail.
type Content struct {
	Subject, Text, HTML string
	Lang, Dir           string
	// ICS is the calendar file of a booking message, nil otherwise.
	ICS []byte
	// Unsubscribe is the one-tap address that stops the subscription.
	Unsubscribe string
}

// urlMark stands for a link inside a translated sentence until the HTML
// version turns it into an anchor.
const urlMark = "LOKETURLMARK"

// Compose writes m to sub in sub's language.
func (c *Composer) Compose(m notify.Message, sub notify.Subscription) (Content, error) {
	p := c.Texts.Printer(sub.Lang)
	v := view{Lang: p.Lang(), Dir: p.Dir(), Subject: p.T("notify.subject." + string(m.Event)), Opening: p.T("notify.push." + string(m.Event))}
	ref := m.Data["ref"]
	var ics []byte
	link := ""
	if m.Subject.Kind == notify.KindBooking && ref != "" {
		ref = bookings.Reference(ref).String()
	}
	if m.Subject.Kind == notify.KindBooking && m.Data["start"] != "" {
		b, o, err := c.booking(m)
		if err != nil {
			return Content{}, err
		}
		loc, err := o.Location()
		if err != nil {
			loc = time.UTC
		}
		start := b.Start.In(loc)
		v.Lines = append(v.Lines, p.T("notify.email.reference", "reference", ref),
			p.T("notify.email.when", "date", p.Date(start), "time", start.Format("15:04")),
			p.T("notify.email.where", "office", o.Name+", "+o.Address))
		s, _ := o.Service(b.ServiceID)
		if m.Event != notify.EventBookingCancelled && m.Event != notify.EventOfficeNotice {
			v.BringTitle = p.T("booking.label.bring")
			for _, k := range s.Checklist {
				v.Bring = append(v.Bring, p.T(k))
			}
		}
		link = "notify.email.manage"
		if m.Event == notify.EventOfficeNotice {
			link = "notify.email.rebook"
		}
		if m.Event == notify.EventBookingConfirmed || m.Event == notify.EventBookingMoved || m.Event == notify.EventBookingCancelled {
			t := bookings.ICSTexts{Summary: p.T("booking.ics.summary", "service", s.NameIn(p)),
				Intro: p.T("booking.ics.intro", "reference", ref), BringTitle: p.T("booking.label.bring"), Organizer: c.Organizer}
			for _, k := range s.Checklist {
				t.Bring = append(t.Bring, p.T(k))
			}
			ics = bookings.ICS(b, o, t)
			v.Calendar = p.T("notify.email.calendar")
		}
	} else if m.Subject.Kind == notify.KindLawyer {
		n, _ := strconv.Atoi(m.Data["count"])
		v.Opening = p.T("notify.email.digest_intro", "count", n)
		for i := 0; m.Data["line."+strconv.Itoa(i)] != ""; i++ {
			v.Lines = append(v.Lines, m.Data["line."+strconv.Itoa(i)])
		}
		link = "notify.email.digest_open"
		v.Why = p.T("notify.email.why_digest")
	} else if ref != "" {
		v.Lines = append(v.Lines, p.T("notify.email.reference", "reference", ref))
		link = "notify.email.open"
	} else {
		link = "notify.email.open"
	}
	if page := notify.Page(m.Subject.Kind, v.Lang); page != "" {
		v.URL = c.Base + page
		v.Link = p.T(link, "url", urlMark)
	}
	v.UnsubURL = c.Base + notify.StopPath(v.Lang, sub.ID)
	if ref != "" {
		v.Why = p.T("notify.email.why", "reference", ref)
	}
	v.Unsub = p.T("notify.email.unsubscribe", "url", urlMark)
	var text, html bytes.Buffer
	if err := textTemplate(&text, v); err != nil {
		return Content{}, err
	}
	if err := htmlPage.Execute(&html, v); err != nil {
		return Content{}, fmt.Errorf("email: html: %w", err)
	}
	return Content{Subject: v.Subject, Text: text.String(), HTML: html.String(), Lang: v.Lang, Dir: v.Dir, ICS: ics, Unsubscribe: v.UnsubURL}, nil
}

// booking rebuilds the booking as it was at the change from the message.
func (c *Composer) booking(m notify.Message) (bookings.Booking, bookings.Office, error) {
	d := m.Data
	start, err1 := time.Parse(time.RFC3339, d["start"])
	end, err2 := time.Parse(time.RFC3339, d["end"])
	updated, _ := time.Parse(time.RFC3339, d["updated"])
	seq, err3 := strconv.Atoi(d["sequence"])
	if err1 != nil || err2 != nil || err3 != nil {
		return bookings.Booking{}, bookings.Office{}, fmt.Errorf("email: message %d has no booking times: %w", m.ID, notify.ErrPermanent)
	}
	o, err := c.Offices.Office(d["office"])
	if err != nil {
		return bookings.Booking{}, bookings.Office{}, fmt.Errorf("email: office %q: %w: %w", d["office"], err, notify.ErrPermanent)
	}
	b := bookings.Booking{Ref: bookings.Reference(d["ref"]), OfficeID: d["office"], ServiceID: d["service"], Start: start, End: end,
		Sequence: seq, Status: bookings.Status(d["status"]), UpdatedAt: updated}
	return b, o, nil
}

type view struct {
	Lang, Dir, Subject, Opening string
	Lines                       []string
	BringTitle                  string
	Bring                       []string
	Calendar                    string
	Link, URL                   string
	Why, Unsub, UnsubURL        string
}

func textTemplate(w *bytes.Buffer, v view) error {
	w.WriteString(v.Opening + "\n\n")
	for _, l := range v.Lines {
		w.WriteString(l + "\n")
	}
	if len(v.Bring) > 0 {
		w.WriteString("\n" + v.BringTitle + ":\n")
		for _, b := range v.Bring {
			w.WriteString("- " + b + "\n")
		}
	}
	if v.Calendar != "" {
		w.WriteString("\n" + v.Calendar + "\n")
	}
	if v.Link != "" {
		w.WriteString("\n" + strings.ReplaceAll(v.Link, urlMark, v.URL) + "\n")
	}
	w.WriteString("\n-- \n")
	if v.Why != "" {
		w.WriteString(v.Why + "\n")
	}
	w.WriteString(strings.ReplaceAll(v.Unsub, urlMark, v.UnsubURL) + "\n")
	return nil
}

// linked escapes a sentence and turns its link mark into an anchor.
func linked(sentence, url string) template.HTML {
	esc := template.HTMLEscapeString(sentence)
	a := `<a href="` + template.HTMLEscapeString(url) + `" dir="ltr">` + template.HTMLEscapeString(url) + `</a>`
	return template.HTML(strings.ReplaceAll(esc, urlMark, a))
}

var htmlPage = template.Must(template.New("email").Funcs(template.FuncMap{"linked": linked}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
<p>{{.Opening}}</p>
{{- if .Lines}}
<ul>{{range .Lines}}<li>{{.}}</li>{{end}}</ul>
{{- end}}
{{- if .Bring}}
<h2 style="font-size: 1em">{{.BringTitle}}</h2>
<ul>{{range .Bring}}<li>{{.}}</li>{{end}}</ul>
{{- end}}
{{- if .Calendar}}
<p>{{.Calendar}}</p>
{{- end}}
{{- if .Link}}
<p>{{linked .Link .URL}}</p>
{{- end}}
<hr>
<p style="font-size: 0.9em">{{if .Why}}{{.Why}}<br>{{end}}{{linked .Unsub .UnsubURL}}</p>
</body>
</html>
`))
