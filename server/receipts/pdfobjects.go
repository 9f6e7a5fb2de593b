package receipts

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// Glyphs are drawn as outlines, each glyph one small Form XObject that the
// page places with a matrix. The objects are built once per process and
// shared by every PDF; fpdf's object import (made for gofpdi) writes them.
// Object keys must be 40 bytes: fpdf overwrites a key inside another
// object's text with that object's number, padded to 40 bytes.

// glyphObject is one glyph's PDF object, ready to import.
type glyphObject struct {
	name string // "/G2_517", its resource name
	key  string // 40-byte import key
	body []byte // nil for a glyph with no outline (a space)
}

func objectKey(name string) string { return fmt.Sprintf("%-40.40s", "loket-"+name) }

// buildGlyphObject turns the outline of one glyph into a Form XObject in
// font units: the page scales it to the font size.
func buildGlyphObject(face *font.Face, k glyphKey) glyphObject {
	name := "G" + strconv.Itoa(int(k.face)) + "_" + strconv.Itoa(int(k.gid))
	obj := glyphObject{name: "/" + name, key: objectKey(name)}
	outline, ok := face.GlyphDataOutline(k.gid)
	if !ok || len(outline.Segments) == 0 {
		return obj
	}
	var path []byte
	var cx, cy float32 // current point, for quadratic to cubic
	var minX, minY, maxX, maxY float32 = 1e9, 1e9, -1e9, -1e9
	grow := func(p ot.SegmentPoint) {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	num := func(v float32) {
		path = strconv.AppendFloat(path, float64(v), 'f', -1, 32)
		path = append(path, ' ')
	}
	open := false
	for _, seg := range outline.Segments {
		for _, p := range seg.ArgsSlice() {
			grow(p)
		}
		switch seg.Op {
		case ot.SegmentOpMoveTo:
			if open {
				path = append(path, "h\n"...)
			}
			p := seg.Args[0]
			num(p.X)
			num(p.Y)
			path = append(path, "m\n"...)
			cx, cy, open = p.X, p.Y, true
		case ot.SegmentOpLineTo:
			p := seg.Args[0]
			num(p.X)
			num(p.Y)
			path = append(path, "l\n"...)
			cx, cy = p.X, p.Y
		case ot.SegmentOpQuadTo:
			q, p := seg.Args[0], seg.Args[1]
			num(cx + 2.0/3*(q.X-cx))
			num(cy + 2.0/3*(q.Y-cy))
			num(p.X + 2.0/3*(q.X-p.X))
			num(p.Y + 2.0/3*(q.Y-p.Y))
			num(p.X)
			num(p.Y)
			path = append(path, "c\n"...)
			cx, cy = p.X, p.Y
		case ot.SegmentOpCubeTo:
			for _, p := range seg.Args {
				num(p.X)
				num(p.Y)
			}
			path = append(path, "c\n"...)
			cx, cy = seg.Args[2].X, seg.Args[2].Y
		}
	}
	path = append(path, "h f\n"...)
	obj.body = streamObject(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [%d %d %d %d]",
		int(minX)-1, int(minY)-1, int(maxX)+1, int(maxY)+1), path)
	return obj
}

// zlibWriters are reused: a new flate writer allocates about a megabyte.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// streamObject is a complete compressed stream object body for import.
func streamObject(dict string, data []byte) []byte {
	var z bytes.Buffer
	w := zlibWriters.Get().(*zlib.Writer)
	w.Reset(&z)
	w.Write(data)
	w.Close()
	zlibWriters.Put(w)
	var b bytes.Buffer
	fmt.Fprintf(&b, "<<%s /Filter /FlateDecode /Length %d>>\nstream\n", dict, z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj")
	return b.Bytes()
}

// The invisible text layer uses one Type0 font per PDF (textfont.go) with
// Identity-H encoding, where a character code is a glyph of that font, and
// a ToUnicode map from each glyph to its character.
var (
	keyTextFont       = objectKey("text-font")
	keyTextCIDFont    = objectKey("text-cidfont")
	keyTextDescriptor = objectKey("text-descriptor")
	keyTextToUnicode  = objectKey("text-tounicode")
	keyTextFontFile   = objectKey("text-fontfile")
	keyTextForm       = objectKey("text-form")
	textFormName      = "/TXT"
)

// textFontWidth is the advance, in thousandths of the size, of every glyph
// of the text font; characters are scaled with Tz to their share of a line.
const textFontWidth = 500

// refObject is an import object holding references to other objects.
type refObject struct {
	body []byte
	refs map[int]string // byte offset of a 40-byte key -> that key
}

// withRefs writes format with each %s replaced by a key, remembering where
// each key went.
func withRefs(format string, keys ...string) refObject {
	o := refObject{refs: map[int]string{}}
	parts := strings.Split(format, "%s")
	var b []byte
	for i, p := range parts {
		b = append(b, p...)
		if i < len(keys) {
			o.refs[len(b)] = keys[i]
			b = append(b, keys[i]...)
		}
	}
	o.body = b
	return o
}

// textFontDicts are the dictionaries of the text layer's font.
type textFontDicts struct {
	font, cidFont, descriptor refObject
}

func textFontObjects(f *textFont) textFontDicts {
	return textFontDicts{
		font: withRefs("<</Type /Font /Subtype /Type0 /BaseFont /"+f.name+" /Encoding /Identity-H "+
			"/DescendantFonts [%s 0 R] /ToUnicode %s 0 R>>\nendobj", keyTextCIDFont, keyTextToUnicode),
		cidFont: withRefs("<</Type /Font /Subtype /CIDFontType2 /BaseFont /"+f.name+" "+
			"/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> "+
			"/FontDescriptor %s 0 R /DW "+strconv.Itoa(textFontWidth)+" /CIDToGIDMap /Identity>>\nendobj", keyTextDescriptor),
		descriptor: withRefs("<</Type /FontDescriptor /FontName /"+f.name+" /Flags 4 /FontBBox [0 -250 500 900] "+
			"/ItalicAngle 0 /Ascent 900 /Descent -250 /CapHeight 700 /StemV 80 /FontFile2 %s 0 R>>\nendobj", keyTextFontFile),
	}
}
