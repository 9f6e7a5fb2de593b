// Package contact builds the contact page's content in a reader's
// language: how to reach the administration's helpdesk and each office
// (phone and its hours, e-mail, postal address, opening hours, languages
// spoken at the desk, accessibility), from the offices' configuration.
// It knows nothing of HTTP; the web layer renders what it returns.
package contact

import (
	"strings"
	"time"

	"loket/server/bookings"
	"loket/server/locale"
)

// Page is everything the contact page shows, already in one language.
type Page struct {
	Name    string
	Address string
	Phone   string
	// Dial is Phone as dialled, for a tel: link: "+" and digits only.
	Dial       string
	Email      string
	PhoneHours []Day
	// DeskLanguages are names in the reader's language.
	DeskLanguages []string
	// Accessibility is the accessibility note, written in AccessibilityLang.
	Accessibility, AccessibilityLang string
	// AnswerTime says within how many working days written questions are
	// answered.
	AnswerTime string
	Offices    []Office
}

// Office is one office as the contact page lists it.
type Office struct {
	ID, Name, Address, MapURL string
	Phone, Dial, Email        string
	Hours, PhoneHours         []Day
	DeskLanguages             []string
	Accessibility             string
	AccessibilityLang         string
}

// Day is one weekday's hours in words: "Monday", "09:00–12:00, 13:00–16:00"
// or "closed".
type Day struct {
	Day, Hours string
	Closed     bool
}

// Build makes the contact page for reader p. answerDays is the helpdesk's
// target in working days.
func Build(p *locale.Printer, admin bookings.Administration, offices []bookings.Office, answerDays int) Page {
	pg := Page{
		Name: admin.NameIn(p.Lang()), Address: admin.Address, Phone: admin.Contact.Phone, Dial: dial(admin.Contact.Phone),
		Email: admin.Contact.Email, DeskLanguages: names(p, admin.Contact.DeskLanguages),
		AnswerTime: p.T("trust.contact.answer_time", "count", answerDays),
	}
	pg.Accessibility, pg.AccessibilityLang = admin.AccessibilityIn(p.Lang())
	if len(admin.Contact.PhoneHours) > 0 {
		pg.PhoneHours = Week(p, admin.Contact.PhoneHours)
	}
	for _, o := range offices {
		oc := Office{ID: o.ID, Name: o.Name, Address: o.Address, MapURL: o.MapURL, Phone: o.Contact.Phone,
			Dial: dial(o.Contact.Phone), Email: o.Contact.Email, Hours: Week(p, o.Hours),
			DeskLanguages: names(p, o.Contact.DeskLanguages)}
		oc.Accessibility, oc.AccessibilityLang = o.AccessibilityIn(p.Lang())
		if len(o.Contact.PhoneHours) > 0 {
			oc.PhoneHours = Week(p, o.Contact.PhoneHours)
		}
		pg.Offices = append(pg.Offices, oc)
	}
	return pg
}

// Week writes hours Monday first, every day, in the reader's language
// and digits.
func Week(p *locale.Printer, hours map[string][]bookings.Period) []Day {
	var out []Day
	for _, d := range bookings.Week(hours) {
		day := Day{Day: p.T("date.weekday." + string(rune('0'+int(d.Weekday))))}
		if len(d.Periods) == 0 {
			day.Hours, day.Closed = p.T("trust.contact.closed"), true
		} else {
			spans := make([]string, len(d.Periods))
			for i, per := range d.Periods {
				spans[i] = p.Digits(per.From.String()) + "–" + p.Digits(per.To.String())
			}
			day.Hours = strings.Join(spans, ", ")
		}
		out = append(out, day)
	}
	return out
}

func names(p *locale.Printer, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = p.LanguageName(c)
	}
	return out
}

// dial is a phone number written "+32 2 000 00 00" as dialled: the "+"
// and the digits, for a tel: link (RFC 3966) the template writes.
func dial(phone string) string {
	return strings.Map(func(r rune) rune {
		if r == '+' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
}

// AnswerDays is the helpdesk's service-level target in whole working days,
// at least one: 48 hours are 2 days.
func AnswerDays(sla time.Duration) int {
	days := int((sla + 24*time.Hour - 1) / (24 * time.Hour))
	return max(days, 1)
}
