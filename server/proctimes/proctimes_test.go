package proctimes

import (
	"testing"
	"time"

	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/locale"
	"loket/translations"
)

func TestBuild(t *testing.T) {
	cats, err := locale.Load(translations.FS, locale.Options{Default: "en", Order: translations.Languages})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := dossiers.LoadCatalog(translations.FS)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := content.Load(translations.FS, dossiers.Procedures)
	if err != nil {
		t.Fatal(err)
	}
	pt := &dossiers.ProcessingTimes{Computed: time.Date(2026, 12, 6, 23, 30, 0, 0, time.UTC), MinSamples: 20, Times: []dossiers.ProcessingTime{
		{Procedure: "study", Status: "received"},
		{Procedure: "study", Status: "examination", Shown: true, MedianDays: 130, P80Days: 200, SampleSize: 25},
		{Procedure: "work", Status: "received"},
	}}
	brussels, _ := time.LoadLocation("Europe/Brussels")
	for lang, want := range map[string][3]string{
		"en": {"19 weeks", "29 weeks", "Computed on 7 December 2026."},
		"uk": {"19 тижнів", "29 тижнів", "Розраховано 7 грудня 2026 року."},
		"ar": {"19 أسبوعًا", "29 أسبوعًا", "حُسب في 7 ديسمبر 2026."},
		"fa": {"۱۹ هفته", "۲۹ هفته", "محاسبه در ۷ دسامبر ۲۰۲۶."},
	} {
		p := cats.Printer(lang)
		pg := Build(p, cats.Chain(lang), pt, cat, lib, brussels)
		if len(pg.Procedures) != 2 || len(pg.Procedures[0].Steps) != 2 || !pg.Shown {
			t.Fatalf("%s: %+v", lang, pg)
		}
		exam := pg.Procedures[0].Steps[1]
		if exam.Median != want[0] || exam.P80 != want[1] || pg.Computed != want[2] || exam.Sample != p.Number(25) {
			t.Errorf("%s: %q %q %q %q", lang, exam.Median, exam.P80, pg.Computed, exam.Sample)
		}
		if hidden := pg.Procedures[1].Steps[0]; hidden.Shown || hidden.Median != "" || hidden.Sample != "" {
			t.Errorf("%s: hidden row %+v", lang, hidden)
		}
		if pg.Procedures[0].Name == "study" || exam.Title == "examination" || pg.Threshold == "times.threshold" {
			t.Errorf("%s: names %q %q %q", lang, pg.Procedures[0].Name, exam.Title, pg.Threshold)
		}
	}
	if pg := Build(cats.Printer("en"), cats.Chain("en"), &dossiers.ProcessingTimes{MinSamples: 20}, cat, lib, brussels); pg.Shown || pg.Computed != "" {
		t.Errorf("before the first snapshot: %+v", pg)
	}
}
