// Package demo fills an empty store with a clearly fictitious data set:
// offices, services, dossiers in every procedure and status, and accounts,
// so that a newcomer can try every flow. Nothing in it is a real person.
package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"loket/server/dossiers"
)

// Store is what loading the demo needs.
type Store interface {
	DemoLoaded() (bool, error)
	MarkDemoLoaded() error
}

// DossierService takes the demo dossiers through the same validation as
// the feed.
type DossierService interface {
	Catalog() *dossiers.Catalog
	Parse(number string, body map[string]any) (dossiers.Dossier, error)
	Import(ds []dossiers.Dossier) error
}

// Load adds the demo data set once; a store that has it already is left
// as it is, so restarting with -demo changes nothing.
func Load(s Store, d DossierService, a AccountCreator) error {
	done, err := s.DemoLoaded()
	if err != nil || done {
		return err
	}
	if err := SeedAccounts(context.Background(), a); err != nil {
		return err
	}
	ds, err := Dossiers(d, time.Now())
	if err != nil {
		return err
	}
	if err := d.Import(ds); err != nil {
		return err
	}
	return s.MarkDemoLoaded()
}

// Showcase is one memorable demo dossier, listed in the README.
type Showcase struct {
	Number, Birth, Code, Procedure, Status string
	// Days is how long ago it entered its status; Docs and Appointment add
	// a document request and an appointment; Code is a letter's access code.
	Days        int
	Docs        bool
	Appointment bool
	First       string
}

// Showcases are the demo dossiers to try (README "Demo dossiers").
var Showcases = []Showcase{
	{"10000001", "1990-01-01", "", "asylum", "examination", 40, false, false, "Amina"},
	{"10000002", "1985-05-05", "", "asylum", "interview", 10, false, true, "Bilal"},
	{"10000003", "1992-03-15", "", "family", "incomplete", 12, true, false, "Chiara"},
	{"10000004", "1999-09-09", "", "study", "granted", 5, false, false, "Dawit"},
	{"10000005", "1980-12-31", "", "work", "region_check", 20, false, false, "Elena"},
	{"10000006", "1975-07-14", "", "short_stay", "registered", 3, false, false, "Farid"},
	{"10000007", "1988-08-08", "", "regularisation", "examination", 500, false, false, "Goli"},
	{"10000008", "1970-02-28", "", "statelessness", "refused", 15, false, false, "Hassan"},
	{"10000009", "1995-04-01", "", "return", "departure_booked", 7, false, true, "Iryna"},
	{"10000010", "2000-10-10", "", "eu_citizen", "municipality_check", 200, false, false, "Jonas"},
	{"10000011", "1983-11-11", "", "asylum", "appeal", 60, false, false, "Karim"},
	{"10000012", "1991-06-21", "K7P2W9X4RT", "family", "examination", 30, false, false, "Leyla"},
	{"10000013", "1987-03-03", "", "temporary_protection", "residence_card", 6, false, false, "Olena"},
}

