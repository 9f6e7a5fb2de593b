package dossiers

import (
	"io"
	"strconv"
	"time"

	"loket/server/sheet"
)

// ProcessingTime is the published time from one status of a procedure to a
// decision, over the dossiers decided so far. Below the service's
// threshold of decided dossiers (MinSamples) nothing but the procedure and
// status is published: a handful of cases says little and could point at
// a person.
type ProcessingTime struct {
	Procedure string `json:"procedure"`
	Status    string `json:"status"`
	Shown     bool   `json:"shown"`
	// MedianDays and P80Days: half and 8 in 10 of the dossiers were
	// decided within so many days of entering the status.
	MedianDays int `json:"median_days,omitempty"`
	P80Days    int `json:"p80_days,omitempty"`
	// SampleSize is the number of decided dossiers counted.
	SampleSize int `json:"sample_size,omitempty"`
}

// MedianWeeks is the median in whole weeks, rounded up.
func (p ProcessingTime) MedianWeeks() int { return (p.MedianDays + 6) / 7 }

// P80Weeks is the 80th percentile in whole weeks, rounded up.
func (p ProcessingTime) P80Weeks() int { return (p.P80Days + 6) / 7 }

// ProcessingTimes are the public figures of every procedure, as computed at
// Computed, for the page, the JSON endpoint and the CSV file.
type ProcessingTimes struct {
	Computed   time.Time        `json:"computed"`
	MinSamples int              `json:"min_samples"`
	Times      []ProcessingTime `json:"times"`
}

// ProcessingTimes returns the published times from the current snapshot:
// every status of every procedure that waits for the office, in the
// catalog's order. They are computed once per snapshot and shared, so
// callers must not change them; Computed says when they were, for caching.
func (s *Service) ProcessingTimes() *ProcessingTimes {
	sn := s.snap.Load()
	sn.timesOnce.Do(func() { sn.times = s.processingTimes(sn) })
	return sn.times
}

func (s *Service) processingTimes(sn *snapshot) *ProcessingTimes {
	out := &ProcessingTimes{Computed: sn.at, MinSamples: s.minSamples, Times: []ProcessingTime{}}
	for _, p := range Procedures {
		for _, def := range s.cat.Statuses(p) {
			if def.Kind != KindOpen || def.WaitsFor != WaitsOffice {
				continue
			}
			pt := ProcessingTime{Procedure: p, Status: def.Code}
			if e, ok := sn.est[StatKey(p, def.Code)]; ok && e.N >= s.minSamples {
				pt.Shown, pt.MedianDays, pt.P80Days, pt.SampleSize = true, e.MedianDays, e.P80Days, e.N
			}
			out.Times = append(out.Times, pt)
		}
	}
	return out
}

// WriteCSV writes the times as a spreadsheet file with language-neutral
// column names and codes; a hidden row has empty figures.
func (pt *ProcessingTimes) WriteCSV(w io.Writer) error {
	cw := sheet.NewWriter(w)
	rows := [][]string{{"procedure", "status", "median_days", "p80_days", "sample_size", "computed"}}
	computed := pt.Computed.UTC().Format(time.RFC3339)
	for _, t := range pt.Times {
		row := []string{t.Procedure, t.Status, "", "", "", computed}
		if t.Shown {
			row[2], row[3], row[4] = strconv.Itoa(t.MedianDays), strconv.Itoa(t.P80Days), strconv.Itoa(t.SampleSize)
		}
		rows = append(rows, row)
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}
