package receipts

import (
	"bytes"
	"fmt"
	"strconv"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/skip2/go-qrcode"
)

// Renderer lays out, shapes and draws receipts. It parses the fonts once
// and keeps every glyph outline it has drawn, so later PDFs cost no font
// work; build one per process and share it. It is safe for concurrent use.
type Renderer struct {
	fonts   [faceCount]*font.Font
	shapers sync.Pool

	mu     sync.RWMutex
	glyphs map[glyphKey]glyphObject
}

// NewRenderer parses the embedded fonts.
func NewRenderer() (*Renderer, error) {
	fonts, err := parseFonts()
	if err != nil {
		return nil, err
	}
	r := &Renderer{fonts: fonts, glyphs: map[glyphKey]glyphObject{}}
	r.shapers.New = func() any { return newShaper(r.fonts) }
	return r, nil
}

// metrics are the sizes of one format, in points.
type metrics struct {
	width, height, margin float64 // height 0: as tall as the content
	small, body, title    float64
	big, qr               float64
	center                bool // centre the headline items
}

var formats = map[Format]metrics{
	FormatA4:     {width: 595.28, height: 841.89, margin: 42.5, small: 10, body: 12, title: 22, big: 30, qr: 120},
	FormatRoll80: {width: 226.77, margin: 11.3, small: 8, body: 9.5, title: 14, big: 22, qr: 118, center: true},
}

// page is what render needs besides the Document.
type page struct {
	receipt Receipt
	url     string
	when    string // the receipt's time in the office's zone
}

// render draws one receipt as PDF bytes.
func (r *Renderer) render(format Format, doc Document, p page) ([]byte, error) {
	m, ok := formats[format]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrBadFormat, format)
	}
	code := p.url
	if doc.QR != "" {
		code = doc.QR
	}
	qr, err := qrcode.New(code, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("%w: the QR code's text does not fit: %v", ErrTooLong, err)
	}
	qr.DisableBorder = true
	s := r.shapers.Get().(*shaper)
	defer r.shapers.Put(s)
	l := &layout{s: s, left: m.margin, width: m.width - 2*m.margin, y: m.margin}
	compose(l, m, doc, p, qr.Bitmap())
	height := m.height
	if height == 0 {
		height = l.y + m.margin
	} else if l.y > height-m.margin/2 {
		return nil, fmt.Errorf("%w: the text does not fit on one page (%.0f of %.0f pt)", ErrTooLong, l.y, height-m.margin/2)
	}
	return r.emit(l, m.width, height, doc, p)
}

