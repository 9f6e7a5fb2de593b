package bookings

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ICSTexts are the calendar texts in the person's language; the caller
// translates them.
type ICSTexts struct {
	// Summary is the event title, e.g. "Appointment: biometrics".
	Summary string
	// Intro opens the description, e.g. the reference and what to do on arrival.
	Intro string
	// BringTitle heads the Bring list, e.g. "What to bring".
	BringTitle string
	Bring      []string
	// Organizer is the e-mail address that organizes the event when the
	// office has none of its own (Contact.Email): the administration's.
	Organizer string
}

// vtimezoneBrussels describes Europe/Brussels as EU rules since 1996: CEST
// from the last Sunday of March 02:00, CET from the last Sunday of October
// 03:00. Calendar apps use it when they do not know the zone by name.
const vtimezoneBrussels = "BEGIN:VTIMEZONE\r\n" +
	"TZID:Europe/Brussels\r\n" +
	"BEGIN:DAYLIGHT\r\n" +
	"TZOFFSETFROM:+0100\r\n" +
	"TZOFFSETTO:+0200\r\n" +
	"TZNAME:CEST\r\n" +
	"DTSTART:19700329T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" +
	"END:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\n" +
	"TZOFFSETFROM:+0200\r\n" +
	"TZOFFSETTO:+0100\r\n" +
	"TZNAME:CET\r\n" +
	"DTSTART:19701025T030000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n" +
	"END:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

// ICS is an RFC 5545 calendar file for booking b at office o. The UID is
// the reference, so a moved booking replaces the old event (SEQUENCE grows
// with each change) and a cancelled one removes it (METHOD:CANCEL).
// Offices outside Europe/Brussels get UTC times.
//
// METHOD makes the file an iTIP message (RFC 5546), which must name its
// ORGANIZER: the office, with its e-mail address (Contact.Email, set in
// the offices file), else t.Organizer. With neither, the file is a plain
// calendar object without METHOD, which needs no organizer; a cancelled
// booking then says so with STATUS:CANCELLED alone.
func ICS(b Booking, o Office, t ICSTexts) []byte {
	var w bytes.Buffer
	line := func(s string) {
		w.WriteString(fold(s))
		w.WriteString("\r\n")
	}
	method, status := "PUBLISH", "CONFIRMED"
	if b.Status == StatusCancelled {
		method, status = "CANCEL", "CANCELLED"
	}
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Loket//Bookings//EN")
	line("CALSCALE:GREGORIAN")
	organizer := o.Contact.Email
	if organizer == "" {
		organizer = t.Organizer
	}
	if organizer != "" {
		line("METHOD:" + method)
	}
	brussels := o.TimeZone == "" || o.TimeZone == "Europe/Brussels"
	if brussels {
		w.WriteString(vtimezoneBrussels)
	}
	line("BEGIN:VEVENT")
	line("UID:" + b.Ref.String() + "@loket")
	line("SEQUENCE:" + fmt.Sprint(b.Sequence))
	line("DTSTAMP:" + b.UpdatedAt.UTC().Format("20060102T150405Z"))
	if organizer != "" {
		line("ORGANIZER;CN=" + paramValue(o.Name) + ":mailto:" + organizer)
	}
	if loc, err := o.Location(); brussels && err == nil {
		line("DTSTART;TZID=Europe/Brussels:" + b.Start.In(loc).Format("20060102T150405"))
		line("DTEND;TZID=Europe/Brussels:" + b.End.In(loc).Format("20060102T150405"))
	} else {
		line("DTSTART:" + b.Start.UTC().Format("20060102T150405Z"))
		line("DTEND:" + b.End.UTC().Format("20060102T150405Z"))
	}
	line("STATUS:" + status)
	line("SUMMARY:" + escapeText(t.Summary))
	line("LOCATION:" + escapeText(o.Name+", "+o.Address))
	desc := t.Intro
	if len(t.Bring) > 0 {
		desc += "\n\n" + t.BringTitle + ":"
		for _, item := range t.Bring {
			desc += "\n- " + item
		}
	}
	line("DESCRIPTION:" + escapeText(strings.TrimSpace(desc)))
	if o.MapURL != "" {
		line("URL:" + o.MapURL)
	}
	line("TRANSP:OPAQUE")
	line("END:VEVENT")
	line("END:VCALENDAR")
	return w.Bytes()
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11).
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// paramValue writes a property parameter value (RFC 5545 3.2): quoted
// when it holds ";", ":" or ",", which cannot hold a double quote or a
// control character at all.
func paramValue(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if strings.ContainsAny(s, ";:,") {
		return `"` + s + `"`
	}
	return s
}

// fold splits a content line into lines of at most 75 octets, continued
// with CRLF and a space (RFC 5545 3.1), never inside a UTF-8 character.
func fold(s string) string {
	if len(s) <= 75 {
		return s
	}
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	return b.String()
}
