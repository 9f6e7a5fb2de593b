package receipts

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode/utf16"
)

// The text layer's font is made for each PDF: a TrueType font with one
// glyph per character the page's text layer uses, all of the same advance
// and all empty, since text render mode 3 draws nothing (the outlines drawn
// above are the visible text). It is embedded as a subset, with the usual
// six-letter tag, so that every reader, validator and screen reader finds
// the font it names in the file and the same text in its ToUnicode map.

// textFontUnits is the text font's units per em; every glyph advances
// textFontWidth thousandths of an em.
const textFontUnits = 1000

// textFont is the text layer's font for one PDF.
type textFont struct {
	name  string       // "ABCDEF+LoketText"
	gid   map[rune]int // glyph of each character
	runes []rune       // characters by glyph, from glyph 1
	file  []byte       // the TrueType file
}

// newTextFont makes the font for the characters in lines.
func newTextFont(lines [][]rune) *textFont {
	var runes []rune
	for _, l := range lines {
		for _, r := range l {
			if r > 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
				r = 0xFFFD
			}
			runes = append(runes, r)
		}
	}
	slices.Sort(runes)
	runes = slices.Compact(runes)
	f := &textFont{gid: make(map[rune]int, len(runes)), runes: runes}
	h := fnv.New32a()
	for i, r := range runes {
		f.gid[r] = i + 1
		fmt.Fprintf(h, "%x,", r)
	}
	tag := make([]byte, 6)
	for i, v := 0, h.Sum32(); i < 6; i, v = i+1, v/26 {
		tag[i] = byte('A' + v%26)
	}
	f.name = string(tag) + "+LoketText"
	f.file = f.trueType()
	return f
}

// glyph is the font's glyph for r.
func (f *textFont) glyph(r rune) int {
	if r > 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
		r = 0xFFFD
	}
	return f.gid[r]
}

// toUnicode is the ToUnicode CMap: each glyph to its character.
func (f *textFont) toUnicode() []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for start := 0; start < len(f.runes); start += 100 {
		chunk := f.runes[start:min(start+100, len(f.runes))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for i, r := range chunk {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", start+i+1, r)
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return []byte(b.String())
}

// trueType writes the font file: the tables a TrueType font must have,
// with empty outlines.
func (f *textFont) trueType() []byte {
	n := len(f.runes) + 1 // glyph 0 is .notdef
	be := binary.BigEndian
	u16 := func(b []byte, vs ...int) []byte {
		for _, v := range vs {
			b = be.AppendUint16(b, uint16(v))
		}
		return b
	}
	u32 := func(b []byte, v uint32) []byte { return be.AppendUint32(b, v) }

	head := u32(nil, 0x00010000)            // version
	head = u32(head, 0x00010000)            // fontRevision
	head = u32(head, 0)                     // checkSumAdjustment, set below
	head = u32(head, 0x5F0F3CF5)            // magicNumber
	head = u16(head, 0x000B, textFontUnits) // flags, unitsPerEm
	head = append(head, make([]byte, 16)...)
	head = u16(head, 0, 0xFF06, textFontWidth, 900) // xMin yMin(-250) xMax yMax
	head = u16(head, 0, 8, 2, 0, 0)                 // macStyle lowestRecPPEM fontDirectionHint indexToLocFormat glyphDataFormat

	hhea := u32(nil, 0x00010000)
	hhea = u16(hhea, 900, 0xFF06, 0, textFontWidth, 0, 0, textFontWidth, 1, 0, 0, 0, 0, 0, 0, 0, n)

	maxp := u32(nil, 0x00010000)
	maxp = u16(maxp, n, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)

	var hmtx, loca []byte
	for range n {
		hmtx = u16(hmtx, textFontWidth, 0)
	}
	loca = u16(loca, make([]int, n+1)...) // every glyph empty

	// cmap: Unicode BMP, format 4, one segment per character.
	segs := len(f.runes) + 1
	sr, es := 2, 0
	for sr*2 <= segs*2 {
		sr *= 2
		es++
	}
	sub := u16(nil, 4, 0, 0, segs*2, sr, es, segs*2-sr)
	for _, r := range f.runes {
		sub = u16(sub, int(r))
	}
	sub = u16(sub, 0xFFFF, 0)
	for _, r := range f.runes {
		sub = u16(sub, int(r))
	}
	sub = u16(sub, 0xFFFF)
	for i, r := range f.runes {
		sub = u16(sub, (i+1-int(r))&0xFFFF)
	}
	sub = u16(sub, 1)
	sub = u16(sub, make([]int, segs)...)
	be.PutUint16(sub[2:], uint16(len(sub)))
	cmap := u16(nil, 0, 1, 3, 1)
	cmap = u32(cmap, 12)
	cmap = append(cmap, sub...)

	post := u32(nil, 0x00030000)
	post = append(post, make([]byte, 28)...)

	names := []string{"", "LoketText", "Regular", f.name, "LoketText", "Version 1.0", strings.ReplaceAll(f.name, "+", "-")}
	var strs []byte
	name := u16(nil, 0, len(names)-1, 6+12*(len(names)-1))
	for id, s := range names[1:] {
		enc := utf16.Encode([]rune(s))
		name = u16(name, 3, 1, 0x409, id+1, 2*len(enc), len(strs))
		strs = u16(strs, func() []int {
			v := make([]int, len(enc))
			for i, c := range enc {
				v[i] = int(c)
			}
			return v
		}()...)
	}
	name = append(name, strs...)

	tables := []struct {
		tag  string
		data []byte
	}{ // sorted by tag
		{"cmap", cmap}, {"glyf", nil}, {"head", head}, {"hhea", hhea}, {"hmtx", hmtx},
		{"loca", loca}, {"maxp", maxp}, {"name", name}, {"post", post},
	}
	sr, es = 1, 0
	for sr*2 <= len(tables) {
		sr *= 2
		es++
	}
	out := u32(nil, 0x00010000)
	out = u16(out, len(tables), sr*16, es, len(tables)*16-sr*16)
	offset := len(out) + 16*len(tables)
	var body []byte
	headAt := 0
	for _, t := range tables {
		out = append(out, t.tag...)
		out = u32(out, checksum(t.data))
		out = u32(out, uint32(offset+len(body)))
		out = u32(out, uint32(len(t.data)))
		if t.tag == "head" {
			headAt = offset + len(body)
		}
		body = append(body, t.data...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	out = append(out, body...)
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the TrueType table checksum: the sum of big-endian words.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