// compose fills the layout: headline facts first, large, then the
// details, the office-language block and the QR code.
func compose(l *layout, m metrics, doc Document, p page, qr [][]bool) {
	user := language.NewLanguage(doc.Lang)
	office := language.NewLanguage(doc.Office.Lang)
	showOffice := doc.Office.Lang != "" && doc.Office.Lang != doc.Lang
	head := alignStart
	if m.center {
		head = alignCenter
	}
	u := func(size float64, bold bool, a align, after float64) style {
		return style{size: size, bold: bold, rtl: doc.RTL, align: a, lang: user, after: after}
	}
	o := func(size float64, bold bool, a align, after float64) style {
		return style{size: size, bold: bold, align: a, lang: office, gray: 0.3, after: after}
	}
	gap := m.body * 0.6
	// LTR values (reference, digits, the address) line up with the
	// reader's text: on the right in a right-to-left receipt.
	value, side := head, alignStart
	if doc.RTL {
		side = alignRight
		if head == alignStart {
			value = alignRight
		}
	}

	l.paragraph(doc.OfficeName, style{size: m.small, align: value, lang: office, gray: 0.3, after: gap})
	l.paragraph(doc.Title, u(m.title, true, head, 2))
	if showOffice {
		l.paragraph(doc.Office.Title, o(m.body, false, value, 0))
	}
	l.space(gap)

	l.paragraph(doc.ReferenceLabel, u(m.small, false, head, 0))
	l.paragraph(p.receipt.Reference, style{size: m.big, bold: true, align: value, lang: user, after: gap / 2})
	l.paragraph(doc.TimeLabel, u(m.small, false, head, 0))
	if doc.When != "" {
		l.paragraph(doc.When, u(m.big*0.75, true, head, gap))
	} else { // digits only: always left to right
		l.paragraph(p.when, style{size: m.big * 0.75, bold: true, align: value, lang: user, after: gap})
	}

	for _, k := range kinds[p.receipt.Kind].fields {
		if line := factLine(k, p.receipt.Fields[k], doc.FieldLabels, doc.FieldValues); line != "" {
			l.paragraph(line, u(m.body, false, alignStart, 2))
		}
	}
	l.space(gap / 2)
	for _, line := range doc.Lines {
		l.paragraph(line, u(m.body, false, alignStart, 3))
	}
	if len(doc.Bring) > 0 {
		l.space(gap / 2)
		l.paragraph(doc.BringLabel, u(m.body, true, alignStart, 2))
		for _, item := range doc.Bring {
			l.paragraph("• "+item, u(m.body, false, alignStart, 2))
		}
	}
	if len(doc.Address) > 0 {
		l.space(gap / 2)
		l.paragraph(doc.AddressLabel, u(m.body, true, alignStart, 2))
		for _, line := range doc.Address {
			l.paragraph(line, style{size: m.body, align: side, lang: office, after: 1})
		}
	}
	if showOffice {
		l.space(gap)
		l.rule()
		l.space(gap)
		l.paragraph(labelled(doc.Office.ReferenceLabel, p.receipt.Reference), o(m.body, true, alignStart, 2))
		ow := doc.Office.When
		if ow == "" {
			ow = p.when
		}
		l.paragraph(labelled(doc.Office.TimeLabel, ow), o(m.body, true, alignStart, 2))
		for _, k := range kinds[p.receipt.Kind].fields {
			if line := factLine(k, p.receipt.Fields[k], doc.Office.FieldLabels, doc.Office.FieldValues); line != "" {
				l.paragraph(line, o(m.body, false, alignStart, 2))
			}
		}
		for _, line := range doc.Office.Lines {
			l.paragraph(line, o(m.body, false, alignStart, 2))
		}
	}
	l.space(gap * 1.5)
	l.qr(qr, m.qr)
	l.space(gap)
	l.paragraph(doc.VerifyHint, u(m.small, false, alignCenter, 2))
	if showOffice {
		l.paragraph(doc.Office.VerifyHint, o(m.small, false, alignCenter, 2))
	}
	l.paragraph("ID "+p.receipt.ID, style{size: m.small, align: alignCenter, gray: 0.3, lang: office})
}

// factLine is "label: value" for a field that has a value.
func factLine(key, value string, labels, values map[string]string) string {
	if value == "" {
		return ""
	}
	if v, ok := values[key]; ok && v != "" {
		value = v
	}
	label := labels[key]
	if label == "" {
		return value
	}
	return label + ": " + value
}

func labelled(label, value string) string {
	if label == "" {
		return value
	}
	return label + ": " + value
}

// qr places the code centred, size points wide, as filled rectangles: one
// per run of dark modules in a row, so it stays sharp at any resolution.
func (l *layout) qr(bits [][]bool, size float64) {
	n := len(bits)
	if n == 0 {
		return
	}
	mod := size / float64(n)
	x0 := l.left + (l.width-size)/2
	for row, line := range bits {
		for col := 0; col < n; {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < n && line[col] {
				col++
			}
			l.rects = append(l.rects, rect{x0 + float64(start)*mod, l.y + float64(row)*mod, float64(col-start) * mod, mod})
		}
	}
	l.y += size
}

// glyph returns the shared object of one glyph, building it on first use.
func (r *Renderer) glyph(s *shaper, k glyphKey) glyphObject {
	r.mu.RLock()
	g, ok := r.glyphs[k]
	r.mu.RUnlock()
	if ok {
		return g
	}
	g = buildGlyphObject(s.faces[k.face], k)
	r.mu.Lock()
	r.glyphs[k] = g
	r.mu.Unlock()
	return g
}

