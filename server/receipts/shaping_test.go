package receipts

import (
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
)

// shapeRTL shapes one right-to-left line and returns the glyph ids of each
// input rune's cluster, the glyphs in visual order, and the shaper used.
func shapeRTL(t *testing.T, text string) (map[int][]font.GID, []shaping.Glyph, *shaper) {
	t.Helper()
	s := newShaper(sharedRenderer(t).fonts)
	byRune := map[int][]font.GID{}
	var visual []shaping.Glyph
	s.shapeParagraph([]rune(text), 12, false, true, language.NewLanguage("ps"), 1000, func(line shaping.Line) {
		for _, run := range line {
			for _, g := range run.Glyphs {
				byRune[g.TextIndex()] = append(byRune[g.TextIndex()], g.GlyphID)
				visual = append(visual, g)
			}
		}
	})
	return byRune, visual, s
}

// Joining types (Unicode ArabicShaping.txt) of the letters in the test
// words: dual-joining letters connect on both sides, right-joining ones
// only to the letter before them.
const (
	dualJoining  = "پټځڅنګلښهکېیمڼتسب"
	rightJoining = "وډرړږۍاد"
)

// TestPashtoLettersAreShaped proves shaping happened for the ten Pashto
// letters that have no presentation forms: every letter that joins a
// neighbour is drawn with a glyph other than its isolated (nominal) glyph,
// and every letter that joins nothing keeps it.
func TestPashtoLettersAreShaped(t *testing.T) {
	words := []string{"ټټو", "ګټه", "ځنګل", "ښځه", "څه", "ګډ", "ډېر", "پېړۍ", "تږی", "کورنۍ", "ګڼه", "مڼې"}
	covered := map[rune]bool{}
	for _, w := range words {
		byRune, _, s := shapeRTL(t, w)
		runes := []rune(w)
		for i, r := range runes {
			nominal, ok := s.faces[faceArabic].NominalGlyph(r)
			if !ok {
				t.Fatalf("Noto Sans Arabic lacks %c", r)
			}
			joinsBefore := i > 0 && strings.ContainsRune(dualJoining, runes[i-1])
			joinsAfter := i+1 < len(runes) && strings.ContainsRune(dualJoining, r)
			got := byRune[i]
			if len(got) != 1 {
				t.Fatalf("%s: letter %c shaped into %d glyphs", w, r, len(got))
			}
			if joined := joinsBefore || joinsAfter; joined == (got[0] == nominal) {
				t.Errorf("%s: letter %d %c joined=%v but glyph %d vs isolated %d", w, i, r, joined, got[0], nominal)
			} else if joined {
				covered[r] = true
			}
		}
	}
	for _, r := range "ټځڅډړږښګڼۍ" {
		if !covered[r] {
			t.Errorf("no test word shows %c in a joined form", r)
		}
	}
}

// TestArabicJoinsAndRunsRightToLeft checks an Arabic word joins (lam and
// alef become one ligature) and comes out in visual, right-to-left order.
func TestArabicJoinsAndRunsRightToLeft(t *testing.T) {
	const word = "سلام"
	byRune, visual, s := shapeRTL(t, word)
	if len(visual) >= len([]rune(word)) {
		t.Fatalf("%s: %d glyphs for %d letters; lam-alef should form one ligature", word, len(visual), len([]rune(word)))
	}
	seen, _ := s.faces[faceArabic].NominalGlyph('س')
	if byRune[0][0] == seen {
		t.Error("initial seen drawn with its isolated glyph")
	}
	if last := visual[0].TextIndex(); last != len([]rune(word))-1 {
		t.Errorf("leftmost glyph belongs to letter %d, want the last letter", last)
	}
}

// TestLayoutKeepsLogicalOrder lays out a right-to-left line with a Latin
// reference and checks that the text layer gets the line in logical order,
// over the extent of its drawn glyphs.
func TestLayoutKeepsLogicalOrder(t *testing.T) {
	const text = "شمېره K7M-4QX2 ده"
	s := newShaper(sharedRenderer(t).fonts)
	l := &layout{s: s, left: 0, width: 500}
	l.paragraph(text, style{size: 12, rtl: true, lang: language.NewLanguage("ps")})
	if len(l.lines) != 1 || string(l.lines[0].text) != text {
		t.Fatalf("text layer lines %+v, want one line %q", l.lines, text)
	}
	ln := l.lines[0]
	for _, g := range l.glyphs {
		if g.x < ln.x-0.01 || g.x > ln.x+ln.w+0.01 {
			t.Errorf("glyph at %.2f outside the text line [%.2f, %.2f]", g.x, ln.x, ln.x+ln.w)
		}
	}
	if ln.x+ln.w < 499.9 {
		t.Errorf("right-to-left line ends at %.2f, want the right margin", ln.x+ln.w)
	}
}
