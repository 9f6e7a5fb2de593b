package receipts

import (
	"sort"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// glyphKey names one glyph of one embedded font.
type glyphKey struct {
	face faceID
	gid  font.GID
}

// placedGlyph is a glyph outline to draw, its baseline origin at x, y
// (points, y growing down the page).
type placedGlyph struct {
	key        glyphKey
	x, y, size float64
	gray       float64
}

// textLine is one drawn line's text in logical order, for the invisible
// text layer over the line's drawn extent (see textorder.go).
type textLine struct {
	text    []rune
	x, y, w float64 // left edge and baseline, in points; drawn width
	size    float64
}

type rect struct{ x, y, w, h float64 }

type align uint8

const (
	alignStart  align = iota // the paragraph's own start side
	alignCenter              // centred in the column
	alignRight               // right, for LTR values in a right-to-left receipt
)

// style is how a paragraph is set.
type style struct {
	size  float64
	bold  bool
	rtl   bool
	align align
	gray  float64
	lang  language.Language
	// after is the extra space below the paragraph, in points.
	after float64
}

// layout is a page being composed: a display list filled top to bottom,
// drawn into a PDF only once its height is known.
type layout struct {
	s           *shaper
	left, width float64
	y           float64
	glyphs      []placedGlyph
	lines       []textLine
	rects       []rect
	visualBuf   []int
}

// paragraph sets text in the column, wrapping as needed.
func (l *layout) paragraph(text string, st style) {
	if text == "" {
		return
	}
	runes := []rune(text)
	l.s.shapeParagraph(runes, st.size, st.bold, st.rtl, st.lang, l.width, func(line shaping.Line) {
		l.line(runes, line, st)
	})
	l.y += st.after
}

// line places one wrapped line: runs in visual order for the outlines,
// and the line's text for the invisible layer.
func (l *layout) line(text []rune, line shaping.Line, st style) {
	var lineW float64
	asc, desc := st.size*0.8, st.size*0.25
	for _, run := range line {
		lineW += fx(run.Advance)
		asc = max(asc, fx(run.LineBounds.Ascent))
		desc = max(desc, -fx(run.LineBounds.Descent))
	}
	x := l.left
	switch {
	case st.align == alignCenter:
		x += (l.width - lineW) / 2
	case st.rtl || st.align == alignRight:
		x += l.width - lineW
	}
	baseline := l.y + asc
	l.visualBuf = l.visualBuf[:0]
	for i := range line {
		l.visualBuf = append(l.visualBuf, i)
	}
	sort.Slice(l.visualBuf, func(a, b int) bool { return line[l.visualBuf[a]].VisualIndex < line[l.visualBuf[b]].VisualIndex })
	pen := x
	start, end := len(text), 0
	for _, ri := range l.visualBuf {
		run := line[ri]
		face := l.s.faceIndex(run.Face)
		start, end = min(start, run.Runes.Offset), max(end, run.Runes.Offset+run.Runes.Count)
		for _, g := range run.Glyphs {
			l.glyphs = append(l.glyphs, placedGlyph{
				key: glyphKey{face, g.GlyphID}, size: st.size, gray: st.gray,
				x: pen + fx(g.XOffset), y: baseline - fx(g.YOffset),
			})
			pen += fx(g.Advance)
		}
	}
	// A wrapped line keeps the space it broke at; the text layer does not.
	for start < end && text[start] == ' ' {
		start++
	}
	for end > start && text[end-1] == ' ' {
		end--
	}
	if start < end {
		l.lines = append(l.lines, textLine{text: text[start:end], x: x, y: baseline, w: lineW, size: st.size})
	}
	l.y += asc + desc
}

// space adds vertical space.
func (l *layout) space(pt float64) { l.y += pt }

// rule draws a thin horizontal line across the column.
func (l *layout) rule() {
	l.rects = append(l.rects, rect{l.left, l.y, l.width, 0.6})
	l.y += 0.6
}

// fx converts a 26.6 fixed-point length (points) to a float.
func fx(v fixed.Int26_6) float64 { return float64(v) / 64 }
