package staff

import (
	"fmt"
	"html/template"
	"strings"
)

// chartColours have at least 3:1 contrast against white (WCAG 1.4.11) and
// stay apart for the common colour-vision deficiencies; every chart also
// has a legend and a table with the numbers.
var chartColours = []string{"#0b5fa5", "#b35806", "#1b7837", "#762a83", "#333333", "#a50026"}

// chartBar is one labelled value.
type chartBar struct {
	Label string
	Value uint64
}

// chartSeries is one stacked series over the chart's columns.
type chartSeries struct {
	Label  string
	Values []uint64
}

const (
	chartW = 640
	chartH = 220
	padL   = 44
	padB   = 36
	padT   = 10
)

// columnChart draws columns (one per label) stacked by series, as inline
// SVG: role="img" with a <title>, so a screen reader announces the chart
// and then reads the table beside it.
func columnChart(title string, labels []string, series []chartSeries) template.HTML {
	var top uint64
	for i := range labels {
		var sum uint64
		for _, s := range series {
			sum += s.Values[i]
		}
		top = maxU(top, sum)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		chartW, chartH+legendHeight(series), svgText(title))
	axes(&b, top)
	n := max(len(labels), 1)
	slot := float64(chartW-padL) / float64(n)
	plot := float64(chartH - padB - padT)
	for i, l := range labels {
		y := float64(chartH - padB)
		x := padL + float64(i)*slot + slot*0.15
		for si, s := range series {
			if s.Values[i] == 0 || top == 0 {
				continue
			}
			h := plot * float64(s.Values[i]) / float64(top)
			y -= h
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x, y, slot*0.7, h,
				chartColours[si%len(chartColours)])
		}
		if n <= 12 || i%((n+9)/10) == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%s</text>`, x+slot*0.35, chartH-padB+14, svgText(shortDay(l)))
		}
	}
	legend(&b, series)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barChart draws horizontal bars, largest first, for rankings (languages).
func barChart(title string, bars []chartBar) template.HTML {
	var top uint64
	for _, x := range bars {
		top = maxU(top, x.Value)
	}
	row := 22
	h := padT*2 + row*max(len(bars), 1)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		chartW, h, svgText(title))
	width := float64(chartW - padL - 60)
	for i, x := range bars {
		y := padT + i*row
		w := 0.0
		if top > 0 {
			w = width * float64(x.Value) / float64(top)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end">%s</text>`, padL-6, y+15, svgText(x.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="16" fill="%s"/>`, padL, y+2, w, chartColours[0])
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12">%d</text>`, float64(padL)+w+4, y+15, x.Value)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func axes(b *strings.Builder, max uint64) {
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`, padL, chartH-padB, chartW, chartH-padB)
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`, padL, padT, padL, chartH-padB)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" text-anchor="end">%d</text>`, padL-4, padT+10, max)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" text-anchor="end">0</text>`, padL-4, chartH-padB)
}

func legendHeight(series []chartSeries) int {
	if len(series) < 2 {
		return 0
	}
	return 18 * ((len(series) + 3) / 4)
}

func legend(b *strings.Builder, series []chartSeries) {
	if len(series) < 2 {
		return
	}
	for i, s := range series {
		x := padL + (i%4)*150
		y := chartH + 18*(i/4)
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" font-size="12">%s</text>`,
			x, y, chartColours[i%len(chartColours)], x+16, y+11, svgText(s.Label))
	}
}

// shortDay writes "2026-05-01" as "05-01" under a column.
func shortDay(d string) string {
	if len(d) == 10 {
		return d[5:]
	}
	return d
}

func svgText(s string) string { return template.HTMLEscapeString(s) }

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
