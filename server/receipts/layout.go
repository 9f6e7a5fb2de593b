package receipts

import (
	"sort"

	"github.com/go-text/typesetting/di"
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

// textSpan is invisible text over one shaped cluster, kept in logical
// order so text extraction and screen readers read the right sequence.
type textSpan struct {
	text    []rune
	x, y, w float64
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
	spans       []textSpan
	rects       []rect
	clusterBuf  []cluster
	visualBuf   []int
}

type cluster struct {
	start, count int
	x, w         float64
	rtl          bool
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
// clusters in logical order for the invisible text.
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
	l.clusterBuf = l.clusterBuf[:0]
	pen := x
	for _, ri := range l.visualBuf {
		run := line[ri]
		face := l.s.faceIndex(run.Face)
		rtl := run.Direction.Progression() == di.TowardTopLeft
		for gi, g := range run.Glyphs {
			l.glyphs = append(l.glyphs, placedGlyph{
				key: glyphKey{face, g.GlyphID}, size: st.size, gray: st.gray,
				x: pen + fx(g.XOffset), y: baseline - fx(g.YOffset),
			})
			if gi > 0 && run.Glyphs[gi-1].TextIndex() == g.TextIndex() {
				l.clusterBuf[len(l.clusterBuf)-1].w += fx(g.Advance)
			} else {
				l.clusterBuf = append(l.clusterBuf, cluster{g.TextIndex(), g.RunesCount(), pen, fx(g.Advance), rtl})
			}
			pen += fx(g.Advance)
		}
	}
	sort.Slice(l.clusterBuf, func(a, b int) bool { return l.clusterBuf[a].start < l.clusterBuf[b].start })
	// A cluster of several characters (a lam-alef ligature, a letter with
	// its marks) gets one slot per character, in the run's direction, so
	// extraction reading by position keeps them in order.
	for _, c := range l.clusterBuf {
		end := min(c.start+c.count, len(text))
		n := float64(end - c.start)
		for i := c.start; i < end; i++ {
			w := c.w / n
			x := c.x + float64(i-c.start)*w
			if c.rtl {
				x = c.x + c.w - float64(i-c.start+1)*w
			}
			l.spans = append(l.spans, textSpan{text: text[i : i+1], x: x, y: baseline, w: w, size: st.size})
		}
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
