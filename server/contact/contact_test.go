package contact

import (
	"slices"
	"strings"
	"testing"
	"time"

	"loket/server/bookings"
	"loket/server/locale"
	"loket/translations"
)

func TestBuildInEveryLanguage(t *testing.T) {
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		t.Fatal(err)
	}
	admin, offices := bookings.DemoAdministration(), bookings.DemoOffices()
	for _, lang := range translations.Languages {
		p := cats.Printer(lang)
		pg := Build(p, admin, offices, AnswerDays(48*time.Hour))
		if pg.Phone == "" || pg.Dial != "+3220000000" || pg.Address == "" || pg.Email == "" {
			t.Errorf("%s: helpdesk %+v", lang, pg)
		}
		if len(pg.PhoneHours) != 7 || pg.PhoneHours[0].Day != p.T("date.weekday.1") || !pg.PhoneHours[6].Closed {
			t.Errorf("%s: phone hours %+v", lang, pg.PhoneHours)
		}
		if len(pg.Offices) != len(offices) || pg.Offices[0].Accessibility == "" {
			t.Errorf("%s: offices %+v", lang, pg.Offices)
		}
		// A note not written in the reader's language says which it is in,
		// so the page can mark it (a screen reader then reads it as such).
		for _, o := range append([]Office{{Accessibility: pg.Accessibility, AccessibilityLang: pg.AccessibilityLang}}, pg.Offices...) {
			if o.AccessibilityLang == "" || o.AccessibilityLang != lang && o.Accessibility == admin.Accessibility[lang] {
				t.Errorf("%s: accessibility note in %q: %q", lang, o.AccessibilityLang, o.Accessibility)
			}
		}
		if strings.HasPrefix(pg.AnswerTime, "trust.") || lang == "en" && pg.AnswerTime != "We answer written questions within 2 working days." {
			t.Errorf("%s: answer time %q", lang, pg.AnswerTime)
		}
	}
	fa := Build(cats.Printer("fa"), admin, offices, 2)
	if got := fa.PhoneHours[0].Hours; got != "۰۹:۰۰–۱۲:۰۰, ۱۳:۰۰–۱۶:۰۰" {
		t.Errorf("fa hours %q", got)
	}
	if _, ok := offices[0].Accessibility["ti"]; !ok {
		if ti := Build(cats.Printer("ti"), admin, offices, 2); ti.Offices[0].AccessibilityLang != "en" {
			t.Errorf("ti: an English note marked %q", ti.Offices[0].AccessibilityLang)
		}
	}
	nl := Build(cats.Printer("nl"), admin, offices, 2)
	if !slices.Contains(nl.Offices[0].DeskLanguages, "Arabisch") || nl.Name != admin.Name["nl"] {
		t.Errorf("nl: %v %q", nl.Offices[0].DeskLanguages, nl.Name)
	}
	if ar := Build(cats.Printer("ar"), admin, offices, 2); ar.Name != admin.Name["en"] || ar.Offices[0].Hours[5].Hours != cats.Printer("ar").T("trust.contact.closed") {
		t.Errorf("ar: %q %+v", ar.Name, ar.Offices[0].Hours)
	}
}

func TestAnswerDays(t *testing.T) {
	for sla, want := range map[time.Duration]int{48 * time.Hour: 2, 30 * time.Hour: 2, time.Hour: 1, 24 * time.Hour: 1} {
		if got := AnswerDays(sla); got != want {
			t.Errorf("AnswerDays(%v) = %d, want %d", sla, got, want)
		}
	}
}