// Dossiers builds the demo dossiers for a day: the showcases, one dossier
// in every status of every procedure (20PPSS00, birth date 1990-01-01),
// 300 decided dossiers per procedure (3PPNNNNN) so that estimates show, and
// waiting dossiers (4PPNNNNN) so that queue positions do. The random
// source is seeded: every store gets the same set.
func Dossiers(d DossierService, now time.Time) ([]dossiers.Dossier, error) {
	cat := d.Catalog()
	rng := rand.New(rand.NewPCG(3, 14))
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var out []dossiers.Dossier
	add := func(number string, body map[string]any) error {
		x, err := d.Parse(number, body)
		if err != nil {
			return fmt.Errorf("demo dossier %s: %w", number, err)
		}
		out = append(out, x)
		return nil
	}
	for _, s := range Showcases {
		codes := pathTo(cat.Statuses(s.Procedure), s.Status)
		start := today.AddDate(0, 0, -s.Days-30*(len(codes)-1))
		body := dossierBody(s.Procedure, s.Birth, events(codes, start, today.AddDate(0, 0, -s.Days)))
		body["first_name"] = s.First
		if s.Code != "" {
			body["access_code"] = s.Code
		}
		if s.Docs {
			body["documents"] = []any{
				map[string]any{"kind": "birth_certificate", "due": today.AddDate(0, 0, 18).Format(time.DateOnly)},
				map[string]any{"kind": "income_proof", "due": today.AddDate(0, 0, 18).Format(time.DateOnly)},
			}
		}
		if s.Appointment {
			at := time.Date(today.Year(), today.Month(), today.Day()+9, 9, 30, 0, 0, time.UTC)
			body["appointment"] = map[string]any{"at": at.Format(time.RFC3339), "office": "brussels"}
		}
		if err := add(s.Number, body); err != nil {
			return nil, err
		}
	}
	for pi, p := range dossiers.Procedures {
		defs := cat.Statuses(p)
		for si, def := range defs {
			codes := pathTo(defs, def.Code)
			start := today.AddDate(0, 0, -20*len(codes)-10)
			number := fmt.Sprintf("20%02d%02d00", pi+1, si+1)
			if err := add(number, dossierBody(p, "1990-01-01", events(codes, start, today.AddDate(0, 0, -10)))); err != nil {
				return nil, err
			}
		}
		for n := range 300 {
			body := dossierBody(p, birth(rng), history(rng, defs, today, true))
			if err := add(fmt.Sprintf("3%02d%05d", pi+1, n+1), body); err != nil {
				return nil, err
			}
		}
		for n := range 40 {
			body := dossierBody(p, birth(rng), history(rng, defs, today, false))
			if err := add(fmt.Sprintf("4%02d%05d", pi+1, n+1), body); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func dossierBody(procedure, birthDate string, evs []any) map[string]any {
	first := evs[0].(map[string]any)["date"]
	return map[string]any{"procedure": procedure, "birth_date": birthDate, "received": first, "events": evs,
		"office": "brussels", "language": "en"}
}

// events spreads codes evenly from start to last, one event each.
func events(codes []string, start, last time.Time) []any {
	out := make([]any, len(codes))
	step := 0.0
	if len(codes) > 1 {
		step = last.Sub(start).Hours() / 24 / float64(len(codes)-1)
	}
	for i, c := range codes {
		day := start.AddDate(0, 0, int(math.Round(step*float64(i))))
		out[i] = map[string]any{"id": fmt.Sprintf("demo-%d", i+1), "code": c, "date": day.Format(time.DateOnly)}
	}
	return out
}

// pathTo is a plausible way to a status: the open statuses before the
// first decision, then for statuses after a decision a decision (the
// negative one before an appeal) and the open statuses in between.
func pathTo(defs []dossiers.StatusDef, target string) []string {
	t, _ := find(defs, target)
	var path []string
	decided := false
	for _, d := range defs {
		switch {
		case d.Code == target:
			return append(path, target)
		case d.Kind == dossiers.KindDecision:
			if decided || t.Kind == dossiers.KindDecision || (target == "appeal" && d.Outcome == "positive") {
				continue
			}
			path = append(path, d.Code)
			decided = true
		case d.Kind == dossiers.KindOpen && d.Code != "appeal":
			path = append(path, d.Code)
		}
	}
	return path
}

// history draws a realistic course: the open statuses before the first
// decision (some skipped), each taking about its usual days, and, when
// decided, a decision. Open ones stop in a status that waits for the
// office.
func history(rng *rand.Rand, defs []dossiers.StatusDef, today time.Time, decided bool) []any {
	type step struct {
		code string
		days int
	}
	var steps []step
	var decisions []dossiers.StatusDef
	for _, d := range defs {
		if d.Kind == dossiers.KindDecision {
			decisions = append(decisions, d)
		}
		if len(decisions) > 0 || d.Kind != dossiers.KindOpen {
			continue
		}
		if (d.Code == "incomplete" && rng.Float64() > 0.3) || (d.Code == "interview" && rng.Float64() > 0.8) ||
			(d.Code == "planning" && rng.Float64() > 0.6) {
			continue
		}
		usual := d.UsualDays
		if usual == 0 {
			usual = 21
		}
		// A skewed spread around the usual time: most near it, some far over.
		days := int(float64(usual) * math.Exp(rng.NormFloat64()*0.35))
		steps = append(steps, step{d.Code, max(days, 1)})
	}
	if !decided {
		// Stop somewhere in the first office-side statuses.
		cut := 1 + rng.IntN(len(steps))
		steps = steps[:cut]
		if d, _ := find(defs, steps[cut-1].code); d.WaitsFor != dossiers.WaitsOffice {
			steps = steps[:1]
		}
	}
	total := 0
	for _, s := range steps[:len(steps)-1] {
		total += s.days
	}
	if decided {
		total += steps[len(steps)-1].days
	}
	var end time.Time
	if decided {
		end = today.AddDate(0, 0, -1-rng.IntN(700))
	} else {
		end = today.AddDate(0, 0, -rng.IntN(min(steps[len(steps)-1].days, 200)+1))
	}
	day := end.AddDate(0, 0, -total)
	var out []any
	for i, s := range steps {
		out = append(out, map[string]any{"id": fmt.Sprintf("demo-%d", i+1), "code": s.code, "date": day.Format(time.DateOnly)})
		day = day.AddDate(0, 0, s.days)
	}
	if decided {
		dec := decisions[0]
		if len(decisions) > 1 && rng.Float64() < 0.3 {
			dec = decisions[1]
		}
		out = append(out, map[string]any{"id": "demo-decision", "code": dec.Code, "date": end.Format(time.DateOnly)})
	}
	return out
}

func find(defs []dossiers.StatusDef, code string) (dossiers.StatusDef, bool) {
	for _, d := range defs {
		if d.Code == code {
			return d, true
		}
	}
	return dossiers.StatusDef{}, false
}

func birth(rng *rand.Rand) string {
	return time.Date(1950+rng.IntN(55), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
