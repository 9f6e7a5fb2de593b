// Package proctimes builds the public processing-times page in a reader's
// language from the dossiers' published figures: per procedure and step,
// the median and 80th percentile in weeks, the number of dossiers
// counted, and a plain note where too few were decided to publish one.
// It knows nothing of HTTP; the web layer renders what it returns and
// serves the same figures as JSON and CSV.
package proctimes

import (
	"time"

	"loket/server/content"
	"loket/server/dossiers"
	"loket/server/locale"
)

// Page is the processing-times page in one language.
type Page struct {
	Computed   string // "Computed on 6 December 2026."
	Threshold  string
	Procedures []Procedure
	// Shown says at least one figure is published.
	Shown bool
}

// Procedure is one procedure's steps; NameLang is the language its name
// is really in (a fallback may differ from the page's).
type Procedure struct {
	Key, Name, NameLang string
	Steps               []Step
}

// Step is one status of a procedure, with its figures when published.
type Step struct {
	Code, Title, TitleLang string
	Shown                  bool
	Median, P80, Sample    string
}

// Build lays pt out for reader p (chain is p's fallback chain), naming
// procedures by their information page and steps by the status catalog.
func Build(p *locale.Printer, chain []string, pt *dossiers.ProcessingTimes, cat *dossiers.Catalog, lib *content.Library, loc *time.Location) Page {
	pg := Page{Threshold: p.T("times.threshold", "count", pt.MinSamples)}
	if !pt.Computed.IsZero() {
		pg.Computed = p.T("times.computed", "date", pt.Computed.In(loc))
	}
	byKey := map[string]int{}
	for _, t := range pt.Times {
		i, ok := byKey[t.Procedure]
		if !ok {
			pr := Procedure{Key: t.Procedure, Name: t.Procedure}
			if page, ok := lib.Page(chain, t.Procedure); ok {
				pr.Name, pr.NameLang = page.Title, page.Lang
			}
			pg.Procedures = append(pg.Procedures, pr)
			i = len(pg.Procedures) - 1
			byKey[t.Procedure] = i
		}
		text := cat.Text(chain, t.Procedure, t.Status)
		st := Step{Code: t.Status, Title: text.Title, TitleLang: text.Lang, Shown: t.Shown}
		if t.Shown {
			st.Median = p.T("times.weeks", "count", t.MedianWeeks())
			st.P80 = p.T("times.weeks", "count", t.P80Weeks())
			st.Sample = p.Number(t.SampleSize)
			pg.Shown = true
		}
		pg.Procedures[i].Steps = append(pg.Procedures[i].Steps, st)
	}
	return pg
}
