package staff

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/sheet"
	"loket/server/stats"
)

// statsDays is the dashboard's period.
const statsDays = 28

// statsPage is the supervisors' dashboard.
type statsPage struct {
	staffPage
	Days        int
	SelfServed  uint64
	Escalations uint64
	HasEsc      bool
	// Ratio is self-served sessions per escalation, written out.
	Ratio       string
	DailyChart  template.HTML
	Daily       []dayCount
	EscChart    template.HTML
	EscCats     []string
	EscRows     []escRow
	LangChart   template.HTML
	Langs       []stats.Total
	Events      []stats.Total
	Channels    []stats.Total
	EventLabels map[string]string
}

type dayCount struct {
	Day   string
	Count uint64
}

type escRow struct {
	Day    string
	Counts []uint64
}

// statsDashboard shows the load self-service took off the helpdesk,
// escalations by category and the languages used, as server-drawn charts
// with the numbers in tables.
func (h *Handler) StatsDashboard(c *fiber.Ctx) error {
	rows, err := h.Stats.Rows(statsDays)
	if err != nil {
		return err
	}
	p := h.Printer(c)
	days := h.Stats.Days(statsDays)
	pg := statsPage{staffPage: h.newStaffPage(c), Days: statsDays, SelfServed: stats.SelfServed(rows)}
	self := make([]stats.Row, 0, len(rows))
	for _, r := range rows {
		if r.Name != stats.Escalation {
			self = append(self, r)
		}
	}
	perDay := stats.PerDay(self, days)
	for i, d := range days {
		pg.Daily = append(pg.Daily, dayCount{d, perDay[i]})
	}
	pg.DailyChart = columnChart(p.T("stats.chart.daily"), days, []chartSeries{{Label: p.T("stats.self_served"), Values: perDay}})
	pg.Langs = stats.By(self, func(r stats.Row) string { return r.Lang })
	bars := make([]chartBar, 0, len(pg.Langs))
	for _, l := range pg.Langs {
		bars = append(bars, chartBar{l.Label, l.Count})
	}
	pg.LangChart = barChart(p.T("stats.chart.languages"), bars)
	pg.Events = stats.By(self, func(r stats.Row) string { return r.Name })
	pg.Channels = stats.By(self, func(r stats.Row) string { return r.Channel })
	pg.EventLabels = map[string]string{}
	for _, e := range pg.Events {
		pg.EventLabels[e.Label] = p.T("stats.event." + e.Label)
	}
	if h.Escalations != nil {
		byDay, err := h.Escalations.EscalationsByDay(days[0], days[len(days)-1])
		if err != nil {
			return err
		}
		fillEscalations(&pg, days, byDay, p.T("stats.chart.escalations"))
	}
	if pg.HasEsc {
		pg.Ratio = strconv.FormatFloat(float64(pg.SelfServed)/float64(pg.Escalations), 'f', 1, 64)
	}
	return h.Render(c, "staff_stats", "stats.title", pg)
}

// fillEscalations turns day -> category -> count into the stacked chart
// and its table.
func fillEscalations(pg *statsPage, days []string, byDay map[string]map[string]int, title string) {
	cats := map[string]bool{}
	for _, m := range byDay {
		for k, n := range m {
			if n > 0 {
				cats[k] = true
				pg.Escalations += uint64(n)
			}
		}
	}
	if pg.Escalations == 0 {
		return
	}
	pg.HasEsc = true
	for k := range cats {
		pg.EscCats = append(pg.EscCats, k)
	}
	slices.Sort(pg.EscCats)
	series := make([]chartSeries, len(pg.EscCats))
	for i, k := range pg.EscCats {
		series[i] = chartSeries{Label: k, Values: make([]uint64, len(days))}
	}
	for di, d := range days {
		row := escRow{Day: d, Counts: make([]uint64, len(pg.EscCats))}
		for i, k := range pg.EscCats {
			n := uint64(max(byDay[d][k], 0))
			series[i].Values[di] = n
			row.Counts[i] = n
		}
		pg.EscRows = append(pg.EscRows, row)
	}
	pg.EscChart = columnChart(title, days, series)
}

// statsCSV exports the period's counts, one row per key.
func (h *Handler) StatsCSV(c *fiber.Ctx) error {
	rows, err := h.Stats.Rows(statsDays)
	if err != nil {
		return err
	}
	var b strings.Builder
	w := sheet.NewWriter(&b)
	_ = w.Write([]string{"day", "event", "channel", "lang", "office", "procedure", "category", "count"})
	for _, r := range rows {
		_ = w.Write([]string{r.Day, r.Name, r.Channel, r.Lang, r.Office,
			r.Procedure, r.Category, strconv.FormatUint(r.Count, 10)})
	}
	if err := w.Flush(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="loket-stats.csv"`)
	return c.SendString(b.String())
}