// emit draws the layout into a PDF of the given size (points).
func (r *Renderer) emit(l *layout, width, height float64, doc Document, p page) ([]byte, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: width, Ht: height}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCompression(true)
	created := p.receipt.Created
	if created.IsZero() {
		created = time.Unix(0, 0)
	}
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetProducer("Loket", false)
	pdf.SetTitle(doc.Title, true)
	if doc.Lang != "" {
		pdf.SetLang(doc.Lang)
	}

	objs := map[string][]byte{}
	templates := map[string]string{}
	var content []byte
	num := func(v float64) {
		content = strconv.AppendFloat(content, v, 'f', 2, 64)
		content = append(content, ' ')
	}
	gray := -1.0
	for _, pg := range l.glyphs {
		g := r.glyph(l.s, pg.key)
		if g.body == nil {
			continue
		}
		if _, ok := objs[g.key]; !ok {
			objs[g.key] = g.body
			templates[g.name] = g.key
		}
		if pg.gray != gray {
			gray = pg.gray
			num(gray)
			content = append(content, "g\n"...)
		}
		scale := pg.size / float64(r.fonts[pg.key.face].Upem())
		content = append(content, "q "...)
		content = strconv.AppendFloat(content, scale, 'f', 6, 64)
		content = append(content, " 0 0 "...)
		content = strconv.AppendFloat(content, scale, 'f', 6, 64)
		content = append(content, ' ')
		num(pg.x)
		num(height - pg.y)
		content = append(content, "cm "...)
		content = append(content, g.name...)
		content = append(content, " Do Q\n"...)
	}
	content = append(content, "0 g\n"...)
	for _, rc := range l.rects {
		num(rc.x)
		num(height - rc.y - rc.h)
		num(rc.w)
		num(rc.h)
		content = append(content, "re\n"...)
	}
	if len(l.rects) > 0 {
		content = append(content, "f\n"...)
	}

	refs := addTextLayer(objs, templates, l.lines, width, height)
	content = append(content, "q "+textFormName+" Do Q\n"...)
	pdf.ImportObjects(objs)
	pdf.ImportObjPos(refs)
	pdf.ImportTemplates(templates)
	pdf.AddPage()
	pdf.RawWriteStr(string(content))
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("receipts: write PDF: %w", err)
	}
	return out.Bytes(), nil
}

// addTextLayer adds the invisible text form and its font to objs: each
// line's characters in the order poppler reads back as the logical text
// (textorder.go), evenly over the line's drawn width, each stretched with
// Tz to its share. It returns where those objects refer to each other, for
// ImportObjPos.
func addTextLayer(objs map[string][]byte, templates map[string]string, lines []textLine, width, height float64) map[string]map[int]string {
	texts := make([][]rune, len(lines))
	for i, ln := range lines {
		texts[i] = ln.text
	}
	rtl, marked := orderLines(texts)
	font := newTextFont(marked)
	var b []byte
	num := func(v float64) {
		b = strconv.AppendFloat(b, v, 'f', 2, 64)
		b = append(b, ' ')
	}
	b = append(b, "BT 3 Tr\n"...)
	size := -1.0
	for i, ln := range lines {
		v := visualOrder(marked[i], rtl)
		if ln.size != size {
			size = ln.size
			b = append(b, "/T1 "...)
			num(size)
			b = append(b, "Tf\n"...)
		}
		slot := ln.w / float64(len(v))
		num(max(1, slot/(size*textFontWidth/textFontUnits)*100))
		b = append(b, "Tz\n"...)
		for k, c := range v {
			if c == ' ' { // a gap reads as a space
				continue
			}
			b = append(b, "1 0 0 1 "...)
			num(ln.x + float64(k)*slot)
			num(height - ln.y)
			b = fmt.Appendf(b, "Tm <%04X> Tj\n", font.glyph(c))
		}
	}
	b = append(b, "ET\n"...)
	form := withRefs(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources <</Font <</T1 %%s 0 R>>>>", width, height), keyTextFont)
	formRefs := make(map[int]string, len(form.refs))
	for off, k := range form.refs {
		formRefs[off+2] = k // streamObject opens the dictionary with "<<"
	}
	objs[keyTextForm] = streamObject(string(form.body), b)
	fontObjs := textFontObjects(font)
	objs[keyTextFont] = fontObjs.font.body
	objs[keyTextCIDFont] = fontObjs.cidFont.body
	objs[keyTextDescriptor] = fontObjs.descriptor.body
	objs[keyTextToUnicode] = streamObject("", font.toUnicode())
	objs[keyTextFontFile] = streamObject(fmt.Sprintf("/Length1 %d", len(font.file)), font.file)
	templates[textFormName] = keyTextForm
	return map[string]map[int]string{
		keyTextForm:       formRefs,
		keyTextFont:       fontObjs.font.refs,
		keyTextCIDFont:    fontObjs.cidFont.refs,
		keyTextDescriptor: fontObjs.descriptor.refs,
	}
}
