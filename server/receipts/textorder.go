package receipts

import "golang.org/x/text/unicode/bidi"

// The invisible text layer must read back in logical order. Extractors do
// not read a content stream in order: poppler (pdftotext, and the viewers
// built on it) sorts the characters of a line by position, then undoes
// right-to-left runs with a simple rule of its own (reorderText in
// TextOutputDev.cc):
//
//   - A page is right-to-left when it holds more strong right-to-left
//     characters than left-to-right ones.
//   - On a left-to-right page, a line is read from the left: a run of
//     characters that are not right-to-left is read as placed; the run that
//     follows, up to the next left-to-right letter or number, is read
//     backwards.
//   - On a right-to-left page, a line is read from the right: characters
//     that are neither left-to-right letters nor numbers are read as met;
//     then the run of characters that are not right-to-left, to the left
//     of them, is read from its left end.
//
// Numbers there include the separators and terminators around them
// (. , ، : - / + % #). Placing glyph clusters at their drawn positions
// therefore broke Persian words at a zero-width non-joiner (a character of
// no width sorts anywhere) and, on left-to-right pages, read a
// right-to-left sentence's final full stop first. Instead, each line's
// characters are placed in the one order that poppler reads back as the
// logical text, evenly across the line's drawn width.
//
// A run read against the page's direction that ends in neutrals (spaces,
// brackets, "!") has no such order: poppler reads the neutrals with the
// run that follows, or first. On a right-to-left page that is a number or
// separator followed by a space and a right-to-left word ("رسید، کد"); on
// a left-to-right page, a right-to-left word followed by a space and a
// number ("در 2026-12-03"). There a mark of the page's direction goes
// after the run's last strong character, as a careful typist would put
// it; at the end of a line, a mark of the run's own direction. Both marks
// are invisible and mean nothing but direction.

const (
	lrm = '\u200e'
	rlm = '\u200f'
)

// runeClass is how poppler's text extraction sees a character.
type runeClass uint8

const (
	classNeutral runeClass = iota
	classL                 // strong left to right
	classR                 // strong right to left (Hebrew, Arabic letters)
	classNum               // digits and the separators around numbers
)

func classify(r rune) runeClass {
	switch r {
	case lrm:
		return classL
	case rlm:
		return classR
	}
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.L:
		return classL
	case bidi.R, bidi.AL:
		return classR
	case bidi.EN, bidi.AN, bidi.ES, bidi.ET, bidi.CS:
		return classNum
	}
	return classNeutral
}

// pageIsRTL is poppler's page direction: more strong right-to-left than
// left-to-right characters.
func pageIsRTL(lines [][]rune) bool {
	n := 0
	for _, line := range lines {
		for _, r := range line {
			switch classify(r) {
			case classL:
				n++
			case classR:
				n--
			}
		}
	}
	return n < 0
}

// withMarks adds the direction marks line needs to read back unchanged
// on a page of the given direction (see above).
func withMarks(line []rune, rtlPage bool) []rune {
	// The runs read against the page's direction must end in a strong
	// character of their own kind: on a right-to-left page the runs that
	// start with a left-to-right letter or number, on a left-to-right
	// page those that start with a right-to-left letter.
	starts := func(c runeClass) bool { return c == classL || c == classNum }
	if !rtlPage {
		starts = func(c runeClass) bool { return c == classR }
	}
	ends := func(c runeClass) bool { return !rtlPage && c == classR || rtlPage && (c == classL || c == classNum) }
	stops := func(c runeClass) bool { return rtlPage && c == classR || !rtlPage && (c == classL || c == classNum) }
	// Before what follows, the mark of the page's own direction closes the
	// run; at the end of the line, a mark of the run's direction.
	before, atEnd := rlm, lrm
	if !rtlPage {
		before, atEnd = lrm, rlm
	}
	out := make([]rune, 0, len(line)+2)
	for i := 0; i < len(line); {
		if !starts(classify(line[i])) {
			out = append(out, line[i])
			i++
			continue
		}
		j, last := i, i
		for ; j < len(line) && !stops(classify(line[j])); j++ {
			if ends(classify(line[j])) {
				last = j
			}
		}
		out = append(out, line[i:last+1]...)
		switch {
		case last == j-1:
		case j < len(line):
			out = append(out, before)
			out = append(out, line[last+1:j]...)
		default:
			out = append(out, line[last+1:j]...)
			out = append(out, atEnd)
		}
		i = j
	}
	return out
}

// orderLines returns the page's direction as poppler will judge it and
// each line with the marks that direction needs. Marks count towards the
// direction, so a page close to even is judged again with them.
func orderLines(lines [][]rune) (bool, [][]rune) {
	rtl := pageIsRTL(lines)
	marked := make([][]rune, len(lines))
	for range 2 {
		for i, l := range lines {
			marked[i] = withMarks(l, rtl)
		}
		if again := pageIsRTL(marked); again != rtl {
			rtl = again
			continue
		}
		break
	}
	return rtl, marked
}

// visualOrder is the order, left to right, in which to place line's
// characters so that poppler reads line back. On a right-to-left page,
// line must have its marks (withMarks).
func visualOrder(line []rune, rtlPage bool) []rune {
	// Split into poppler's sections in reading order: runs read backwards
	// (right to left) and runs read as placed, alternately.
	type section struct {
		runes    []rune
		backward bool
	}
	var secs []section
	for i := 0; i < len(line); {
		backward := len(secs)%2 == 0 == rtlPage
		j := i
		for ; j < len(line); j++ {
			c := classify(line[j])
			if backward && (c == classL || c == classNum) || !backward && c == classR {
				break
			}
		}
		secs = append(secs, section{line[i:j], backward})
		i = j
	}
	out := make([]rune, 0, len(line))
	emit := func(s section) {
		if !s.backward {
			out = append(out, s.runes...)
			return
		}
		for k := len(s.runes) - 1; k >= 0; k-- {
			out = append(out, s.runes[k])
		}
	}
	if rtlPage { // read from the right: the first section is rightmost
		for k := len(secs) - 1; k >= 0; k-- {
			emit(secs[k])
		}
	} else {
		for _, s := range secs {
			emit(s)
		}
	}
	return out
}
