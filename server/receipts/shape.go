package receipts

import (
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// shaper is the mutable shaping state: faces (which cache glyph data),
// the HarfBuzz port, the bidi/script/font segmenter and the line wrapper.
// None of it is safe for concurrent use, so a Renderer pools shapers.
type shaper struct {
	faces [faceCount]*font.Face
	hb    shaping.HarfbuzzShaper
	seg   shaping.Segmenter
	wrap  shaping.LineWrapper
	outs  []shaping.Output
}

func newShaper(fonts [faceCount]*font.Font) *shaper {
	s := &shaper{}
	for i, f := range fonts {
		s.faces[i] = font.NewFace(f)
	}
	return s
}

// faceIndex finds which embedded font a shaped run used.
func (s *shaper) faceIndex(f *font.Face) faceID {
	for i, x := range s.faces {
		if x == f {
			return faceID(i)
		}
	}
	return faceLatin
}

// fontmap chooses the font per rune, with fallback: Noto Sans Arabic has
// no Latin letters and Noto Sans Ethiopic no digits, so both scripts take
// digits and Latin punctuation from Noto Sans.
type fontmap struct {
	s    *shaper
	bold bool
}

func (m fontmap) ResolveFace(r rune) *font.Face {
	b := faceID(0)
	if m.bold {
		b = 1
	}
	switch {
	case isArabicScript(r):
		return m.s.faces[faceArabic+b]
	case isEthiopic(r):
		return m.s.faces[faceEthiopic+b]
	}
	for _, f := range [...]faceID{faceLatin, faceArabic, faceEthiopic} {
		if _, ok := m.s.faces[f+b].NominalGlyph(r); ok {
			return m.s.faces[f+b]
		}
	}
	return m.s.faces[faceLatin+b]
}

// shapeParagraph segments text by bidi level, script and font, shapes each
// run and wraps the result to width (in points). The lines it hands to
// emit are valid only during that call.
//
// The wrapper orders runs by reversing those against the paragraph's
// direction. That is the full bidi reordering for right-to-left
// paragraphs, whose levels never exceed 2; a left-to-right paragraph
// mixing Arabic letters with digits would need the general rule, but
// receipts set such text only in right-to-left paragraphs.
func (s *shaper) shapeParagraph(text []rune, size float64, bold, rtl bool, lang language.Language, width float64, emit func(shaping.Line)) {
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	in := shaping.Input{
		Text: text, RunEnd: len(text), Direction: dir,
		Size: fixed.Int26_6(size * 64), Language: lang,
	}
	s.outs = s.outs[:0]
	for _, run := range s.seg.Split(in, fontmap{s, bold}) {
		s.outs = append(s.outs, s.hb.Shape(run))
	}
	cfg := shaping.WrapConfig{Direction: dir, BreakPolicy: shaping.WhenNecessary}
	lines, _ := s.wrap.WrapParagraphF(cfg, fixed.Int26_6(width*64), text, shaping.NewSliceIterator(s.outs))
	for _, l := range lines {
		emit(l)
	}
}
